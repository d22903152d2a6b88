/**
 * Headless chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core,
 * pages that record every error (uncaught, console, failed request), and where screenshots go.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { type Generation, GENERATIONS } from './generations';

export const ROOT = join(__dirname, '..');
/** `npm run screenshots` writes the README's screenshots to docs/; plain test runs leave the tree clean. */
export const SCREENSHOTS = join(ROOT, process.env.FLOWMETER_SCREENSHOTS_DIR ?? '.tmp/screenshots');

/** Assets Grafana's own server has that @grafana/ui does not ship (the spinner icon, the Inter font). */
const GRAFANA_ASSETS = /^\/public\/(build\/img\/icons|fonts)\//;

/**
 * Where a generation's screenshots go: the first generation's (Grafana 12, the README's) to
 * SCREENSHOTS, the others' always under .tmp/.
 */
export function screenshotsOf(generation: Generation): string {
  const dir = generation === GENERATIONS[0] ? SCREENSHOTS : join(ROOT, '.tmp', 'screenshots', generation.name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Throws unless the plugin and every generation's harness page are built. */
export function requireBuilt(): void {
  for (const built of ['dist/module.js', ...GENERATIONS.map((generation) => `${generation.out}/harness.js`)]) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build and node browser/build.mjs (scripts/test.sh does)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught errors, console errors and failed requests of the page: none expected (those assets aside). */
  errors: string[];
}

export async function openWatchedPage(browser: Browser, viewport: { width: number; height: number }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !GRAFANA_ASSETS.test(new URL(response.url()).pathname)) errors.push(`${response.status()} ${response.url()}`);
  });
  return { page, errors };
}
