import type { Note } from '@parley/protocol';
import { formatClock } from '../lib/format';
import { useApp, useT } from './context';
import { RichText } from './rich-text';

/** An internal note: operators only, visibly different from messages. */
export function NoteItem({ note }: { note: Note }) {
  const { i18n } = useApp();
  const t = useT();
  return (
    <article class="note" data-note-id={note.id} aria-label={t('note.label')}>
      <header class="msg-meta">
        <span class="note-badge">{t('note.label')}</span>
        <span class="msg-author">{note.author.name}</span>
        <time dateTime={new Date(note.createdAt).toISOString()}>{formatClock(note.createdAt, i18n.locale.value)}</time>
      </header>
      <RichText class="msg-text" text={note.text} />
    </article>
  );
}
