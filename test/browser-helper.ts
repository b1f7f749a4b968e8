import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * One way to start Chromium for every browser test. Debian's chromium, driven by playwright-core
 * (`npx playwright install` cannot download browsers on these machines).
 */
export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** In CI (CI=true) or with PARLEY_REQUIRE_BROWSER=1 a missing Chromium fails the run instead of skipping. */
export function browserRequired(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1' || process.env.PARLEY_REQUIRE_BROWSER === '1';
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export const SKIP_BANNER =
  `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: Chromium not found at ${CHROMIUM_PATH}.\n` +
  `!! Install it with:  apt-get install -y chromium   (or set PARLEY_CHROMIUM=/path/to/chromium)\n` +
  `!! With CI=true or PARLEY_REQUIRE_BROWSER=1 this is a failure, not a skip.\n${'!'.repeat(78)}\n`;

/**
 * `describe` for browser tests: runs when Chromium is present, fails when it is required and
 * missing, and otherwise skips with a loud banner.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable()) {
    describe(name, fn);
    return;
  }
  if (browserRequired()) throw new Error(`Chromium is required (CI) but missing at ${CHROMIUM_PATH}`);
  console.warn(SKIP_BANNER);
  describe.skip(name, fn);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Collects what a page reports: console errors, uncaught exceptions, CSP and Trusted Types violations. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  await page.exposeFunction('__parleyReportViolation', (v: string) => problems.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __parleyReportViolation: (v: string) => void }).__parleyReportViolation;
      report(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return problems;
}

/** User agents for device emulation, as real devices send them. */
export const USER_AGENTS = {
  desktopChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  desktopOpera: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0',
  iPhoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6.1 Mobile/15E148 Safari/604.1',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
} as const;

export const DEVICES: Record<'desktop' | 'mobile' | 'tablet', BrowserContextOptions> = {
  desktop: { userAgent: USER_AGENTS.desktopChrome, viewport: { width: 1280, height: 800 } },
  mobile: { userAgent: USER_AGENTS.iPhoneSafari, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
  tablet: { userAgent: USER_AGENTS.iPad, viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

export type { Browser, BrowserContext, Page };
