/**
 * The new part of an email reply: the quoted history below it (the "On … wrote:" line in its
 * en/fr/ru forms, Outlook's "-----Original Message-----" and From:/Sent: blocks, "> " lines) and
 * the signature ("-- " and "Sent from my phone" lines) are cut.
 */
const QUOTE_HEADER = [
  /^(on|le|am|el)\b.{3,300}\b(wrote|a écrit|schrieb|escribió)\s*:\s*$/i,
  /^.{3,300}\s(пишет|написал|написала|написал\(а\))\s*:\s*$/i,
  // Gmail in Russian and others: "вт, 3 мар. 2026 г. в 10:00, Acme <reply+…@…>:"
  /^.{3,300}<[^<>\s]+@[^<>\s]+>\s*:\s*$/,
  /^-{2,}\s*(original message|исходное сообщение|message d['’]origine|forwarded message|пересылаемое сообщение)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];
const OUTLOOK_FROM = /^(from|от|de)\s*:\s.+/i;
const OUTLOOK_NEXT = /^(sent|date|отправлено|дата|envoyé|to|кому|à|subject|тема|objet)\s*:\s/i;
const SIGNATURE = /^(--|-- |—)\s*$/;
const SENT_FROM = /^(sent from my|get outlook for|отправлено (с|из)|envoyé (de|depuis) mon)(\s|$)/i;

export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_HEADER.some((re) => re.test(line))) {
      end = i;
      break;
    }
    // "On Tue, 3 Mar 2026 at 10:00, Parley <reply+…>\nwrote:" wrapped over two lines.
    if (/^(on|le)\b/i.test(line) && QUOTE_HEADER[0]?.test(joined)) {
      end = i;
      break;
    }
    if (OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test((lines[i + 1] ?? '').trim())) {
      end = i;
      break;
    }
    if (SIGNATURE.test(lines[i] as string) && i > 0) {
      end = i;
      break;
    }
    if (line.startsWith('>')) {
      // A quote block that runs to the end is history; one in the middle is the visitor quoting.
      if (lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) {
        end = i;
        break;
      }
    }
  }
  const kept = lines.slice(0, end).filter((l) => !SENT_FROM.test(l.trim()));
  return kept
    .join('\n')
    .replace(/\s+$/, '')
    .replace(/^\s*\n/, '');
}
