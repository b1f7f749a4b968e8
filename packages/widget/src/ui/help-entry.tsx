/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import type { Props } from './store';
import { lazyChunk } from './lazy';
import { loadView } from './lazy-view';
import { hasHelp } from './help-open';

const suggestChunk = lazyChunk(() => import('./help-suggest'), 'the Help suggestions');

/**
 * The suggestions' place above the composer. Where the knowledge base has articles in the
 * visitor's language its first render asks for their chunk; once loaded, what was typed
 * meanwhile is searched.
 */
export function Suggestions({ p }: Props) {
  const View = p.ui.views.value.suggest;
  if (View) return <View p={p} />;
  if (hasHelp(p)) loadView(p, 'suggest', suggestChunk, true, (m) => (p.ui.suggest = m.suggest)(p, p.ui.text.peek()));
  return null;
}
