/**
 * The Lagebild page (/statistik) in real Chromium: quality staff reach it through the header link, pick
 * Stichtag and period with the keyboard, and see the same figures as GET /api/statistics/lagebild (every
 * row of every table, "< 5" for suppressed counts, trends in words), SVG charts with a title and a data
 * table beside each, a CSV link; axe-core finds no serious or critical violation. A caseworker gets the
 * German 403 page.
 */
import type { Page } from 'playwright-core';
import { showCount } from '../../src/statistics/lagebild.view';
import { TEST_PASSWORD } from '../factories/user.factory';
import { createLagebildPopulation, LAGEBILD_QUERY } from '../integration/statistics/lagebild-population';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(180_000);

interface Row {
  key: string;
  value: number | null;
  suppressed: boolean;
  previous: number | null;
  previousSuppressed: boolean;
  trend: 'up' | 'down' | 'equal' | null;
}

const TREND_WORDS = { up: 'gestiegen', down: 'gesunken', equal: 'unverändert' } as const;

describe('Lagebild in the browser (/statistik)', () => {
  const env = useBrowserApp([
    { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
    { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', units: ['ABH'] },
  ]);

  beforeAll(async () => {
    await createLagebildPopulation(env.app);
  });

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  it('shows the API figures with trends, charts and tables, chosen by keyboard; no serious axe violations', async () => {
    const page = await newPage('qs.mia');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Lagebild' })
      .click();
    await page.waitForURL(/\/statistik$/);
    await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();

    // the period by keyboard: the date fields are labelled, Enter submits the form
    await page.getByLabel('Stichtag', { exact: true }).fill('2026-10-31');
    await page.getByLabel('Zeitraum von', { exact: true }).fill('2026-10-01');
    await page.getByLabel('Zeitraum bis', { exact: true }).fill('2026-10-31');
    await page.getByLabel('Zeitraum bis', { exact: true }).press('Enter');
    await page.waitForURL((url) => url.search.includes('stichtag=2026-10-31'));
    expect(await page.locator('#lagebild-stichtag').textContent()).toBe('31.10.2026');
    expect(await page.locator('#lagebild-zeitraum').textContent()).toBe('01.10.2026 – 31.10.2026');

    const api = await page.request.get(`${env.baseUrl}/api/statistics/lagebild?${LAGEBILD_QUERY}`);
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { rows: Row[]; minCellCount: number };
    const min = body.minCellCount;

    // every figure of the three sections as the API has it, trend in words (not by arrow or colour only)
    const shownRows = await page.locator('tr[data-key]').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute('data-key') ?? '',
        value: tr.querySelector('[data-value]')?.textContent?.trim() ?? '',
        previous: tr.querySelector('[data-previous]')?.textContent?.trim() ?? null,
        trend: tr.querySelector('[data-trend]')?.textContent?.trim() ?? null,
      })),
    );
    const figures = shownRows.filter((r) => !r.key.includes(':'));
    expect(figures).toHaveLength(20);
    for (const shown of figures) {
      const row = body.rows.find((r) => r.key === shown.key)!;
      expect({ key: shown.key, value: shown.value }).toEqual({
        key: shown.key,
        value: showCount(row.value, row.suppressed, min),
      });
      expect(shown.previous).toBe(showCount(row.previous, row.previousSuppressed, min));
      expect(shown.trend).toContain(row.trend ? TREND_WORDS[row.trend] : 'nicht ausgewiesen');
    }
    const foreigners = figures.find((r) => r.key === 'foreigners')!;
    expect(foreigners).toMatchObject({ value: '19', previous: '18' });
    expect(foreigners.trend).toBe('▲ gestiegen');
    expect(figures.find((r) => r.key === 'civilWar')?.value).toBe('< 5');

    // rankings as in the API, with their base population
    for (const shown of shownRows.filter((r) => /^(country|municipality):/.test(r.key))) {
      const row = body.rows.find((r) => r.key === shown.key)!;
      expect(shown.value).toBe(showCount(row.value, row.suppressed, min));
    }
    expect(await page.locator('#herkunft-basis').textContent()).toBe('19');
    expect(await page.locator('#jobcenter-anteil strong').textContent()).toBe('5 von 10');

    // charts: SVG images with a title, each with a data table in its section
    for (const [section, title] of [
      [
        'Asylsuchende nach Altersgruppe und Geschlecht',
        'Asylsuchende nach Altersgruppe und Geschlecht am 31.10.2026',
      ],
      ['Top 5 Herkunftsländer', 'Top 5 Herkunftsländer am 31.10.2026'],
      ['Top 5 Wohnorte', 'Top 5 Wohnorte am 31.10.2026'],
      ['Entwicklung der Bestände (12 Monate)', 'Entwicklung der Bestände in den 12 Monaten bis 31.10.2026'],
    ]) {
      const region = page.getByRole('region', { name: section });
      await region.getByRole('img', { name: title }).waitFor();
      expect(await region.getByRole('table').count()).toBe(1);
    }
    const pyramidRow = page.locator('tr[data-band="25–39"] td');
    expect(await pyramidRow.allTextContents()).toEqual(['< 5', '< 5', '0']);

    // the CSV link carries the chosen dates
    const csv = page.getByRole('link', { name: 'Lagebild als CSV herunterladen' });
    expect(await csv.getAttribute('href')).toBe(`/api/statistics/lagebild.csv?${LAGEBILD_QUERY}`);
    const download = await page.request.get(`${env.baseUrl}${await csv.getAttribute('href')}`);
    expect((await download.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a caseworker gets the German 403 page and no header link', async () => {
    const page = await newPage('sb.abh');
    expect(
      await page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Lagebild' })
        .count(),
    ).toBe(0);
    const res = await page.goto(`${env.baseUrl}/statistik`);
    expect(res?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Kein Zugriff' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
