/**
 * Problem alerts with an injected clock (issue 16): "nobody online during working hours" fires on
 * a change into that state, at most once per 30 minutes per project, never outside working hours
 * or with someone online; each alert is an alert.raised webhook, and mail to the team address
 * when mail is configured. The server runs in-process so its clock is ours; nothing sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchedule, type Presence } from '@parley/protocol';
import { createServer, type ParleyServer } from '../src/app';
import { seedDemo } from '../src/seed';
import { nobodyOnlineDue, NOBODY_ONLINE_EVERY_MS } from '../src/services/webhooks/alerts';
import { createEndpoint } from '../src/services/webhooks/endpoints';

// Monday 2026-11-30 10:00 UTC: inside Mon–Fri 09:00–18:00 (UTC).
const MONDAY_10 = Date.UTC(2026, 10, 30, 10, 0);
const SATURDAY_10 = Date.UTC(2026, 11, 5, 10, 0);
const schedule = { ...defaultSchedule('UTC'), alwaysOn: false };
const nobody: Presence = { operatorsOnline: false, scheduleOpen: true, nextChange: null };
const someone: Presence = { operatorsOnline: true, scheduleOpen: true, nextChange: null };

let t = MONDAY_10;
let dir: string;
let server: ParleyServer;

async function alertsOf(kind: string) {
  return server.ctx.db.selectFrom('alerts').selectAll().where('project_id', '=', 'demo').where('kind', '=', kind).orderBy('created_at').execute();
}

/** Lets the fire-and-forget check and the mail queueing finish (no timers involved). */
async function settle() {
  await server.ctx.integrations.idle();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-alerts-'));
  server = await createServer({
    dataDir: dir,
    port: 0,
    clock: () => t,
    retentionJob: false,
    geoip: false,
    logLevel: 'silent',
    smtpUrl: 'smtp://127.0.0.1:9',
    webhooks: { allow: ['127.0.0.1'] },
  });
  await seedDemo(server.ctx.db, dir, t);
  const row = await server.ctx.db.selectFrom('projects').select('settings').where('id', '=', 'demo').executeTakeFirstOrThrow();
  const settings = JSON.parse(row.settings);
  settings.schedule = schedule;
  settings.email = { ...settings.email, teamAddress: 'team@example.test' };
  await server.ctx.db
    .updateTable('projects')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', 'demo')
    .execute();
  server.ctx.projects.changed('demo');
  await createEndpoint(server.ctx, server.ctx.integrations.allow, 'demo', { url: 'http://127.0.0.1:9/hook', events: ['alert.raised'] });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('nobodyOnlineDue (the rule)', () => {
  it('needs working hours, nobody online and 30 minutes since the last one', () => {
    const s = { schedule };
    expect(nobodyOnlineDue(s, nobody, null, MONDAY_10)).toBe(true);
    expect(nobodyOnlineDue(s, someone, null, MONDAY_10)).toBe(false);
    expect(nobodyOnlineDue(s, nobody, null, SATURDAY_10)).toBe(false);
    expect(nobodyOnlineDue(s, nobody, null, Date.UTC(2026, 10, 30, 8, 59))).toBe(false);
    expect(nobodyOnlineDue(s, nobody, MONDAY_10, MONDAY_10 + NOBODY_ONLINE_EVERY_MS - 1)).toBe(false);
    expect(nobodyOnlineDue(s, nobody, MONDAY_10, MONDAY_10 + NOBODY_ONLINE_EVERY_MS)).toBe(true);
    expect(nobodyOnlineDue({ schedule: { ...schedule, alwaysOn: true } }, nobody, null, SATURDAY_10)).toBe(true);
  });
});

describe('nobody online during working hours', () => {
  it('fires on presence changes, at most once per 30 minutes, and is sent and mailed', async () => {
    const integ = server.ctx.integrations;
    const before = (await alertsOf('nobody_online')).length;
    // Whatever state came first (start-up) is where we begin; now someone is online.
    integ.presenceChanged('demo', someone);
    await settle();
    t = MONDAY_10;
    integ.presenceChanged('demo', nobody);
    await settle();
    let list = await alertsOf('nobody_online');
    expect(list).toHaveLength(before + 1);
    expect(Number(list.at(-1)!.created_at)).toBe(MONDAY_10);

    // Back and gone again ten minutes later: no second alert.
    t = MONDAY_10 + 10 * 60_000;
    integ.presenceChanged('demo', someone);
    integ.presenceChanged('demo', nobody);
    await settle();
    expect(await alertsOf('nobody_online')).toHaveLength(before + 1);

    // 31 minutes after the first: a new one.
    t = MONDAY_10 + 31 * 60_000;
    integ.presenceChanged('demo', someone);
    integ.presenceChanged('demo', nobody);
    await settle();
    list = await alertsOf('nobody_online');
    expect(list).toHaveLength(before + 2);
    expect(Number(list.at(-1)!.created_at)).toBe(MONDAY_10 + 31 * 60_000);

    // Saturday: out of hours (the schedule, not the caller's flag, decides).
    t = SATURDAY_10;
    integ.presenceChanged('demo', someone);
    integ.presenceChanged('demo', nobody);
    await settle();
    expect(await alertsOf('nobody_online')).toHaveLength(before + 2);

    // Each alert is an alert.raised delivery and one mail to the team address.
    const events = await server.ctx.db.selectFrom('webhook_events').select(['body']).where('type', '=', 'alert.raised').execute();
    const ids = events.map((e) => JSON.parse(e.body).data.alert.id);
    for (const a of list.slice(before)) expect(ids).toContain(a.id);
    const mails = await server.ctx.db.selectFrom('email_outbox').selectAll().where('kind', '=', 'alert').execute();
    expect(mails.map((m) => m.to_addr)).toEqual(list.slice(before).map(() => 'team@example.test'));
    expect(JSON.parse(mails[0]!.mail).subject).toMatch(/nobody is online|нет операторов|aucun opérateur/);
  });
});
