/**
 * @jest-environment node
 *
 * The built plugin (dist/module.js) in headless chromium, loaded the way Grafana loads it (AMD,
 * shared libraries provided by the host), once with each Grafana generation's shared libraries
 * (browser/generations.json: Grafana 12.4 with React 18, Grafana 13.2 with React 19): settings
 * and "Save & test", kind switching, queries against the real service rendered with @grafana/ui's
 * Table. Screenshots: see screenshotsOf.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWatchedPage, requireBuilt, screenshotsOf } from './chromium';
import { GENERATIONS } from './generations';
import { startHarnessServer, type HarnessServer } from './server';
import { READ_TOKEN, testServices } from '../src/test/flowmeterService';
import { WEEK } from '../src/test/dataset';

jest.setTimeout(60_000);

describe.each(GENERATIONS)('$label', (generation) => {
  let browser: Browser;
  let server: HarnessServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    requireBuilt();
    const { url } = testServices();
    server = await startHarnessServer({ serviceUrl: url, readToken: READ_TOKEN, generation });
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await openWatchedPage(browser, { width: 1200, height: 900 }));
    await page.goto(`${server.url}/?service=${encodeURIComponent(url)}&from=${WEEK.from}&to=${WEEK.to}`);
    await page.locator('#flowmeter-kind').waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`the plugin did not render: ${pageErrors.join('; ')} ${await page.locator('[data-testid=load-error]').textContent().catch(() => '')}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  test('the page runs the generation\'s own React and @grafana/ui', async () => {
    const packages = join(__dirname, '..', generation.packages, 'node_modules');
    const versionOf = (name: string) => JSON.parse(readFileSync(join(packages, name, 'package.json'), 'utf8')).version as string;
    const running = await page.evaluate(() => ({ ...document.documentElement.dataset }));
    expect(running).toMatchObject({ react: versionOf('react'), grafana: versionOf('@grafana/ui') });
    expect(Number(running.react!.split('.')[0])).toBe(generation.name === 'grafana13' ? 19 : 18);
  });

  async function chooseOption(inputSelector: string, option: string | RegExp) {
    await page.locator(inputSelector).click();
    await page.getByRole('option', { name: option }).first().click();
  }

  test('the config editor shows the settings; Save & test is the plugin backend\'s health check, through Grafana\'s API', async () => {
    await expect(page.locator('#connection-url').inputValue()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(page.locator('#flowmeter-readToken').inputValue()).resolves.toBe('configured');
    await page.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('status').textContent()).resolves.toBeDefined();
    await page.getByText(/answers; its embedded store .* is up; 3 project\(s\)\./).waitFor();
  });

  test('kind switching and a CI workflows query rendered as a table', async () => {
    await chooseOption('#flowmeter-kind', /CI workflows/);
    await chooseOption('#flowmeter-projectSlug', 'gh/acme/api');
    const frame = page.getByTestId('frame-workflows');
    await frame.waitFor();
    await expect(frame.locator('h4').textContent()).resolves.toBe('workflows (2 rows)');
    await expect(frame.getByText('build-test')).toBeTruthy();
    await frame.getByText('nightly').waitFor();
    expect((await page.screenshot({ path: join(screenshotsOf(generation), 'plugin-query-editor.png'), fullPage: true })).length).toBeGreaterThan(10_000);
  });

  test('builds per day for two projects chosen from the projects lookup', async () => {
    await chooseOption('#flowmeter-kind', /^Builds/);
    await chooseOption('#flowmeter-projects', 'payments'); // the multi-select stays open
    await page.getByRole('option', { name: 'search' }).first().click();
    await page.keyboard.press('Escape');
    const done = page.locator('[data-testid=status][data-kind=done]');
    await done.and(page.locator('[data-query*=\'"projects":["payments","search"]\']')).waitFor();
    await expect(done.textContent()).resolves.toBe('1 frame(s)');
    const frame = page.getByTestId('frame-build');
    await expect(frame.locator('h4').textContent()).resolves.toBe('build (7 rows)');
    await expect(frame.getByRole('columnheader').allTextContents()).resolves.toEqual(expect.arrayContaining(['time', 'success', 'failure', 'total', 'success_rate']));
    expect((await page.screenshot({ path: join(screenshotsOf(generation), 'plugin-result.png'), fullPage: true })).length).toBeGreaterThan(10_000);
  });

  test('rollbacks (annotation-shaped frames) render their titles', async () => {
    await chooseOption('#flowmeter-kind', /^Rollbacks/);
    const frame = page.getByTestId('frame-rollback');
    await frame.waitFor();
    await frame.getByText('Rollback of indexer in staging').waitFor();
    await expect(frame.locator('h4').textContent()).resolves.toBe('rollback (2 rows)');
  });
});
