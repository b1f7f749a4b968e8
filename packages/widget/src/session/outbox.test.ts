import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../core/storage';
import { createOutbox, type OutboxItem } from './outbox';

const m = (clientId: string, text = clientId): OutboxItem => ({ kind: 'message', clientId, text, attachments: [], at: 1 });

describe('createOutbox', () => {
  it('persists in order and survives a reload', async () => {
    const storage = memoryStorage();
    const a = createOutbox(storage, 'o:demo:anon');
    void a.add(m('aaaaaaaa1'));
    void a.add(m('aaaaaaaa2'));
    await a.add(m('aaaaaaaa3'));
    expect(a.items.value.map((i) => i.clientId)).toEqual(['aaaaaaaa1', 'aaaaaaaa2', 'aaaaaaaa3']);
    const b = createOutbox(storage, 'o:demo:anon');
    expect((await b.load()).map((i) => i.clientId)).toEqual(['aaaaaaaa1', 'aaaaaaaa2', 'aaaaaaaa3']);
  });

  it('removes by clientId without losing items another tab added', async () => {
    const storage = memoryStorage();
    const tab1 = createOutbox(storage, 'k');
    const tab2 = createOutbox(storage, 'k');
    await tab1.add(m('aaaaaaaa1'));
    await tab2.add(m('bbbbbbbb1'));
    await tab1.remove('aaaaaaaa1');
    expect(((await storage.get<OutboxItem[]>('k')) ?? []).map((i) => i.clientId)).toEqual(['bbbbbbbb1']);
    expect((await tab1.load()).map((i) => i.clientId)).toEqual(['bbbbbbbb1']);
  });

  it('keeps each identity apart and ignores junk in storage', async () => {
    const storage = memoryStorage();
    await storage.set('o:demo:u:1', [m('uuuuuuuu1'), { junk: true }, null]);
    const o = createOutbox(storage, 'o:demo:anon');
    await o.add(m('anonanon1'));
    expect((await o.use('o:demo:u:1')).map((i) => i.clientId)).toEqual(['uuuuuuuu1']);
    await o.add(m('uuuuuuuu2'));
    expect(((await storage.get<OutboxItem[]>('o:demo:anon')) ?? []).map((i) => i.clientId)).toEqual(['anonanon1']);
    expect(o.items.value.map((i) => i.clientId)).toEqual(['uuuuuuuu1', 'uuuuuuuu2']);
  });

  it('adding the same clientId twice keeps one item', async () => {
    const storage = memoryStorage();
    const o = createOutbox(storage, 'k');
    await o.add(m('aaaaaaaa1', 'first'));
    await o.add(m('aaaaaaaa1', 'again'));
    expect(await storage.get('k')).toEqual([m('aaaaaaaa1', 'again')]);
  });
});
