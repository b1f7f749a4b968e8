import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Io } from './common';
import { createServer } from '../app';
import { seedDemo } from '../seed';
import { ensureSetupToken, setupLink, setupNeeded, SETUP_FILE } from '../services/setup';
import { acquirePidFile } from './pid-file';

/**
 * Runs the server until SIGTERM/SIGINT. Demo mode seeds the demo and serves the example pages;
 * production seeds nothing and, until someone has set it up, prints a one-time setup link.
 */
export async function serve(cfg: Config, io: Io): Promise<number> {
  const releasePid = await acquirePidFile(cfg.dataDir);
  const offset = cfg.clockOffsetMs;
  const {
    staticFiles,
    examplesDir,
    distDir,
    ownerPassword: _pw,
    clockOffsetMs: _offset,
    projectQuotaMb,
    uploadTtlMinutes,
    helloDeadlineMs,
    helloPendingPerIp,
    replyDomain,
    inboundSmtpPort,
    inboundSmtpHost,
    inboundToken,
    mailReplyDelayMs,
    mailAlertIntervalMs,
    mailRetryMs,
    mailTickMs,
    telegramApiUrl,
    whatsappApiUrl,
    channelRetryMs,
    channelRetryCapMs,
    telegramPollSeconds,
    whatsappWindowMs,
    webhookAllow,
    webhookRetryMs,
    webhookRetryCapMs,
    webhookLogDays,
    ...serverOptions
  } = cfg;
  const server = await createServer({
    ...serverOptions,
    mail: {
      replyDomain,
      inboundSmtpPort,
      inboundSmtpHost: inboundSmtpHost ?? cfg.host,
      inboundToken,
      replyDelayMs: mailReplyDelayMs,
      alertIntervalMs: mailAlertIntervalMs,
      retryMs: mailRetryMs,
      tickMs: mailTickMs,
    },
    storage: { projectQuotaBytes: projectQuotaMb * 1024 * 1024, unattachedUploadTtlMs: uploadTtlMinutes * 60_000 },
    hello: { deadlineMs: helloDeadlineMs, perIp: helloPendingPerIp },
    channels: {
      telegramApiUrl,
      whatsappApiUrl,
      retryBaseMs: channelRetryMs,
      retryCapMs: channelRetryCapMs,
      pollSeconds: telegramPollSeconds,
      whatsappWindowMs,
    },
    webhooks: { allow: webhookAllow, retryBaseMs: webhookRetryMs, retryCapMs: webhookRetryCapMs, logDays: webhookLogDays },
    clock: offset ? () => Date.now() + offset : Date.now,
    // The example pages are the demo's; production serves the bundles and the console only.
    staticDirs: staticFiles ? { dist: distDir, examples: cfg.demo && existsSync(examplesDir) ? examplesDir : undefined } : {},
  });
  const demo = cfg.demo ? await seedDemo(server.ctx.db, cfg.dataDir, server.ctx.now(), cfg.ownerPassword ?? undefined) : null;
  if (demo?.created) server.ctx.projects.changed(demo.project);
  const url = await server.listen();
  const base = cfg.publicUrl ?? url;

  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.out(`${signal}: shutting down (draining ${cfg.drainMs} ms, then closing connections)`);
      server.shutdown().then(
        (finished) => {
          if (!finished) io.err(`parley: in-flight work did not finish within ${cfg.shutdownTimeoutMs} ms`);
          resolve(finished ? 0 : 1);
        },
        (err: unknown) => {
          io.err(String(err instanceof Error ? err.stack : err));
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

  const lines = ['', `Parley is running at ${url}`];
  if (demo) {
    lines.push(
      `  Examples:  ${url}/`,
      `  Console:   ${url}/console`,
      `  Widget:    ${url}/widget.js   Multiwidget: ${url}/multiwidget.js`,
      `  API docs:  ${url}/api/v1/openapi.json`,
      `  Login:     ${demo.email}`,
      `  Password:  ${demo.password}`,
    );
  } else {
    lines.push(`  Console:   ${base}/console`, `  API docs:  ${base}/api/v1/openapi.json`);
    if (await setupNeeded(server.ctx.db)) {
      const t = await ensureSetupToken(cfg.dataDir, server.ctx.now());
      lines.push('', '  First run: nothing is set up yet.');
      // The link is printed once, when its token is made; later starts say where it is kept.
      if (t.created) lines.push(`  Set it up (link valid 24 h, once): ${setupLink(base, t.token)}`);
      else lines.push(`  Use the setup link printed at the first start (its token is in ${join(cfg.dataDir, SETUP_FILE)}).`);
      lines.push('  Or on this machine: parley setup --email you@example.com --name "Your Name" --project "Your site"');
    }
  }
  lines.push(`  Data:      ${cfg.dataDir}`, '');
  io.out(lines.join('\n'));
  const code = await stopped;
  await releasePid();
  return code;
}
