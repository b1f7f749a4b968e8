import { Readable } from 'node:stream';
import type { AddressObject, ParsedMail } from 'mailparser';
import { MAX_MESSAGE_LENGTH, formatBytes } from '@parley/protocol';
import type { Ctx } from '../../context';
import { sha256 } from '../../util/crypto';
import { DomainError, isDomainError } from '../../util/errors';
import { sendMessage } from '../messages';
import { storeUpload } from '../uploads';
import { cleanFileName } from '../file-rules';
import { stripReply } from './strip-reply';
import { dialogByToken, parseTokenAddress } from './threads';
import { markMessages } from './marks';

/** The biggest message accepted (SMTP SIZE and the webhook's body). */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export type InboundResult =
  | { kind: 'message'; dialogId: string; messageId: string; duplicate: boolean; flagged: boolean }
  | { kind: 'bounce'; dialogId: string }
  /** An out-of-office or other automatic answer: accepted, and dropped (never a visitor message). */
  | { kind: 'automatic'; dialogId: string };

/** RFC 3834 Auto-Submitted, and the older headers vacation responders still send. */
function automatic(mail: ParsedMail): boolean {
  const h = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v.toLowerCase() : '';
  };
  const auto = h('auto-submitted');
  return (auto !== '' && auto !== 'no') || h('x-autoreply') !== '' || h('x-autorespond') !== '' || /^(auto_reply|bulk|junk)$/.test(h('precedence'));
}

function addressesOf(a: AddressObject | AddressObject[] | undefined): string[] {
  if (!a) return [];
  return (Array.isArray(a) ? a : [a]).flatMap((x) => x.value.map((v) => v.address ?? '')).filter((x) => x !== '');
}

/** Our token address among the recipients: the SMTP envelope first, else the headers (forwarded mail). */
function tokenAddress(mail: ParsedMail, envelopeTo: readonly string[]): ReturnType<typeof parseTokenAddress> {
  const headerTo = [mail.headers.get('delivered-to'), mail.headers.get('x-original-to')].flatMap((h) => (typeof h === 'string' ? [h] : []));
  for (const a of [...envelopeTo, ...headerTo, ...addressesOf(mail.to), ...addressesOf(mail.cc)]) {
    const t = parseTokenAddress(a);
    if (t) return t;
  }
  return null;
}

/** Reads a whole mail, refusing one over the limit. */
export async function readLimited(body: Readable, limit = MAX_INBOUND_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    size += b.length;
    if (size > limit) {
      body.destroy();
      throw new DomainError('frame_too_large', { detail: 'the mail is larger than 25 MB', status: 413 });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * A mail to reply+<token>@…: the visitor's answer becomes a visitor message in that dialog
 * (quoted history and signature cut, attachments kept within the project's rules). One to
 * bounce+<token>@… is a delivery report: that dialog is mailed no more. An unknown or expired
 * token is refused (not_found / forbidden). A sender other than the visitor's address is not
 * trusted silently: the message carries an operator-only spoof flag (email_messages).
 */
export async function receiveMail(ctx: Ctx, raw: Buffer, envelope: { to: readonly string[]; from?: string } = { to: [] }): Promise<InboundResult> {
  // mailparser (and its encodings) loads with the first mail, not at every server start.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true });
  const addr = tokenAddress(mail, envelope.to);
  if (!addr) throw new DomainError('not_found', { detail: 'no reply address of this server among the recipients' });
  const row = await dialogByToken(ctx, addr.token);
  if (!row) throw new DomainError('not_found', { detail: 'unknown reply address' });
  if (addr.kind === 'bounce') {
    await ctx.db.updateTable('email_dialogs').set({ bounced_at: ctx.now(), reply_due_at: null }).where('dialog_id', '=', row.dialog_id).execute();
    ctx.log.info({ dialog: row.dialog_id }, 'mail to a visitor bounced: no more mail for this dialog');
    return { kind: 'bounce', dialogId: row.dialog_id };
  }
  if (row.expires_at < ctx.now()) throw new DomainError('forbidden', { detail: 'this reply address has expired' });
  if (automatic(mail)) return { kind: 'automatic', dialogId: row.dialog_id };
  const d = await ctx.db
    .selectFrom('dialogs')
    .innerJoin('visitors', 'visitors.id', 'dialogs.visitor_id')
    .select(['dialogs.project_id', 'dialogs.visitor_id', 'visitors.email', 'visitors.kind', 'visitors.erased_at'])
    .where('dialogs.id', '=', row.dialog_id)
    .executeTakeFirst();
  if (!d || d.erased_at !== null) throw new DomainError('not_found', { detail: 'unknown reply address' });
  const project = await ctx.projects.get(d.project_id);
  if (!project) throw new DomainError('not_found');

  const from = addressesOf(mail.from)[0] ?? envelope.from ?? '';
  const spoofed = !d.email || from.toLowerCase() !== d.email.toLowerCase();
  let text = stripReply(mail.text ?? '');
  const notes: string[] = [];
  const attachmentIds: string[] = [];
  for (const a of mail.attachments) {
    // Inline pictures of a signature or a quoted message are not the visitor's files.
    if (a.related) continue;
    const name = cleanFileName(a.filename ?? 'attachment');
    if (!project.settings.attachments.enabled) {
      notes.push(`(${name}: attachments are off)`);
      continue;
    }
    try {
      const r = await storeUpload(ctx, {
        projectId: d.project_id,
        body: Readable.from(a.content),
        declaredMime: a.contentType,
        name,
        limits: project.settings.attachments.limits,
        locale: project.settings.texts.defaultLocale,
        uploader: { kind: 'visitor', visitorId: d.visitor_id },
        ip: `mail:${from}`,
        contentLength: a.content.length,
      });
      attachmentIds.push(r.row.id);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      notes.push(`(${name}, ${formatBytes(a.content.length, 'en')}: not kept, ${err.code.replace(/_/g, ' ')})`);
    }
  }
  if (notes.length > 0) text = `${text}\n\n${notes.join('\n')}`;
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
  if (text.trim() === '' && attachmentIds.length === 0) throw new DomainError('message_empty');
  // The same mail delivered twice (a relay retrying) is one message.
  const clientId = `mail-${sha256(mail.messageId ?? raw.toString('base64'))
    .slice(0, 40)
    .replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const sender = {
    // Bound to this dialog: a reply reopens it in place, whatever kind the visitor is.
    projectId: d.project_id,
    visitorId: d.visitor_id,
    kind: 'verified' as const,
    visitorIds: [d.visitor_id],
    deviceId: null,
    channel: 'web' as const,
  };
  const r = await sendMessage(ctx, { kind: 'visitor', sender }, { clientId, text, attachments: attachmentIds });
  if (!r.duplicate) {
    // Operators see that it came by mail, and from whom when that is not the visitor's address
    // (a flag on the message, never in the text the visitor sees).
    await markMessages(ctx, r.ack.dialogId, [{ messageId: r.ack.messageId, direction: 'received', address: from, spoofed, expected: d.email }]);
    ctx.email.visitorWrote(r.ack.dialogId);
  }
  // Answering by mail means having read what was mailed.
  await ctx.db
    .updateTable('email_dialogs')
    .set({ visitor_read_seq: r.ack.seq })
    .where('dialog_id', '=', row.dialog_id)
    .where('visitor_read_seq', '<', r.ack.seq)
    .execute();
  return { kind: 'message', dialogId: r.ack.dialogId, messageId: r.ack.messageId, duplicate: r.duplicate, flagged: spoofed };
}
