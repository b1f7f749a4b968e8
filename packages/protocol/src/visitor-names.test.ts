import { describe, expect, it } from 'vitest';
import { generatedVisitorLabel, generatedVisitorName, visitorDisplayName } from './visitor-names';

describe('visitor names', () => {
  it('is stable per visitor and differs between visitors', () => {
    expect(generatedVisitorName('vis_abc', 'en')).toBe(generatedVisitorName('vis_abc', 'en'));
    const names = new Set(Array.from({ length: 200 }, (_, i) => generatedVisitorName(`v${i}`, 'en')));
    expect(names.size).toBeGreaterThan(100);
  });

  it('agrees the adjective with the animal in Russian and French', () => {
    const ru = Array.from({ length: 300 }, (_, i) => generatedVisitorName(`v${i}`, 'ru'));
    expect(ru.some((n) => /^Синяя сова$/.test(n) || /ая (сова|выдра|рысь|цапля|белка|черепаха|панда|коала)$/.test(n))).toBe(true);
    expect(ru.every((n) => !/ый (сова|выдра|рысь|цапля|белка|черепаха|панда|коала)$/.test(n))).toBe(true);
    const fr = Array.from({ length: 300 }, (_, i) => generatedVisitorName(`v${i}`, 'fr'));
    expect(fr.every((n) => !/^(Chouette|Loutre|Tortue) (bleu|vert|doré|argenté|violet|blanc|noir|gris|ambré)$/.test(n))).toBe(true);
  });

  it('says where the visitor is, in the way of each language', () => {
    const seed = 'same-visitor';
    expect(generatedVisitorLabel(seed, 'en', 'Lyon')).toBe(`${generatedVisitorName(seed, 'en')} from Lyon`);
    expect(generatedVisitorLabel(seed, 'fr', 'Lyon')).toBe(`${generatedVisitorName(seed, 'fr')} de Lyon`);
    expect(generatedVisitorLabel(seed, 'fr', 'Orléans')).toBe(`${generatedVisitorName(seed, 'fr')} d’Orléans`);
    expect(generatedVisitorLabel(seed, 'ru', 'Moscow (Tsentralnyy administrativnyy okrug)')).toBe(`${generatedVisitorName(seed, 'ru')} · Moscow`);
    expect(generatedVisitorLabel(seed, 'en', null)).toBe(generatedVisitorName(seed, 'en'));
  });

  it('prefers what the visitor told us', () => {
    const base = { id: 'v1', name: null, email: null, phone: null, userId: null };
    expect(visitorDisplayName({ ...base, name: ' Anna ' }, 'en')).toBe('Anna');
    expect(visitorDisplayName({ ...base, email: 'a@b.c' }, 'en')).toBe('a@b.c');
    expect(visitorDisplayName({ ...base, location: { city: 'Paris' } }, 'en')).toMatch(/ from Paris$/);
  });
});
