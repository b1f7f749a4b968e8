import { defaultSchedule, type Locale, type PublicConfig } from '@parley/protocol';

/** A valid config body (without presence) for unit tests (not part of any bundle). */
export function testConfig(over: Partial<PublicConfig & { help: Locale[] }> = {}): PublicConfig & { help: Locale[] } {
  return {
    project: 'demo',
    name: 'Demo',
    texts: { defaultLocale: 'en', overrides: {} },
    schedule: defaultSchedule(),
    offlineForm: { enabled: true, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: true },
    pageFilter: { enabled: false, rules: '' },
    devices: [],
    attachments: { enabled: true, limits: { image: 5 << 20, video: 16 << 20, audio: 16 << 20, document: 100 << 20 } },
    appearance: { color: '#2563eb', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'auto' },
    rating: { enabled: true },
    sound: { enabled: true },
    preChat: { enabled: false, fields: { name: 'optional', email: 'optional', phone: 'off' }, consent: 'off', privacyUrl: '' },
    greetings: [],
    help: [],
    multiwidget: {
      enabled: false,
      button: { color: '#2563eb', position: 'bottom-right', offsetX: 20, offsetY: 20, pulse: false, callToAction: {}, callToActionDelaySeconds: 0 },
      channels: [],
    },
    ...over,
  };
}
