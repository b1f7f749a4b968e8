import { checkChatParts } from '../generated/validators-chat';
import type { V } from '../core/check';
import type { ChatConfig } from '../core/config-types';

/**
 * The chat chunk's check of the config body (the loader checks only the launcher's parts until
 * this chunk is here). The parts only lazily loaded code reads (the offline and pre-chat forms,
 * greetings, the attachment limits) are checked here only as far as the launcher and the chat read
 * them (`enabled`), and passed on as they came: each is checked whole where it is read, its
 * validator in that chunk (a bad one is reported there and not used).
 */
export const checkWidgetConfig: V<ChatConfig> = (x) => {
  const { offlineForm, attachments, preChat, greetings } = x as ChatConfig;
  return { ...checkChatParts(x), offlineForm, attachments, preChat, greetings };
};
