import type { Widget } from '@parley/widget';
import type { ChatAdapter } from './contract';

/**
 * The multiwidget's view of a chat widget, through the widget's public API only. `openNow`: the
 * chat is already open (opened through the global API before the multiwidget followed it).
 */
export function adaptWidget(widget: Widget, openNow = false): ChatAdapter {
  let dialog: string | null = null;
  let open = openNow;
  const stops = [
    widget.on('message:sent', (m) => (dialog = m.dialogId)),
    widget.on('message:received', (m) => (dialog = m.dialogId)),
    widget.on('open', () => (open = true)),
    widget.on('close', () => (open = false)),
  ];
  return {
    open: () => widget.open(),
    close: () => widget.close(),
    onOpenChange(fn) {
      const a = widget.on('open', () => fn(true));
      const b = widget.on('close', () => fn(false));
      return () => {
        a();
        b();
      };
    },
    isOpen: () => open,
    dialogId: () => dialog,
    destroy: () => stops.forEach((s) => s()),
  };
}
