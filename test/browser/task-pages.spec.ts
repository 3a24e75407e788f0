/**
 * The caseworker's task pages in real Chromium: sign in, find a complaint task in the unit's list,
 * claim it, submit invalid data and see the server's field errors, reload and find the draft, submit
 * valid data and see the next task; classify it for the unit concerned and see the following task in
 * that unit's queue (LG) and on the person page. axe-core finds no serious or critical violation on the pages, and a
 * user of another unit gets 403 on the task page by direct URL.
 */
import type { Page } from 'playwright-core';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { CasesService } from '../../src/cases';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { createPerson } from '../factories/person.factory';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(300_000);

describe('task pages in the browser (/aufgaben)', () => {
  const env = useBrowserApp([
    { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
    { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
  ]);

  /** reloads the unit's list until a task link of that name shows up */
  async function openFromList(page: Page, name: string): Promise<void> {
    // the task collector may need a while when the machine is busy
    for (const until = Date.now() + 90_000; Date.now() < until;) {
      await page.goto(`${env.baseUrl}/aufgaben?ansicht=einheit&verfahren=complaint-management`);
      const link = page.getByRole('link', { name });
      if ((await link.count()) > 0) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`task "${name}" did not appear in the list`);
  }

  it('claims a complaint task, shows field errors, keeps the draft, completes it; the next task reaches another unit and the person page', async () => {
    const person = await RequestContext.create(env.app.get(MikroORM).em.fork(), () =>
      createPerson(env.app.get(CasesService), { familyName: 'Nouri', givenNames: 'Samira' }),
    );
    await env.app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'email', personId: person.id },
    });
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, 'sb.bs', TEST_PASSWORD);

    await openFromList(page, 'Beschwerde registrieren');
    expect(
      await page.getByRole('link', { name: 'Aufgaben meiner Einheit' }).getAttribute('aria-current'),
    ).toBe('page');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Beschwerde registrieren' }).first().click();
    await page.waitForURL(/\/aufgaben\/[0-9a-f-]{36}$/);
    const taskUrl = page.url();
    await page.getByRole('button', { name: 'Aufgabe übernehmen' }).click();
    await page.waitForURL(taskUrl);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('sb.bs');

    // typing saves a draft
    const subject = page.getByLabel('Gegenstand', { exact: false });
    await subject.fill('Lange Wartezeit in der Leistungsstelle');
    await page.getByText(/Entwurf gespeichert um/).waitFor();

    // invalid: required fields missing → the server's errors next to the fields and as a summary
    await page.getByRole('button', { name: 'Aufgabe abschließen' }).click();
    const summary = page.locator('#fehler-zusammenfassung');
    await summary.waitFor({ state: 'visible' });
    await expect(summary.textContent()).resolves.toContain('Sprache der Eingabe');
    expect(await page.locator('.fjs-form-field-error').count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // the draft survives a reload
    await page.reload();
    await expect(page.getByLabel('Gegenstand', { exact: false }).inputValue()).resolves.toBe(
      'Lange Wartezeit in der Leistungsstelle',
    );

    // valid data completes the task
    await page.getByLabel('Sprache der Eingabe').fill('Deutsch');
    await chooseOption(page, 'Kategorie', 'Service (Wartezeit, Dolmetschen)');
    await chooseOption(page, 'Betroffene Einheit', 'LG – Leistungsgewährung AsylbLG');
    await page.getByText(/Entwurf gespeichert um/).waitFor();
    await page.getByRole('button', { name: 'Aufgabe abschließen' }).click();
    await page.waitForURL(/\/aufgaben\?erledigt=1$/, { timeout: 30_000 });
    await page.getByText('Die Aufgabe ist erledigt.').waitFor();

    // the next task of the process: the complaints office classifies it for the unit concerned
    await openFromList(page, 'Beschwerde einordnen');
    await page.getByRole('link', { name: 'Beschwerde einordnen' }).first().click();
    await page.waitForURL(/\/aufgaben\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Aufgabe übernehmen' }).click();
    await page.locator('.fjs-form').waitFor();
    await page.getByLabel('Interne Bearbeitung (Stellungnahme der Einheit)').check();
    await page.getByLabel('Begründung').fill('Wartezeit betrifft die Leistungsstelle.');
    await page.getByText(/Entwurf gespeichert um/).waitFor();
    await page.getByRole('button', { name: 'Aufgabe abschließen' }).click();
    await page.waitForURL(/\/aufgaben\?erledigt=1$/, { timeout: 30_000 });
    await context.close();

    // … and the statement task appears in the queue of the unit concerned (LG), with the person
    const lgContext = await env.browser.newContext({ locale: 'de-DE' });
    const lg = await lgContext.newPage();
    await signIn(lg, env.baseUrl, 'sb.lg', TEST_PASSWORD);
    await openFromList(lg, 'Stellungnahme der Einheit erfassen');
    const row = lg.getByRole('row').filter({ hasText: 'Stellungnahme der Einheit erfassen' });
    await expect(row.first().textContent()).resolves.toContain(person.fileNumber);
    expect(await seriousAxeViolations(lg)).toEqual([]);

    // … and on the person page, as an open task of the complaint process
    await lg.goto(`${env.baseUrl}/personen/${person.id}`);
    await lg.getByRole('link', { name: 'Stellungnahme der Einheit erfassen' }).waitFor();
    expect(await seriousAxeViolations(lg)).toEqual([]);
    await lgContext.close();
  });

  it('tells the caseworker in German when the engine cancelled the task meanwhile', async () => {
    const zeebe = env.app.get(ZeebeService).client;
    const created = await zeebe.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'phone' },
    });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await signIn(page, env.baseUrl, 'sb.bs', TEST_PASSWORD);
    const key = String(created.processInstanceKey);
    const href = await taskHrefOf(page, key);
    await page.goto(`${env.baseUrl}${href}`);
    await page.locator('.fjs-form').waitFor();
    await page.getByLabel('Sprache der Eingabe').fill('Deutsch');
    await page.getByLabel('Gegenstand', { exact: false }).fill('Unfreundliche Behandlung');
    await chooseOption(page, 'Kategorie', 'Service (Wartezeit, Dolmetschen)');
    await chooseOption(page, 'Betroffene Einheit', 'LG – Leistungsgewährung AsylbLG');

    await zeebe.cancelProcessInstance(key);
    await page.getByRole('button', { name: 'Aufgabe abschließen' }).click();
    await page.getByText(/im Verfahren beendet/).waitFor();
    expect(await page.locator('#meldung').textContent()).toContain('Es wurde nichts abgeschlossen.');
    await context.close();
  });

  /** the task page link of the first task of a process instance, once the collector has it */
  async function taskHrefOf(page: Page, processInstanceKey: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const res = await page.request.get(`${env.baseUrl}/api/tasks?view=unit&pageSize=200`);
      const body = (await res.json()) as { items: { id: string; processInstanceKey: string }[] };
      const found = body.items.find((t) => t.processInstanceKey === processInstanceKey);
      if (found) return `/aufgaben/${found.id}`;
      await page.waitForTimeout(100);
    }
    throw new Error('the task did not appear');
  }

  it('answers 403 to a user of another unit who opens the task page by direct URL', async () => {
    await env.app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'letter' },
    });
    const bs = await env.browser.newContext();
    const bsPage = await bs.newPage();
    await signIn(bsPage, env.baseUrl, 'sb.bs', TEST_PASSWORD);
    await openFromList(bsPage, 'Beschwerde registrieren');
    const href = await bsPage
      .getByRole('link', { name: 'Beschwerde registrieren' })
      .first()
      .getAttribute('href');
    await bs.close();

    const lg = await env.browser.newContext();
    const lgPage = await lg.newPage();
    await signIn(lgPage, env.baseUrl, 'sb.lg', TEST_PASSWORD);
    const response = await lgPage.goto(`${env.baseUrl}${href}`);
    expect(response?.status()).toBe(403);
    await lgPage.getByRole('heading', { name: 'Kein Zugriff auf diese Aufgabe' }).waitFor();
    expect(await seriousAxeViolations(lgPage)).toEqual([]);
    await lg.close();
  });
});

/** picks an option of a form-js select (a listbox opened by the field) */
async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  const field = page
    .locator('.fjs-form-field-select')
    .filter({ has: page.locator('label', { hasText: label }) });
  await field.locator('.fjs-input-group').click();
  await field.locator('.fjs-dropdownlist-item', { hasText: option }).click();
}
