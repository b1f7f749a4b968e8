import { describe, it, expect } from 'vitest';
import type { ChannelSettings } from '@parley/protocol';
import type { ChannelEntry } from '../channels';
import { linkChannels } from './links';

const ch = (kind: ChannelSettings['kind'], extra: Partial<ChannelSettings> = {}): ChannelSettings => ({
  kind,
  enabled: true,
  target: '',
  passRef: false,
  qrOnDesktop: false,
  followSchedule: false,
  ...extra,
});
const entries = (list: ChannelSettings[]): ChannelEntry[] => list.map((settings, index) => ({ index, kind: settings.kind, settings }));

const ALL = entries([
  ch('chat'),
  ch('callback'),
  ch('telegram', { target: '@parley_bot', passRef: true }),
  ch('whatsapp', { target: '+7 999 123-45-67', text: 'Здравствуйте' }),
  ch('viber', { target: '+7 999 123 45 67' }),
  ch('vk', { target: 'parley', passRef: true }),
  ch('messenger', { target: 'whatshelp', passRef: true }),
  ch('email', { target: 'hello@example.com', text: 'Вопрос' }),
  ch('phone', { target: '+7 495 576-00-45' }),
  ch('link', { target: 'https://example.com/contacts' }),
]);

describe('linkChannels', () => {
  it('builds every link in the configured order', () => {
    expect(linkChannels(ALL, 'mobile', 'dlg1').map((c) => [c.index, c.kind, c.href, c.qr])).toEqual([
      [0, 'chat', null, false],
      [1, 'callback', null, false],
      [2, 'telegram', 'https://t.me/parley_bot?start=dlg1', false],
      [3, 'whatsapp', 'https://wa.me/79991234567?text=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D1%81%D1%82%D0%B2%D1%83%D0%B9%D1%82%D0%B5', false],
      [4, 'viber', 'viber://chat?number=%2B79991234567', false],
      [5, 'vk', 'https://vk.me/parley?ref=dlg1', false],
      [6, 'messenger', 'https://m.me/whatshelp?ref=dlg1', false],
      [7, 'email', 'mailto:hello@example.com?subject=%D0%92%D0%BE%D0%BF%D1%80%D0%BE%D1%81', false],
      [8, 'phone', 'tel:+74955760045', false],
      [9, 'link', 'https://example.com/contacts', false],
    ]);
  });

  it('passes the ref only to channels with passRef, and never without a ref', () => {
    const list = entries([ch('messenger', { target: 'whatshelp', passRef: false }), ch('vk', { target: 'parley', passRef: true })]);
    expect(linkChannels(list, 'mobile', 'dlg1').map((e) => e.href)).toEqual(['https://m.me/whatshelp', 'https://vk.me/parley?ref=dlg1']);
    expect(linkChannels(list, 'mobile', null).map((e) => e.href)).toEqual(['https://m.me/whatshelp', 'https://vk.me/parley']);
  });

  it('leaves out a link channel whose target cannot make a safe link', () => {
    const list = entries([ch('link', { target: 'javascript:alert(1)' }), ch('telegram', { target: '' }), ch('phone', { target: '+7 495 576 00 45' })]);
    expect(linkChannels(list, 'desktop', null).map((e) => [e.index, e.kind])).toEqual([[2, 'phone']]);
  });

  it('shows a QR code on desktop for Viber always and for others with qrOnDesktop; links elsewhere', () => {
    const list = entries([
      ch('viber', { target: '+79991234567' }),
      ch('whatsapp', { target: '+79991234567', qrOnDesktop: true }),
      ch('whatsapp', { target: '+79991234567' }),
      ch('telegram', { target: '@parley_support' }),
      ch('chat', { qrOnDesktop: true }),
    ]);
    const qr = (device: 'desktop' | 'mobile' | 'tablet') => linkChannels(list, device, null).map((e) => e.qr);
    expect(qr('desktop')).toEqual([true, true, false, false, false]);
    expect(qr('mobile')).toEqual([false, false, false, false, false]);
    expect(qr('tablet')).toEqual([false, false, false, false, false]);
  });
});
