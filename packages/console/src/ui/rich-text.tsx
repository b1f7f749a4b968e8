import { linkify } from '@parley/protocol';

/** Visitor or operator text: always rendered as text nodes; http(s) URLs become safe links. */
export function RichText({ text, class: cls }: { text: string; class?: string }) {
  return (
    <p class={cls}>
      {linkify(text).map((p, i) =>
        p.href ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.text}
          </a>
        ) : (
          p.text
        ),
      )}
    </p>
  );
}
