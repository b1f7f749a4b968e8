/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import { linkify } from '@parley/protocol';

/** Message text as text; only http, https and mailto links become anchors. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((p, i) =>
        'href' in p ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer">
            {p.text}
          </a>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
