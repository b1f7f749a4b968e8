import type { DeviceIcon } from '@parley/protocol';

// 24×24 outline glyphs, drawn with currentColor so they follow the theme.
const PATHS: Readonly<Record<DeviceIcon, string>> = {
  desktop: 'M3 4h18v12H3z M8 20h8 M12 16v4',
  tablet: 'M5 3h14v18H5z M11 18h2',
  mobile: 'M7 2h10v20H7z M11 19h2',
  android: 'M6 10a6 6 0 0 1 12 0v8H6z M8 4l1.5 2.5 M16 4l-1.5 2.5 M9.5 9.5h.01 M14.5 9.5h.01 M3.5 11v5 M20.5 11v5',
  ios: 'M15 3c-1.5.2-3 1.6-3 3.3 1.6.1 3-1.3 3-3.3z M12 7.5c-1 0-2-.7-3.2-.7C6.5 6.8 5 8.8 5 11.6 5 15.4 7.4 21 9.5 21c1 0 1.5-.6 2.5-.6s1.5.6 2.5.6c1.6 0 3.2-3 3.7-4.8-1.7-.7-2.7-2.2-2.7-3.9 0-1.6.9-2.9 2.2-3.6-.8-1.2-2.1-1.9-3.4-1.9-1.2 0-2 .7-2.8.7z',
  windows: 'M3 5.5 10.5 4.5v7H3z M12 4.3 21 3v8.5h-9z M3 12.5h7.5v7L3 18.5z M12 12.5h9V21l-9-1.3z',
  telegram: 'M21 4 3 11l6 2 2 6 3-4 5 4z M9 13l9-7',
  whatsapp: 'M4 20l1.3-4A8 8 0 1 1 8 18.7z M9 8.5c0 3.5 3 6.5 6.5 6.5l1-1.5-2-1-1 1c-1.3-.6-2.4-1.7-3-3l1-1-1-2z',
};

export function DeviceGlyph({ icon }: { icon: DeviceIcon }) {
  return (
    <svg class="glyph" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[icon]} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
