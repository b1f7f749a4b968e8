import { useComputed } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { DeviceRecord } from '@parley/protocol';
import { mergeTimeline } from '../lib/timeline';
import { visitorName } from '../lib/format';
import type { DialogModel } from '../state/dialog-model';
import { useApp, useT, useWorkspace } from './context';
import { MessageItem } from './message-item';
import { PendingItem } from './pending-item';
import { NoteItem } from './note-item';
import { EventItem } from './event-item';
import { VisitorEventItem } from './visitor-event-item';
import { DayDivider } from './day-divider';

const NEAR_BOTTOM_PX = 80;

/** The conversation: messages, notes and events in order; new items are announced (role=log). */
export function TimelineView({ model }: { model: DialogModel }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const prevHeight = useRef(0);
  const items = useComputed(() => mergeTimeline(model.timeline.value, model.pending.value));
  const devices = useComputed(() => new Map<string, DeviceRecord>((model.detail.value?.devices ?? []).map((d) => [d.id, d])));
  const meId = ws.session.me.value?.id;
  const d = model.detail.value;
  const visitor = d ? visitorName(d.visitor, i18n.locale.value) : t('message.visitor');
  const list = items.value;
  const closed = (ws.lists.byId.value.get(model.id) ?? d?.dialog)?.status === 'closed';

  // Stay at the bottom while the operator is there; keep the position when older items load above.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (stick.current) el.scrollTop = el.scrollHeight;
    else if (el.scrollHeight > prevHeight.current && el.scrollTop < NEAR_BOTTOM_PX) el.scrollTop += el.scrollHeight - prevHeight.current;
    prevHeight.current = el.scrollHeight;
  }, [list]);

  return (
    <div
      class="timeline"
      ref={box}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t('timeline.label')}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      }}
    >
      {model.timeline.value.hasMore && (
        <button type="button" class="btn small more" disabled={model.loadingOlder.value} onClick={() => void model.loadOlder()}>
          {t('timeline.older')}
        </button>
      )}
      {list.map((item) => {
        switch (item.kind) {
          case 'day':
            return <DayDivider key={item.key} at={item.at} />;
          case 'message':
            return (
              <MessageItem
                key={item.key}
                model={model}
                message={item.message}
                device={item.message.deviceId ? devices.value.get(item.message.deviceId) : undefined}
                mine={item.message.author.kind === 'operator' && item.message.author.id === meId}
                visitor={visitor}
                closed={closed}
              />
            );
          case 'pending':
            return <PendingItem key={item.key} model={model} pending={item.pending} />;
          case 'note':
            return <NoteItem key={item.key} note={item.note} />;
          case 'event':
            return <EventItem key={item.key} event={item.event} />;
          case 'visitor-event':
            return <VisitorEventItem key={item.key} event={item.event} />;
        }
      })}
    </div>
  );
}
