/**
 * The operations view in real Chromium: quality staff open /betrieb through the header navigation,
 * see the incident a failing worker raised, open the instance (diagram with the incident element
 * marked), go back, retry the incident through the page and see it gone; axe-core finds no serious or
 * critical violation on the list, the instance page and the cancel confirmation.
 */
import type { Page } from 'playwright-core';
import { ZeebeService } from '../../src/engine/zeebe.service';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../src/engine/zeebe.types';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';
import {
  PROBE_JOB_TYPE,
  PROBE_PROCESS_ID,
  PROBE_TASK_NAME,
  PROBE_WAIT_NAME,
  probeModel,
} from '../integration/operations/probe-models';

jest.setTimeout(180_000);

describe('operations view in the browser (/betrieb)', () => {
  const env = useBrowserApp([
    { username: 'qs.mia', displayName: 'Qualitätssicherung', roles: ['quality'], units: [] },
  ]);
  let worker: { close(timeout?: number): Promise<unknown> } | undefined;
  let broken = true;

  beforeAll(async () => {
    const client = env.app.get(ZeebeService).client;
    await client.deployResource({ name: `${PROBE_PROCESS_ID}.bpmn`, process: Buffer.from(probeModel()) });
    worker = client.createWorker({
      taskType: PROBE_JOB_TYPE,
      timeout: 30_000,
      taskHandler: (job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> =>
        broken
          ? (job as ZeebeJob).fail({ errorMessage: 'Register nicht erreichbar', retries: 0 })
          : (job as ZeebeJob).complete(),
    });
  });

  afterAll(async () => {
    await worker?.close(5000);
  });

  async function newPage(): Promise<Page> {
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, 'qs.mia', TEST_PASSWORD);
    return page;
  }

  it('sees the incident, retries it through the page and sees it gone', async () => {
    broken = true;
    const client = env.app.get(ZeebeService).client;
    const { processInstanceKey: key } = await client.createProcessInstance({
      bpmnProcessId: PROBE_PROCESS_ID,
      variables: { caseId: 'B-1' },
    });
    const page = await newPage();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Betrieb' })
      .click();
    await page.waitForURL(/\/betrieb$/);
    const incidents = page.getByRole('table', { name: /^Offene Störungen/ });
    const row = incidents.getByRole('row').filter({ hasText: key });
    // the worker's failure arrives asynchronously: reload until the incident is listed
    for (let i = 0; i < 100 && (await row.count()) === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    expect(await row.textContent()).toContain(PROBE_TASK_NAME);
    expect(await row.textContent()).toContain('Register nicht erreichbar');
    expect(await row.textContent()).toContain('Job ohne weitere Versuche');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // the instance: its diagram marks the element with the incident
    await row.getByRole('link', { name: key }).click();
    await page.waitForURL(new RegExp(`/betrieb/instanzen/${key}$`));
    await page.locator('#diagramm[data-geladen="ja"]').waitFor();
    expect(await page.locator('#diagramm .djs-element.stoerung[data-element-id="abgleich"]').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Störungen (1)' }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Zurück zur Betriebsübersicht' }).click();
    await page.waitForURL(/\/betrieb$/);

    // fixed; retried through the page (retries from the form field, default 1)
    broken = false;
    const retryRow = page
      .getByRole('table', { name: /^Offene Störungen/ })
      .getByRole('row')
      .filter({ hasText: key });
    expect(await retryRow.getByLabel(/^Wiederholungen/).inputValue()).toBe('1');
    await retryRow.getByRole('button', { name: /^Erneut versuchen/ }).click();
    await page.getByText('Die Störung wurde erneut versucht').waitFor();
    expect(await page.getByRole('table', { name: /^Offene Störungen/ }).count()).toBe(0);
    await page.getByText('Keine offene Störung.').waitFor();
    const action = page
      .getByRole('table', { name: 'Letzte Eingriffe' })
      .getByRole('row')
      .filter({ hasText: key });
    expect(await action.textContent()).toContain('Störung erneut versucht');
    expect(await action.textContent()).toContain('ausgeführt');

    // the instance went on: it waits for its answer, the diagram marks that element as active
    await page.goto(`${env.baseUrl}/betrieb/instanzen/${key}`);
    for (let i = 0; i < 100 && !(await page.getByText(`${PROBE_WAIT_NAME} (warten)`).count()); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    await page.locator('#diagramm[data-geladen="ja"]').waitFor();
    expect(await page.locator('#diagramm .djs-element.aktiv[data-element-id="warten"]').count()).toBe(1);

    // cancel: reason, then the confirmation page
    await page.getByLabel('Grund des Abbruchs (Pflichtangabe)').fill('Test beendet');
    await page.getByRole('button', { name: 'Abbrechen …' }).click();
    await page.getByRole('heading', { name: `Prozessinstanz ${key} wirklich abbrechen?` }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ja, Instanz abbrechen' }).click();
    await page.getByText('Die Prozessinstanz wurde abgebrochen.').waitFor();
    expect(await page.locator('#instanz-stand').textContent()).toBe('abgebrochen');
  });
});
