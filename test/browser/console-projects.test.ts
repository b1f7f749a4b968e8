import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, watchPage, type Browser } from '../browser-helper';
import {
  createOperator,
  loginOperator,
  openVisitorSocket,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { expectClean, openConsole, useConsoleEnv } from './console-support';

describeBrowser('console: projects', () => {
  const env = useConsoleEnv();
  let owner: OperatorClient;
  beforeAll(async () => {
    owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
  });

  it('the owner creates a project in settings; the switcher shows it with its unread count and switches to it', async () => {
    const { op, srv } = env;
    const { page } = op;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByLabel('Project name').fill('Second shop');
    await page.getByRole('button', { name: 'Create project' }).click();
    const switcher = page.getByRole('navigation', { name: 'Projects' });
    await switcher.getByRole('button', { name: /Second shop/ }).waitFor();
    const created = (await owner.get('/api/v1/operator/projects')).body.projects.find((p: { name: string }) => p.name === 'Second shop');
    // Creating selected it: the console now acts in the new project.
    await expect.poll(() => switcher.locator('[aria-current="true"]').textContent()).toContain('Second shop');

    // Back to the demo; a visitor writes on the second site: its count appears in the switcher.
    await switcher.getByRole('button', { name: /Parley demo/ }).click();
    await expect.poll(() => switcher.locator('[aria-current="true"]').textContent()).toContain('Parley demo');
    const v = await openVisitorSocket(srv.url, { project: created.id });
    await v.welcome;
    await sendMessage(v, 'hello from the second shop');
    await switcher.getByLabel('Second shop: 1 dialogs with unread messages').waitFor();

    // Switching shows that project's dialogs, and the settings are that project's.
    await switcher.getByRole('button', { name: /Second shop/ }).click();
    await page.getByRole('link', { name: /^New/ }).click();
    await page.getByText('hello from the second shop').waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Installation and identity' }).click();
    await page.getByText(`data-project="${created.id}"`, { exact: false }).waitFor();
    await v.close();
    expectClean(op);
  });

  it('rename and delete (typing the id to confirm)', async () => {
    const { op } = env;
    const { page } = op;
    const p = (await owner.post('/api/v1/operator/projects', { name: 'Doomed' })).body.project;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'Rename Doomed' }).click();
    await page.locator(`tr[data-project-id="${p.id}"] input`).fill('Doomed soon');
    await page.locator(`tr[data-project-id="${p.id}"]`).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Delete Doomed soon' }).waitFor();
    await page.getByRole('button', { name: 'Delete Doomed soon' }).click();
    const row = page.locator(`tr[data-project-id="${p.id}"]`);
    const confirm = row.getByRole('button', { name: 'Delete' });
    expect(await confirm.isDisabled()).toBe(true);
    await row.getByLabel('Id (in the embed code)').fill(p.id);
    await confirm.click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await owner.get('/api/v1/operator/projects')).body.projects.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expectClean(op);
  });

  it('an operator of one project sees no switcher and no project settings', async () => {
    const one = await createOperator(owner, { email: 'single@x.test', role: 'admin' });
    const s = await openConsole(env.browser, env.srv.url, 'single@x.test', 'operator-password-1');
    expect(await s.page.getByRole('navigation', { name: 'Projects' }).count()).toBe(0);
    await s.page.getByRole('link', { name: 'Settings' }).click();
    await s.page.getByRole('link', { name: 'Operators' }).waitFor();
    expect(await s.page.getByRole('link', { name: 'Projects' }).count()).toBe(0);
    expect(one.id).toBeTruthy();
    expectClean(s);
    await s.context.close();
  });
});

describeBrowser('console: first run and forgotten passwords (production server)', () => {
  let prod: RunningServer;
  let b: Browser;
  beforeAll(async () => {
    prod = await startServer({ production: true });
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await prod?.stop();
  });

  it('the setup link creates the owner and the first project and signs in; a second use is refused', async () => {
    const link = /(http:\/\/\S+\/console\/#\/setup\/[A-Za-z0-9_-]+)/.exec(prod.logs())![1]!;
    const context = await b.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Set up Parley' }).waitFor();
    await page.getByLabel('Your name').fill('Olga');
    await page.getByLabel('Email').fill('olga@example.com');
    await page.getByLabel('Password').fill('olga-password-1');
    await page.getByLabel('Project name').fill('My shop');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    const owner2 = await loginOperator(prod.url, 'olga@example.com', 'olga-password-1');
    expect((await owner2.get('/api/v1/operator/projects')).body.projects.map((p: { name: string }) => p.name)).toEqual(['My shop']);
    expect(problems.pageErrors).toEqual([]);
    await context.close();

    const again = await b.newContext({ locale: 'en-US' });
    const p2 = await again.newPage();
    await p2.goto(link);
    await p2.getByText('This server is already set up. Sign in.').waitFor();
    await again.close();
  });

  it('without mail the console says which command resets the password; the printed link sets it', async () => {
    const context = await b.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${prod.url}/console`);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('olga@example.com');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText('parley user reset-password olga@example.com').waitFor();

    const { runCli } = await import('../../packages/server/src/cli');
    const out: string[] = [];
    const code = await runCli(
      ['user', 'reset-password', 'olga@example.com'],
      { PARLEY_DATA_DIR: prod.dataDir, PARLEY_PUBLIC_URL: prod.url },
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        readStdin: async () => '',
      },
    );
    expect(code).toBe(0);
    const link = /(http:\/\/\S+\/console\/#\/reset\/[A-Za-z0-9_-]+)/.exec(out.join('\n'))![1]!;
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('olga-new-password');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText('Your password is set. Sign in with it.').waitFor();
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await page.getByLabel('Email').fill('olga@example.com');
    await page.getByLabel('Password').fill('olga-new-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await context.close();
  });
});
