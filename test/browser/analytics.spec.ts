/**
 * The heatmap in real Chromium (issue 6 § 2): a quality user opens the process analytics of a small
 * process after real instances ran on the embedded engine (clock moved two days), sees frequency
 * overlaid on the diagram's elements, switches to duration without a reload, and every overlay reads
 * what the API answers for that element (German numbers and durations). The element table agrees, the
 * legend explains the colours, axe-core finds no serious or critical violation, and a caseworker gets
 * the German 403 page.
 */
import type { Page } from 'playwright-core';
import { formatDuration, formatNumber } from '../../src/analytics/format';
import { TEST_PASSWORD } from '../factories/user.factory';
import { signedIn } from '../utils/agents';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';
import {
  DAY,
  PROCESS_ID,
  claimAndComplete,
  deployAnalyticsModel,
  engineOf,
  startInstance,
  taskOf,
  waitForActive,
  waitForInstanceEnd,
} from '../integration/analytics/analytics-model';

jest.setTimeout(240_000);

interface HeatElement {
  elementId: string;
  count: number;
  durationP50Ms: number | null;
}

describe('process analytics in the browser (/analyse)', () => {
  const env = useBrowserApp([
    { username: 'qs.mia', displayName: 'Qualitätssicherung Mia', roles: ['quality'], units: [] },
    { username: 'sb.bs', displayName: 'Sachbearbeitung BS', roles: ['caseworker'], units: ['BS'] },
  ]);

  beforeAll(async () => {
    const app = env.app;
    await deployAnalyticsModel(app);
    const keys = [
      await startInstance(app, true),
      await startInstance(app, false),
      await startInstance(app, true),
    ];
    for (const key of keys) await waitForActive(app, key, 'frist');
    await engineOf(app).clock.add(2 * DAY);
    const caseworker = await signedIn(app, 'sb.bs');
    for (const key of keys) await taskOf(caseworker.agent, key);
    for (const key of keys.slice(0, 2)) {
      await claimAndComplete(caseworker.agent, caseworker.csrf, key);
      await waitForInstanceEnd(app, key);
    }
  });

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({
      locale: 'de-DE',
      viewport: { width: 1500, height: 1000 },
    });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  /** the overlays' text by element id, once they show the given view */
  async function overlays(page: Page, view: 'haeufigkeit' | 'dauer'): Promise<Record<string, string>> {
    await page.waitForSelector(`#heatmap[data-ansicht="${view}"] .heat-wert[data-ansicht="${view}"]`);
    return page.$$eval('#heatmap .heat-wert', (els) =>
      Object.fromEntries(
        els.map((el) => [(el as HTMLElement).dataset.elementId ?? '', el.textContent ?? '']),
      ),
    );
  }

  it('overlays frequency and, switched, duration on the diagram as the API answers them', async () => {
    const qs = await signedIn(env.app, 'qs.mia');
    const api = (
      await qs.agent.get(`/api/analytics/processes/${PROCESS_ID}/heatmap`).query({ version: 1 }).expect(200)
    ).body as { elements: HeatElement[] };
    const byId = new Map(api.elements.map((e) => [e.elementId, e]));
    expect(byId.get('frist')?.count).toBe(3);

    const page = await newPage('qs.mia');
    // from the header link through the overview to the process
    await page.goto(`${env.baseUrl}/aufgaben`);
    await Promise.all([
      page.waitForURL(/\/analyse$/),
      page.getByRole('link', { name: 'Prozessanalyse', exact: true }).click(),
    ]);
    await Promise.all([
      page.waitForURL(new RegExp(`/analyse/${PROCESS_ID}\\?version=1`)),
      page.getByRole('link', { name: PROCESS_ID, exact: true }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toContain(PROCESS_ID);

    const frequency = await overlays(page, 'haeufigkeit');
    expect(Object.keys(frequency).sort()).toEqual([...byId.keys()].sort());
    for (const [id, text] of Object.entries(frequency))
      expect([id, text]).toEqual([id, formatNumber(byId.get(id)!.count)]);
    expect(frequency.frist).toBe('3');
    expect(frequency.genehmigt).toBe('1');
    await expect(page.locator('#heatmap-status').textContent()).resolves.toContain('Häufigkeit');

    // switch to duration: no reload, the URL keeps the choice
    await page.getByLabel('Dauer (Median)').check();
    const duration = await overlays(page, 'dauer');
    for (const [id, text] of Object.entries(duration))
      expect([id, text]).toEqual([id, formatDuration(byId.get(id)!.durationP50Ms)]);
    expect(duration.frist).toBe('2 Tage');
    expect(new URL(page.url()).searchParams.get('ansicht')).toBe('dauer');
    await expect(page.locator('#heatmap-legende-text').textContent()).resolves.toBe('Dauer (Median)');
    const steps = await page.$$eval('#heatmap-legende .stufe', (els) =>
      els.map((el) => el.textContent ?? ''),
    );
    expect(steps).toHaveLength(5);
    expect(steps[4]).toMatch(/bis 2 Tage/);

    // the element table says the same
    const row = page.locator('#elemente tr[data-element-id="frist"]');
    await expect(row.locator('[data-figure="count"]').textContent()).resolves.toBe('3');
    await expect(row.locator('[data-figure="p50"]').textContent()).resolves.toBe('2 Tage');

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${env.baseUrl}/analyse`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${env.baseUrl}/analyse/beschwerden`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('opens with duration when the address asks for it, and sets a target time through the form', async () => {
    const page = await newPage('qs.mia');
    await page.goto(`${env.baseUrl}/analyse/${PROCESS_ID}?ansicht=dauer`);
    const duration = await overlays(page, 'dauer');
    expect(duration.frist).toBe('2 Tage');
    await page.getByLabel('Element').selectOption('pruefen');
    await page.getByLabel('Zielzeit', { exact: true }).fill('4');
    await page.getByLabel('Einheit').selectOption('stunden');
    await Promise.all([
      page.waitForURL(/hinweis=gespeichert/),
      page.getByRole('button', { name: 'Zielzeit speichern' }).click(),
    ]);
    await expect(
      page.getByRole('status').filter({ hasText: 'Zielzeit wurde gespeichert' }).count(),
    ).resolves.toBe(1);
    const change = page.locator('#zielzeit-aenderungen tbody tr').first();
    await expect(change.textContent()).resolves.toContain('4 Std.');
    await expect(change.textContent()).resolves.toContain('qs.mia');
    await page.context().close();
  });

  it('shows a caseworker the German 403 page', async () => {
    const page = await newPage('sb.bs');
    const res = await page.goto(`${env.baseUrl}/analyse/${PROCESS_ID}`);
    expect(res?.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toContain('Kein Zugriff');
    // and no header link to the analytics
    await expect(page.getByRole('link', { name: 'Prozessanalyse' }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
