import { browserRequired, chromiumAvailable, CHROMIUM_PATH, SKIP_BANNER } from '../browser-helper';

// Runs once before the browser project: one loud line when Chromium is missing, or a hard failure in CI.
export default function setup(): void {
  if (chromiumAvailable()) return;
  if (browserRequired()) throw new Error(`Browser tests require Chromium at ${CHROMIUM_PATH} (CI=true). Install: apt-get install -y chromium`);
  console.warn(SKIP_BANNER);
}
