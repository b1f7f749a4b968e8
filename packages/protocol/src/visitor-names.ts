import type { Locale } from './locales';

/**
 * Readable names for visitors who did not say who they are ("Blue Fox from Lyon"): the same
 * visitor always gets the same name (a hash of their id picks it), in the operator's language,
 * with the adjective agreeing with the animal's gender where the language needs it.
 */
type Gender = 'm' | 'f';
interface Colour {
  en: string;
  ru: { m: string; f: string };
  fr: { m: string; f: string };
}
interface Animal {
  en: string;
  ru: [string, Gender];
  fr: [string, Gender];
}

const COLOURS: readonly Colour[] = [
  { en: 'Blue', ru: { m: 'Синий', f: 'Синяя' }, fr: { m: 'bleu', f: 'bleue' } },
  { en: 'Green', ru: { m: 'Зелёный', f: 'Зелёная' }, fr: { m: 'vert', f: 'verte' } },
  { en: 'Red', ru: { m: 'Красный', f: 'Красная' }, fr: { m: 'rouge', f: 'rouge' } },
  { en: 'Golden', ru: { m: 'Золотой', f: 'Золотая' }, fr: { m: 'doré', f: 'dorée' } },
  { en: 'Silver', ru: { m: 'Серебряный', f: 'Серебряная' }, fr: { m: 'argenté', f: 'argentée' } },
  { en: 'Purple', ru: { m: 'Фиолетовый', f: 'Фиолетовая' }, fr: { m: 'violet', f: 'violette' } },
  { en: 'Orange', ru: { m: 'Оранжевый', f: 'Оранжевая' }, fr: { m: 'orange', f: 'orange' } },
  { en: 'White', ru: { m: 'Белый', f: 'Белая' }, fr: { m: 'blanc', f: 'blanche' } },
  { en: 'Black', ru: { m: 'Чёрный', f: 'Чёрная' }, fr: { m: 'noir', f: 'noire' } },
  { en: 'Grey', ru: { m: 'Серый', f: 'Серая' }, fr: { m: 'gris', f: 'grise' } },
  { en: 'Amber', ru: { m: 'Янтарный', f: 'Янтарная' }, fr: { m: 'ambré', f: 'ambrée' } },
  { en: 'Coral', ru: { m: 'Коралловый', f: 'Коралловая' }, fr: { m: 'corail', f: 'corail' } },
];

const ANIMALS: readonly Animal[] = [
  { en: 'Fox', ru: ['лис', 'm'], fr: ['Renard', 'm'] },
  { en: 'Owl', ru: ['сова', 'f'], fr: ['Chouette', 'f'] },
  { en: 'Bear', ru: ['медведь', 'm'], fr: ['Ours', 'm'] },
  { en: 'Otter', ru: ['выдра', 'f'], fr: ['Loutre', 'f'] },
  { en: 'Wolf', ru: ['волк', 'm'], fr: ['Loup', 'm'] },
  { en: 'Lynx', ru: ['рысь', 'f'], fr: ['Lynx', 'm'] },
  { en: 'Hare', ru: ['заяц', 'm'], fr: ['Lièvre', 'm'] },
  { en: 'Swan', ru: ['лебедь', 'm'], fr: ['Cygne', 'm'] },
  { en: 'Heron', ru: ['цапля', 'f'], fr: ['Héron', 'm'] },
  { en: 'Badger', ru: ['барсук', 'm'], fr: ['Blaireau', 'm'] },
  { en: 'Squirrel', ru: ['белка', 'f'], fr: ['Écureuil', 'm'] },
  { en: 'Dolphin', ru: ['дельфин', 'm'], fr: ['Dauphin', 'm'] },
  { en: 'Turtle', ru: ['черепаха', 'f'], fr: ['Tortue', 'f'] },
  { en: 'Falcon', ru: ['сокол', 'm'], fr: ['Faucon', 'm'] },
  { en: 'Panda', ru: ['панда', 'f'], fr: ['Panda', 'm'] },
  { en: 'Koala', ru: ['коала', 'f'], fr: ['Koala', 'm'] },
];

/** FNV-1a: small, stable across runtimes, good enough to spread ids over the tables. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** "Blue Fox", "Синий лис", "Renard bleu": stable for a seed (the visitor's id). */
export function generatedVisitorName(seed: string, locale: Locale): string {
  const h = hash(seed);
  const colour = COLOURS[h % COLOURS.length] as Colour;
  const animal = ANIMALS[Math.floor(h / COLOURS.length) % ANIMALS.length] as Animal;
  switch (locale) {
    case 'ru':
      return `${colour.ru[animal.ru[1]]} ${animal.ru[0]}`;
    case 'fr':
      return `${animal.fr[0]} ${colour.fr[animal.fr[1]]}`;
    default:
      return `${colour.en} ${animal.en}`;
  }
}

/**
 * The generated name with where the visitor is: "Blue Fox from Lyon", "Renard bleu de Lyon",
 * "d'Orléans"; Russian puts the city after a dot ("Синий лис · Лион"), since "из" would need the
 * city's genitive, which a database name does not give.
 */
export function generatedVisitorLabel(seed: string, locale: Locale, city?: string | null): string {
  const name = generatedVisitorName(seed, locale);
  const place = city?.replace(/\s*\(.*\)\s*$/, '').trim();
  if (!place) return name;
  switch (locale) {
    case 'ru':
      return `${name} · ${place}`;
    case 'fr':
      return /^[aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÄÉÈÊËÎÏÔÖÛÜ]/.test(place) ? `${name} d’${place}` : `${name} de ${place}`;
    default:
      return `${name} from ${place}`;
  }
}

export interface NameableVisitor {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  userId: string | null;
  location?: { city: string | null } | null;
}

/** How operators see a visitor: what they told us (name, email, phone, user id), else the generated label. */
export function visitorDisplayName(v: NameableVisitor, locale: Locale): string {
  const told = v.name?.trim() || v.email?.trim() || v.phone?.trim() || v.userId?.trim();
  return told || generatedVisitorLabel(v.id, locale, v.location?.city ?? null);
}
