import { describe, expect, it } from 'vitest';
import { CHANNEL_TEXTS, CHANNEL_TEXT_IDS, channelText } from './channels';
import { backoffDelay } from './backoff';
import { LOCALES } from './locales';

describe('channel texts', () => {
  it("are the SupHelper document's, word for word, in ru", () => {
    expect(CHANNEL_TEXTS.ru.phoneThanks).toBe('Спасибо за предоставленный номер. Теперь вы можете написать ваш запрос.');
    expect(CHANNEL_TEXTS.ru.phoneManual).toBe('Требуется ручная верификация номера');
    expect(CHANNEL_TEXTS.ru.phoneRefusedOperator).toBe('Клиент отказался предоставить номер');
    expect(CHANNEL_TEXTS.ru.phoneRefusedClient).toBe(
      'Вы отказались от предоставления номера, консультация будет продолжена как с неавторизованным пользователем',
    );
    expect(CHANNEL_TEXTS.ru.phoneRequired).toBe('Для продолжения консультации вы должны предоставить номер или отказаться от предоставления номера');
    expect(CHANNEL_TEXTS.ru.cannotShow).toBe('Текущее сообщение не может быть отображено. Вы можете ознакомиться с этим сообщением в другом канале связи');
    expect(CHANNEL_TEXTS.ru.unsupportedFile).toBe('Данный тип файла не поддерживается. Ваше сообщение не доставлено');
    expect(CHANNEL_TEXTS.ru.systemHeading).toBe('системное сообщение');
  });

  it('exist in every locale, with the same placeholders', () => {
    for (const l of LOCALES) {
      for (const id of CHANNEL_TEXT_IDS) {
        expect(CHANNEL_TEXTS[l][id], `${l}.${id}`).toBeTruthy();
        expect(CHANNEL_TEXTS[l][id].match(/\{\w+\}/g)?.sort(), `${l}.${id}`).toEqual(CHANNEL_TEXTS.ru[id].match(/\{\w+\}/g)?.sort());
      }
    }
    expect(channelText('en', 'phoneShared', { phone: '+33612345678', code: '33' })).toBe(
      'The client shared their phone number: +33612345678 (country code +33)',
    );
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with 50–100 % jitter', () => {
    const rule = { baseMs: 20, capMs: 100 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, () => 1, rule))).toEqual([20, 40, 80, 100, 100]);
    expect(backoffDelay(1, () => 0, rule)).toBe(20);
    expect(backoffDelay(10_000, () => 1)).toBe(30_000);
  });
});
