import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openVisitorSocket, projectSecret, sendMessage, sign, startServer, uploadAsVisitor, type RunningServer } from './harness';
import { png } from './fixtures';

const DAY = 86_400_000;
let srv: RunningServer | undefined;
afterAll(async () => {
  await srv?.stop();
});

/** Writes a dialog with a file and a note at the server's current (shifted) clock. */
async function dialogWithFile(url: string, text: string, identity?: Record<string, unknown>) {
  const v = await openVisitorSocket(url, identity ? { identity } : {});
  const token = (await v.welcome).token as string;
  const up = await uploadAsVisitor(url, token, png(8, 8), { type: 'image/png', name: 'x.png' });
  expect(up.status).toBe(201);
  const id = clientId();
  v.send({ type: 'message.send', clientId: id, text, attachments: [up.body.upload.id] });
  const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
  await v.close();
  return { token, dialogId: ack.dialogId as string, fileId: up.body.upload.id as string };
}

describe('retention', () => {
  it('deletes messages, files, notes and inactive dialogs older than the retention period (365 days), and keeps newer ones', async () => {
    srv = await startServer({ env: { PARLEY_CLOCK_OFFSET_MS: String(-400 * DAY) } });
    let owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const secret = await projectSecret(owner);
    const user = `loyal-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user) };

    // 400 days ago: an anonymous dialog and the first message of a signed-in user.
    const old = await dialogWithFile(srv.url, 'four hundred days ago');
    await owner.post(`/api/v1/operator/dialogs/${old.dialogId}/notes`, { text: 'old note' });
    const oldVerified = await dialogWithFile(srv.url, 'verified, long ago', identity);

    // 100 days ago: another anonymous dialog, and the same user writes again.
    await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(-100 * DAY) });
    const recent = await dialogWithFile(srv.url, 'one hundred days ago');
    const recentVerified = await dialogWithFile(srv.url, 'verified, recently', identity);
    expect(recentVerified.dialogId).toBe(oldVerified.dialogId);
    const files = () => readdirSync(join(srv!.dataDir, 'files'));
    expect(files()).toEqual(expect.arrayContaining([old.fileId, oldVerified.fileId, recent.fileId, recentVerified.fileId]));

    // Today: the start-up job purges.
    await srv.restart({});
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    expect((await owner.get(`/api/v1/operator/dialogs/${old.dialogId}`)).status).toBe(404);
    expect(existsSync(join(srv.dataDir, 'files', old.fileId))).toBe(false);
    expect(existsSync(join(srv.dataDir, 'files', oldVerified.fileId))).toBe(false);
    expect(files().sort()).toEqual([recent.fileId, recentVerified.fileId].sort());

    const kept = await owner.get(`/api/v1/operator/dialogs/${recent.dialogId}/timeline`);
    expect(kept.body.messages.map((m: any) => m.text)).toEqual(['one hundred days ago']);
    const continuing = await owner.get(`/api/v1/operator/dialogs/${oldVerified.dialogId}/timeline`);
    expect(continuing.body.messages.map((m: any) => m.text)).toEqual(['verified, recently']);
    expect(continuing.body.messages[0].attachments[0].id).toBe(recentVerified.fileId);

    // The purged anonymous visitor is gone with its token: a new visitor, nothing of the old dialog.
    const back = await openVisitorSocket(srv.url, { token: old.token });
    const w = await back.welcome;
    expect(w.dialog).toBeNull();
    expect(w.token).not.toBe(old.token);
    await back.close();
    // The signed-in user sees the kept part of their history.
    const me = await openVisitorSocket(srv.url, { identity });
    await me.welcome;
    const batch = await me.next('history.batch');
    expect(batch.messages.map((m: any) => m.text)).toEqual(['verified, recently']);
    expect((await sendMessage(me, 'still the same dialog')).dialogId).toBe(oldVerified.dialogId);
    await me.close();
  });
});
