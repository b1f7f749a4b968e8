import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { ProjectSettingsSchema, type ProjectSettings } from '@parley/protocol';
import type { Db } from './storage/open';
import { searchText } from './storage/open';
import { randomId } from './util/crypto';
import { hashPassword } from './auth/password';
import { defaultProjectSettings } from './settings';
import { insertOperator } from './storage/operators';
import { projectRow } from './storage/projects';
import { insertTemplate } from './storage/templates';
import { getMeta, setMetaOnce } from './storage/meta';
import { insertNewProject } from './services/workspace';
import { lockForTransaction } from './storage/cluster/leases';

export const DEMO_PROJECT = 'demo';
export const DEMO_OWNER_EMAIL = 'owner@parley.local';
const CREDENTIALS_FILE = 'demo-credentials.txt';
/** server_meta key naming the project seedDemo created: the only one the demo signer signs for. */
const DEMO_MARK = 'demo_project';

export { DEMO_USERS } from '@parley/protocol';

/** The project seedDemo created in this data dir, if any (a project a user created is never it). */
export function seededDemoProject(db: Db): Promise<string | null> {
  return getMeta(db, DEMO_MARK);
}

function markDemo(db: Db): Promise<void> {
  return setMetaOnce(db, DEMO_MARK, DEMO_PROJECT);
}

export interface DemoCredentials {
  project: string;
  email: string;
  password: string;
  created: boolean;
}

function demoSettings(): ProjectSettings {
  const base = defaultProjectSettings(DEMO_PROJECT, 'Parley demo', 'en');
  return v.parse(ProjectSettingsSchema, {
    ...base,
    schedule: { ...base.schedule, alwaysOn: true },
    offlineForm: {
      enabled: true,
      fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' },
      requireContact: true,
    },
    multiwidget: {
      enabled: true,
      button: {
        color: '#2563eb',
        position: 'bottom-right',
        offsetX: 20,
        offsetY: 20,
        pulse: true,
        callToAction: { en: 'Questions? We are here', ru: 'Есть вопросы? Мы на связи', fr: 'Des questions ? Nous sommes là' },
        callToActionDelaySeconds: 5,
      },
      channels: [
        { kind: 'chat', enabled: true, target: '' },
        { kind: 'callback', enabled: true, target: '' },
        { kind: 'telegram', enabled: true, target: 'parley_demo_bot', passRef: true, qrOnDesktop: true },
        { kind: 'whatsapp', enabled: true, target: '+15550100200', text: 'Hello! I have a question', passRef: true, qrOnDesktop: true },
        { kind: 'viber', enabled: true, target: '+15550100200' },
        { kind: 'vk', enabled: true, target: 'parley_demo' },
        { kind: 'messenger', enabled: true, target: 'parleydemo' },
        { kind: 'email', enabled: true, target: 'support@parley.example', text: 'Question from the website' },
        { kind: 'phone', enabled: true, target: '+15550100200', followSchedule: true },
        { kind: 'link', enabled: true, target: 'https://parley.example/help', label: { en: 'Help center', ru: 'Центр помощи', fr: "Centre d'aide" } },
      ],
    },
  });
}

const TEMPLATES: { title: string; text: string; shortcut: string }[] = [
  { title: 'Greeting', text: 'Hello! How can I help you today?', shortcut: 'hello' },
  { title: 'Приветствие', text: 'Здравствуйте! Чем могу помочь?', shortcut: 'privet' },
  { title: 'One moment', text: 'One moment please, I am checking this for you.', shortcut: 'wait' },
  { title: 'Минутку', text: 'Одну минуту, уточняю информацию.', shortcut: 'minutku' },
  { title: 'Goodbye', text: 'Thank you for contacting us. Have a nice day!', shortcut: 'bye' },
  { title: 'Прощание', text: 'Спасибо за обращение! Хорошего дня!', shortcut: 'poka' },
];

/**
 * First run: the demo project, its owner (password from PARLEY_OWNER_PASSWORD or random) and a few
 * templates. The password is kept in <dataDir>/demo-credentials.txt so later starts print it again.
 */
export async function seedDemo(db: Db, dataDir: string, now: number, password?: string): Promise<DemoCredentials> {
  const file = join(dataDir, CREDENTIALS_FILE);
  const existing = await projectRow(db, DEMO_PROJECT);
  if (existing) {
    const saved = await readFile(file, 'utf8').catch(() => '');
    // Data dirs seeded before the mark existed: the credentials file is written only by the seed.
    if (saved.startsWith(`project: ${DEMO_PROJECT}\n`)) await markDemo(db);
    const pw = /^password: (.*)$/m.exec(saved)?.[1] ?? '(see the first start, or reset it in the console)';
    return { project: DEMO_PROJECT, email: DEMO_OWNER_EMAIL, password: pw, created: false };
  }
  const pw = password && password.length >= 8 ? password : randomId(12);
  const settings = demoSettings();
  const passwordHash = await hashPassword(pw);
  // Several nodes may start at once on one new PostgreSQL database: one seeds, the others wait
  // for it here and then find the project (one lock, released when the transaction ends).
  const created = await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, 'seed');
    if (await projectRow(trx, DEMO_PROJECT)) return false;
    await insertOperator(trx, {
      id: randomId(),
      email: DEMO_OWNER_EMAIL,
      name: 'Demo Owner',
      password_hash: passwordHash,
      status: 'online',
      avatar_file: null,
      workspace_role: 'owner',
      created_at: now,
      deleted_at: null,
    });
    await insertNewProject(trx, { id: DEMO_PROJECT, name: settings.name, locale: 'en', now, settings: JSON.stringify(settings) });
    for (const t of TEMPLATES) {
      await insertTemplate(trx, {
        id: randomId(),
        project_id: DEMO_PROJECT,
        title: t.title,
        text: t.text,
        shortcut: t.shortcut,
        search: searchText(t.title, t.text, t.shortcut),
        created_at: now,
        updated_at: now,
      });
    }
    await markDemo(trx);
    return true;
  });
  if (!created) return seedDemo(db, dataDir, now, password);
  await writeFile(file, `project: ${DEMO_PROJECT}\nemail: ${DEMO_OWNER_EMAIL}\npassword: ${pw}\n`, { mode: 0o600 });
  return { project: DEMO_PROJECT, email: DEMO_OWNER_EMAIL, password: pw, created: true };
}
