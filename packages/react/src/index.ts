/**
 * @parley/react: the Parley chat in a React app.
 *
 *   <ParleyChat project="demo" server="https://chat.example.com" identity={user && { id: user.id, signature: user.parleySignature }}>
 *     <App />
 *   </ParleyChat>
 *
 *   const { open, unread } = useParley();
 *
 * The widget is created in an effect (so never during server rendering, and once after React
 * StrictMode's extra mount and unmount) and destroyed when <ParleyChat> unmounts.
 */
import { createContext, createElement, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createWidget } from '@parley/widget';
import { createChatBinding, INITIAL_STATE, type ChatBinding, type ChatMethods, type ChatProps, type ChatState } from '@parley/widget/internal';

export type { ChatProps, ChatState, CustomParams } from '@parley/widget/internal';
export type { EventProps, IdentifyInput, Locale, Widget, WidgetEventMap, WidgetEventName, WidgetOptions } from '@parley/widget';

export interface ParleyChatProps extends ChatProps {
  /** Components below may call useParley(). */
  children?: ReactNode;
}

/** What useParley() returns: the chat's state, and methods that work from the first render. */
export interface ParleyApi extends ChatState, ChatMethods {}

const ParleyContext = createContext<ChatBinding | null>(null);

/**
 * The chat: one widget while mounted. Options apply live (`project`, `server` and `name` make a
 * new widget); `identity` signs the visitor in (null signs out); `customParams` replaces the set
 * operators see.
 */
export function ParleyChat({ children, ...props }: ParleyChatProps): ReactNode {
  const [binding] = useState(() => createChatBinding(createWidget));
  useEffect(() => {
    binding.mount(props);
    return () => binding.unmount();
    // Once per mount (props of the first render); prop changes go through update() below.
  }, [binding]);
  // After every render: update() compares with what it applied and changes only what differs.
  useEffect(() => binding.update(props));
  return createElement(ParleyContext.Provider, { value: binding }, children);
}

const serverState = () => INITIAL_STATE;

/** The chat of the nearest <ParleyChat> above: state (ready, isOpen, unread) and methods. */
export function useParley(): ParleyApi {
  const binding = useContext(ParleyContext);
  if (!binding) throw new Error('useParley() needs a <ParleyChat> above this component');
  const state = useSyncExternalStore(binding.subscribe, binding.getState, serverState);
  return useMemo(
    () => ({ ...state, open: binding.open, close: binding.close, toggle: binding.toggle, event: binding.event, on: binding.on, widget: binding.widget }),
    [binding, state],
  );
}
