import { describe, it, expect } from 'vitest';
import { defaultSchedule, type ChannelSettings } from '@parley/protocol';
import { NO_RULES, needsRules, visibleChannels as visible, type ChannelsConfig, type ChannelsContext } from './channels';
import { pageRules, scheduleRules } from './rules';

const rules = { ...pageRules, ...scheduleRules };

const visibleChannels = (c: ChannelsConfig, x: ChannelsContext) => visible(c, x, rules);

// 2026-01-05 is a Monday. Moscow is UTC+3 all year: 09:00-18:00 there is 06:00-15:00 UTC.
const MON_NOON_MSK = Date.UTC(2026, 0, 5, 9);
const MON_NIGHT_MSK = Date.UTC(2026, 0, 5, 20);

const ch = (kind: ChannelSettings['kind'], extra: Partial<ChannelSettings> = {}): ChannelSettings => ({
  kind,
  enabled: true,
  target: '',
  passRef: false,
  qrOnDesktop: false,
  followSchedule: false,
  ...extra,
});

function config(channels: ChannelSettings[], extra: Partial<ChannelsConfig> = {}): ChannelsConfig {
  return {
    multiwidget: {
      enabled: true,
      button: { color: '#1a73e8', position: 'bottom-right', offsetX: 20, offsetY: 20, pulse: true, callToAction: {}, callToActionDelaySeconds: 0 },
      channels,
    },
    schedule: { ...defaultSchedule('Europe/Moscow'), alwaysOn: false },
    pageFilter: { enabled: false, rules: '' },
    devices: [],
    offlineForm: { enabled: true, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: false },
    ...extra,
  };
}
const ctx = (extra: Partial<ChannelsContext> = {}): ChannelsContext => ({
  url: 'https://shop.example.com/catalog/windows',
  device: 'desktop',
  now: MON_NOON_MSK,
  ...extra,
});
const kinds = (c: ChannelsConfig, x: ChannelsContext) => visibleChannels(c, x).channels.map((e) => e.kind);

const ALL: ChannelSettings[] = [
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
];

describe('visibleChannels', () => {
  it('keeps the configured order', () => {
    const { channels, nextChange } = visibleChannels(config(ALL), ctx({ device: 'mobile' }));
    expect(channels.map((c) => [c.index, c.kind])).toEqual(ALL.map((c, i) => [i, c.kind]));
    expect(channels[3]?.settings).toBe(ALL[3]);
    expect(nextChange).toBeNull();
  });

  it('shows nothing when the multiwidget is off, and skips disabled channels', () => {
    const c = config(ALL);
    expect(visibleChannels({ ...c, multiwidget: { ...c.multiwidget, enabled: false } }, ctx()).channels).toEqual([]);
    expect(kinds(config([ch('chat', { enabled: false }), ch('callback')]), ctx())).toEqual(['callback']);
  });

  it('applies each channel page filter (with ! exclusions)', () => {
    const c = config([
      ch('callback', { pageFilter: { enabled: true, rules: '/catalog/*\n!/catalog/sale' } }),
      ch('phone', { target: '+74955760045', pageFilter: { enabled: true, rules: '/contacts' } }),
      ch('email', { target: 'a@example.com', pageFilter: { enabled: false, rules: '/nowhere' } }),
    ]);
    expect(kinds(c, ctx({ url: 'https://shop.example.com/catalog/windows' }))).toEqual(['callback', 'email']);
    expect(kinds(c, ctx({ url: 'https://shop.example.com/catalog/sale' }))).toEqual(['email']);
    expect(kinds(c, ctx({ url: 'https://shop.example.com/contacts/' }))).toEqual(['phone', 'email']);
  });

  it('applies each channel device filter', () => {
    const c = config([
      ch('phone', { target: '+74955760045', devices: ['mobile', 'tablet'] }),
      ch('callback', { devices: ['desktop'] }),
      ch('email', { target: 'a@example.com', devices: [] }),
    ]);
    expect(kinds(c, ctx({ device: 'desktop' }))).toEqual(['callback', 'email']);
    expect(kinds(c, ctx({ device: 'mobile' }))).toEqual(['phone', 'email']);
  });

  it('hides followSchedule channels outside working hours and reports when that changes', () => {
    const c = config([
      ch('callback', { followSchedule: true }),
      ch('phone', { target: '+74955760045', followSchedule: true }),
      ch('email', { target: 'a@example.com' }),
    ]);
    const day = visibleChannels(c, ctx({ now: MON_NOON_MSK }));
    expect(day.channels.map((e) => e.kind)).toEqual(['callback', 'phone', 'email']);
    expect(day.nextChange).toBe(Date.UTC(2026, 0, 5, 15));
    const night = visibleChannels(c, ctx({ now: MON_NIGHT_MSK }));
    expect(night.channels.map((e) => e.kind)).toEqual(['email']);
    expect(night.nextChange).toBe(Date.UTC(2026, 0, 6, 6));
    // "Show at any time" ignores the ranges.
    const always = config(c.multiwidget.channels, { schedule: { ...c.schedule, alwaysOn: true } });
    expect(kinds(always, ctx({ now: MON_NIGHT_MSK }))).toEqual(['callback', 'phone', 'email']);
  });

  it('offers the chat like the chat itself: its placement, and off-hours only with the offline form or an open dialog', () => {
    const chat = [ch('chat'), ch('callback')];
    expect(kinds(config(chat, { pageFilter: { enabled: true, rules: '!/catalog/*' } }), ctx())).toEqual(['callback']);
    expect(kinds(config(chat, { devices: ['mobile'] }), ctx({ device: 'desktop' }))).toEqual(['callback']);
    const noForm = config(chat, { offlineForm: { ...config([]).offlineForm, enabled: false } });
    expect(kinds(noForm, ctx({ now: MON_NOON_MSK }))).toEqual(['chat', 'callback']);
    expect(visibleChannels(noForm, ctx({ now: MON_NOON_MSK })).nextChange).toBe(Date.UTC(2026, 0, 5, 15));
    expect(kinds(noForm, ctx({ now: MON_NIGHT_MSK }))).toEqual(['callback']);
    expect(kinds(noForm, ctx({ now: MON_NIGHT_MSK, hasOpenDialog: true }))).toEqual(['chat', 'callback']);
    expect(kinds(config(chat), ctx({ now: MON_NIGHT_MSK }))).toEqual(['chat', 'callback']);
  });
});

describe('needsRules and NO_RULES', () => {
  const always = { ...defaultSchedule('Europe/Moscow'), alwaysOn: true };
  const offForm = { ...config([]).offlineForm, enabled: false };
  const pf = { enabled: true, rules: '/catalog/*\n!/catalog/sale' };
  const cases: [string, ChannelsConfig, { page: boolean; schedule: boolean }][] = [
    ['plain channels, hours ignored', config(ALL, { schedule: always }), { page: false, schedule: false }],
    ['plain channels, timed schedule nobody follows, offline form on', config(ALL), { page: false, schedule: false }],
    ['a channel page filter', config([ch('callback', { pageFilter: pf })], { schedule: always }), { page: true, schedule: false }],
    [
      'a disabled channel page filter',
      config([ch('callback', { pageFilter: { enabled: false, rules: '/a' } })], { schedule: always }),
      { page: false, schedule: false },
    ],
    ['a page filter on a disabled channel', config([ch('callback', { enabled: false, pageFilter: pf })]), { page: false, schedule: false }],
    ['followSchedule with a timed schedule', config([ch('phone', { target: '+74955760045', followSchedule: true })]), { page: false, schedule: true }],
    [
      'followSchedule with "show at any time"',
      config([ch('phone', { target: '+74955760045', followSchedule: true })], { schedule: always }),
      { page: false, schedule: false },
    ],
    ["chat with the chat's page filter", config([ch('chat')], { schedule: always, pageFilter: pf }), { page: true, schedule: false }],
    ['chat, timed schedule, no offline form', config([ch('chat')], { offlineForm: offForm }), { page: false, schedule: true }],
    ['chat, always on, no offline form', config([ch('chat')], { offlineForm: offForm, schedule: always }), { page: false, schedule: false }],
    ['callback only with the chat page filter', config([ch('callback')], { schedule: always, pageFilter: pf }), { page: false, schedule: false }],
    ['both', config([ch('callback', { pageFilter: pf, followSchedule: true })]), { page: true, schedule: true }],
  ];
  it.each(cases)('%s -> %j', (_name, c, needed) => {
    expect(needsRules(c)).toEqual(needed);
  });
  it('gives the same answer as the real rules wherever a part is not needed', () => {
    const urls = ['https://shop.example.com/catalog/a', 'https://shop.example.com/catalog/sale', 'http://other.example/'];
    const devices = ['desktop', 'tablet', 'mobile'] as const;
    const times = [MON_NOON_MSK, MON_NIGHT_MSK, Date.UTC(2026, 0, 10, 12)];
    let compared = 0;
    for (const [, c, needed] of cases) {
      const partial = { ...NO_RULES, ...(needed.page ? pageRules : {}), ...(needed.schedule ? scheduleRules : {}) };
      for (const url of urls)
        for (const device of devices)
          for (const now of times)
            for (const hasOpenDialog of [false, true]) {
              const x = { url, device, now, hasOpenDialog };
              expect(visible(c, x, partial)).toEqual(visible(c, x, rules));
              compared++;
            }
    }
    expect(compared).toBe(cases.length * 54);
  });
});
