import { describe, expect, it } from 'vitest';
import { stripReply } from './strip-reply';

describe('stripReply', () => {
  it('cuts the quoted history of common mail programs in en, fr and ru', () => {
    expect(stripReply('Thanks, that works!\n\nOn Tue, 3 Mar 2026 at 10:00, Acme <reply+abc@x.test> wrote:\n> Try turning it off\n> and on')).toBe(
      'Thanks, that works!',
    );
    expect(stripReply('Merci !\r\n\r\nLe mar. 3 mars 2026 à 10:00, Acme <reply+abc@x.test> a écrit :\r\n> Bonjour')).toBe('Merci !');
    expect(stripReply('Спасибо!\n\nвт, 3 мар. 2026 г. в 10:00, Acme <reply+abc@x.test>:\n\n28.11.2026, 19:37, "Acme" пишет:\n> Здравствуйте')).toBe('Спасибо!');
    expect(stripReply('Да\n\n28.11.2026, 19:37, "Acme" пишет:\n> Здравствуйте')).toBe('Да');
    expect(stripReply('Yes please\n\n-----Original Message-----\nFrom: Acme\nSent: today\n\nHello')).toBe('Yes please');
    expect(stripReply('Yes please\n\nFrom: Acme <reply+abc@x.test>\nSent: Tuesday\nTo: me\n\nHello')).toBe('Yes please');
    expect(stripReply('Sure\n\nOn Tue, 3 Mar 2026 at 10:00, Acme <reply+abc@x.test>\nwrote:\n> hi')).toBe('Sure');
  });

  it('cuts signatures and "sent from my phone", keeps quotes in the middle', () => {
    expect(stripReply('Call me at 5\n-- \nJohn Smith\nACME Corp')).toBe('Call me at 5');
    expect(stripReply('Ok\n\nSent from my iPhone')).toBe('Ok');
    expect(stripReply('Ok\n\nОтправлено с iPhone')).toBe('Ok');
    expect(stripReply('> you said it costs 5\nIs that with tax?\n> and ships Monday\nGreat')).toBe(
      '> you said it costs 5\nIs that with tax?\n> and ships Monday\nGreat',
    );
  });

  it('leaves a plain message alone', () => {
    expect(stripReply('Hello,\n\nthe order number is 42.\n')).toBe('Hello,\n\nthe order number is 42.');
  });
});
