/**
 * @jest-environment node
 *
 * The five provisioned dashboards in headless chromium, rendered by the harness's dashboard page
 * (browser/harness/dashboard/) with the built plugin against a real service holding 90 days of
 * demo data: every panel queried, without error, drawn with data. Screenshots:
 * dashboard-<name>.png in SCREENSHOTS (docs/ with `npm run screenshots`).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, openWatchedPage, requireBuilt, SCREENSHOTS, type WatchedPage } from './chromium';
import { startHarnessServer, type HarnessServer } from './server';
import { demoHistory } from '../backend/src/demo/history';
import { seed } from '../backend/src/demo/seed';
import { startService, type RunningService } from '../backend/test/support/service';
import { openEmbeddedStore, type TestStore } from '../backend/test/support/stores';
import { dashboardFiles } from '../backend/test/stack/files';

/** The demo's fixed end: the dashboards' "now", so the screenshots repeat. */
const NOW = Date.parse('2026-11-25T18:30:00Z');
const READ_TOKEN = 'dashboards-read';
const INGEST_TOKEN = 'dashboards-ingest';
const PAGE_WIDTH = 1600;

jest.setTimeout(90_000);

let store: TestStore;
let service: RunningService;
let server: HarnessServer;
let browser: Browser;
let watched: WatchedPage;

beforeAll(async () => {
  requireBuilt();
  store = await openEmbeddedStore();
  service = await startService(store.store, { FLOWMETER_READ_TOKENS: `grafana=${READ_TOKEN}`, FLOWMETER_INGEST_TOKENS: INGEST_TOKEN, FLOWMETER_TZ: 'UTC' });
  // 90 days: the DORA dashboard's range (the others show the last 30 days or 24 hours of it).
  const accepted = await seed(demoHistory({ days: 90, endMs: NOW, seed: 42 }), { url: service.url, token: INGEST_TOKEN });
  expect(accepted).toBeGreaterThan(300_000);
  server = await startHarnessServer({ serviceUrl: service.url, readToken: READ_TOKEN });
  browser = await launchChromium();
  watched = await openWatchedPage(browser, { width: PAGE_WIDTH + 32, height: 1000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
  await store?.dispose();
});

afterEach(() => {
  expect(watched.errors.splice(0)).toEqual([]);
});

/** What a panel shows, read from the page: its state and the evidence of data its visualisation drew. */
interface RenderedPanel {
  title: string;
  state: string;
  rows: number;
  viz: string;
  /** uPlot canvases (time series), bars (bar gauge), table rows, or the stat's text. */
  drawn: number;
  text: string;
  renderError: boolean;
  /** The query's or processing's error. */
  error?: string;
}

const dashboards = dashboardFiles().map(({ path, dashboard }) => [path.replace(/^.*\/|\.json$/g, ''), dashboard] as const);

describe.each(dashboards)('dashboard %s', (name, dashboard) => {
  it('renders every panel, without error, with data', async () => {
    const { page, errors } = watched;
    await page.goto(`${server.url}/?dashboard=${name}&service=${encodeURIComponent(service.url)}&now=${NOW}`);
    await page.locator('[data-testid=dashboard]').waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`the dashboard did not render: ${errors.join('; ')} ${await page.locator('[data-testid=dashboard-error], [data-testid=load-error]').textContent().catch(() => '')}`);
    });
    await page.waitForFunction(() => !document.querySelector('[data-testid=panel][data-state=loading]'), undefined, { timeout: 30_000 });
    // uPlot draws after layout: wait for a frame or two before reading and taking the picture.
    await page.waitForTimeout(500);

    const panels: RenderedPanel[] = await page.locator('[data-testid=panel]').evaluateAll((elements) => elements.map((el) => {
      const viz = el.getAttribute('data-viz') ?? '';
      const drawn = viz === 'timeseries' ? el.querySelectorAll('.u-over, canvas').length
        : viz === 'table' ? el.querySelectorAll('[role=row]').length - 1
        : el.querySelectorAll('[data-testid=viz-value]').length;
      return {
        title: el.getAttribute('data-title') ?? '', state: el.getAttribute('data-state') ?? '', rows: Number(el.getAttribute('data-rows')), viz, drawn,
        text: (el.querySelector('[data-testid=viz-value]')?.textContent ?? '').trim(),
        renderError: Boolean(el.querySelector('[data-testid=panel-render-error]')), error: el.getAttribute('data-error') ?? undefined,
      };
    }));

    // Taken before the checks, so a failing dashboard can be looked at.
    const picture = await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
    expect(picture.length).toBeGreaterThan(20_000);
    expect(panels.map((p) => p.title)).toHaveLength(dashboard.panels.length);
    for (const { title, state, error, renderError, rows, drawn, viz, text } of panels) {
      const shown = { title, state, error, renderError, hasRows: rows > 0, drawn: drawn > 0, statText: viz !== 'stat' || text !== '' };
      expect(shown).toEqual({ title, state: 'done', error: undefined, renderError: false, hasRows: true, drawn: true, statText: true });
    }
  });
});
