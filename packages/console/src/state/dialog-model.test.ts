import { describe, expect, it, vi } from 'vitest';
import { S, type Timeline } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';
import { ApiFailure } from '../api/http';
import { createDialogModel } from './dialog-model';
import { message, summary } from './test-fixtures';

function timeline(messages = [message('a', 2)], cursor = 2): Timeline {
  return { dialogId: 'd1', messages, notes: [], events: [{ kind: 'opened', seq: 1, at: 1 }], visitorEvents: [], mail: [], cursor, hasMore: false };
}
const detail = {
  dialog: summary('d1'),
  visitor: { kind: 'anonymous' as const, userId: null, name: null, email: null, phone: null, firstSeenAt: 1 },
  customParams: {},
  pages: [],
  referrer: null,
  ip: null,
  devices: [],
  previousDialogs: [],
};

function setup(api: Partial<OperatorApi>) {
  const onSummary = vi.fn();
  const onGone = vi.fn();
  const model = createDialogModel({
    api: { dialog: async () => detail, timeline: async () => timeline(), ...api } as OperatorApi,
    id: 'd1',
    onSummary,
    onGone,
    errorText: (e) => (e instanceof ApiFailure ? e.code : 'error'),
    now: () => 100,
  });
  return { model, onSummary, onGone };
}

describe('dialog model', () => {
  it('loads the detail and timeline and reports the summary', async () => {
    const { model, onSummary } = setup({});
    await model.load();
    expect(model.loading.value).toBe(false);
    expect(model.timeline.value.cursor).toBe(2);
    expect(onSummary).toHaveBeenCalledWith(detail.dialog);
  });

  it('shows a send as pending until the server answers, and keeps failed ones for retry', async () => {
    let fail = true;
    const send = vi.fn(async (_id: string, body: { clientId: string; text: string }) => {
      if (fail) throw new ApiFailure('network', 'down', 0);
      return message('b', 3, { author: { kind: 'operator', id: 'op1' }, clientId: body.clientId, text: body.text });
    });
    const { model } = setup({ send });
    await model.load();
    await expect(model.send('hello', [])).rejects.toThrow();
    expect(model.pending.value).toHaveLength(1);
    expect(model.pending.value[0]!.error).toBe('network');
    fail = false;
    const clientId = model.pending.value[0]!.clientId;
    await model.retry(clientId);
    expect(send.mock.calls[1]![1].clientId).toBe(clientId);
    expect(model.pending.value).toEqual([]);
    expect(model.timeline.value.messages.map((m) => m.text)).toEqual(['ma', 'hello']);
  });

  it('refetches when live events skip a seq', async () => {
    const tl = vi.fn(async () => timeline());
    const { model } = setup({ timeline: tl });
    await model.load();
    model.applyEvent({ type: S.MessageNew, dialogId: 'd1', seq: 3, message: message('b', 3) });
    expect(tl).toHaveBeenCalledTimes(1);
    model.applyEvent({ type: S.MessageNew, dialogId: 'd1', seq: 6, message: message('e', 6) });
    await vi.waitFor(() => expect(tl).toHaveBeenCalledTimes(2));
  });

  it('tells when the dialog is no longer visible to this operator', async () => {
    const { model, onGone } = setup({
      dialog: async () => {
        throw new ApiFailure('not_found', 'gone', 404);
      },
    });
    await model.load();
    expect(model.loadError.value).toBe('not_found');
    expect(onGone).toHaveBeenCalled();
  });

  it('prepends a live page view to the pages', async () => {
    const { model } = setup({});
    await model.load();
    model.visitorPage({ url: 'https://a.test/x', title: 'X' }, 50);
    expect(model.detail.value?.pages[0]).toEqual({ url: 'https://a.test/x', title: 'X', at: 50 });
  });
});

describe('dialog model and live events racing a load', () => {
  it('replays events that arrived while the timeline request was on its way', async () => {
    let release: (v: unknown) => void = () => undefined;
    const gate = new Promise((r) => {
      release = r;
    });
    const { model } = setup({
      timeline: async () => {
        await gate;
        return timeline();
      },
    });
    const loading = model.load();
    model.applyEvent({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: message('a', 2) });
    model.applyEvent({ type: S.MessageNew, dialogId: 'd1', seq: 3, message: message('b', 3) });
    model.noteArrived({ id: 'n1', dialogId: 'd1', author: { id: 'op2', name: 'Anna' }, text: 'hi', createdAt: 5 });
    release(null);
    await loading;
    expect(model.timeline.value.messages.map((m) => m.id)).toEqual(['a', 'b']);
    expect(model.timeline.value.cursor).toBe(3);
    expect(model.timeline.value.notes).toHaveLength(1);
  });
});
