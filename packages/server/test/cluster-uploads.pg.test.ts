/**
 * Uploads across nodes (issue 12): nodes on one database share one files directory
 * (PARLEY_FILES_DIR), so a file uploaded through node A downloads from node B with no sticky
 * sessions, under the same file rules; a node that would keep its files in a directory of its
 * own refuses to start with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginOperator, openVisitorSocket, startServer, uploadAsVisitor, type FrameSocket, type RunningServer } from './harness';
import { startTwoNodes, type TwoNodes } from './two-nodes';
import { png } from './fixtures';

let nodes: TwoNodes | undefined;
let a: RunningServer;
let b: RunningServer;
let env: Record<string, string>;
const sockets: FrameSocket[] = [];

beforeAll(async () => {
  nodes = await startTwoNodes();
  ({ a, b, env } = nodes);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await nodes?.stop();
});

describe('uploads on two nodes', () => {
  it('a file uploaded through node A downloads from node B, for the visitor and the operator', async () => {
    const v = await openVisitorSocket(a.url);
    sockets.push(v);
    const { token } = await v.welcome;
    const bytes = png(30, 20);
    const up = await uploadAsVisitor(a.url, token, bytes, { type: 'image/png', name: 'screen.png' });
    expect(up.status).toBe(201);
    const fileId = up.body.upload.id as string;
    // The same rules on every node: a type the server refuses is refused on B too.
    expect((await uploadAsVisitor(b.url, token, png(10, 10), { type: 'image/png', name: 'photo.exe' })).status).toBe(415);

    const own = await fetch(`${b.url}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const id = `att${Date.now().toString(36)}`;
    v.send({ type: 'message.send', clientId: id, text: 'with the file', attachments: [fileId] });
    await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
    const owner = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
    const op = await fetch(`${b.url}/api/v1/files/${fileId}`, { headers: { cookie: owner.cookie } });
    expect(op.status).toBe(200);
    expect(Buffer.from(await op.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a node whose files directory is not the shared one refuses to start and says why', async () => {
    const own = mkdtempSync(join(tmpdir(), 'parley-own-files-'));
    try {
      const err = await startServer({ env: { ...env, PARLEY_FILES_DIR: own } }).then(
        (s) => s.stop().then(() => null),
        (e: unknown) => String(e),
      );
      expect(err).toMatch(/server exited with 2/);
      expect(err).toMatch(/parley: cannot start: the files directory .* is not the one this database's files are in/);
      expect(err).toContain('PARLEY_FILES_DIR');
      // Left out (the data dir by default): the same refusal.
      const { PARLEY_FILES_DIR: _, ...noDir } = env;
      expect(
        await startServer({ env: noDir }).then(
          (s) => s.stop().then(() => null),
          (e: unknown) => String(e),
        ),
      ).toMatch(/cannot start: the files directory/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }, 120_000);
});
