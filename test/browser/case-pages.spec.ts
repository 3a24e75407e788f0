/**
 * The case file pages in real Chromium: find a person in the Eingangszone despite a misspelt name, create
 * a person, start a process for them, see the process on the person page with the diagram drawn by
 * bpmn-js and the open task highlighted, add a note. axe-core finds no serious or critical violation,
 * and a user of an unrelated unit gets 403 on the person page by direct URL.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { Page } from 'playwright-core';
import { CasesService } from '../../src/cases';
import { createPerson } from '../factories/person.factory';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(180_000);

describe('case file pages in the browser (/eingang, /personen/:id)', () => {
  const env = useBrowserApp([
    { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
    { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
  ]);

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  it('finds, creates, starts a process, shows the diagram with the active task, adds a note', async () => {
    const existing = await RequestContext.create(env.app.get(MikroORM).em.fork(), () =>
      createPerson(env.app.get(CasesService), {
        familyName: 'Haddad',
        givenNames: 'Mohammed',
        dateOfBirth: '1988-02-29',
      }),
    );
    const page = await newPage('sb.lg');

    await page.goto(`${env.baseUrl}/eingang`);
    await page.getByLabel('Name', { exact: true }).fill('Muhamad Hadad');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('link', { name: 'Haddad, Mohammed' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: existing.fileNumber }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // a person not yet recorded: the form refuses a wrong date, then creates
    const form = page.getByRole('group', { name: 'Person anlegen' });
    await form.getByLabel('Familienname (Pflichtangabe)').fill('Yusufi');
    await form.getByLabel('Vornamen (Pflichtangabe)').fill('Zahra');
    await form.getByLabel('Geburtsdatum').fill('31.31.1999');
    await page.getByRole('button', { name: 'Person anlegen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Geburtsdatum' }).waitFor();
    await form.getByLabel('Geburtsdatum').fill('01.12.1999');
    await page.getByRole('button', { name: 'Person anlegen' }).click();
    await page.waitForURL(/\/personen\/[0-9a-f-]{36}/);
    await page.getByText('Die Person ist angelegt.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Yusufi, Zahra');

    // start a process with its start field
    await page.getByLabel('Prozess', { exact: true }).selectOption('asylblg-but-krankenhilfe');
    await page.getByLabel('Art des Antrags').selectOption('Krankenhilfe');
    await page.getByRole('button', { name: 'Prozess starten' }).click();
    await page.getByText('Der Prozess ist gestartet.').waitFor();
    const personUrl = page.url().replace(/[?#].*$/, '');

    // the collector picks up the first task; reload until the person page shows it
    for (let i = 0; i < 100; i++) {
      if ((await page.getByRole('link', { name: 'Antrag entgegennehmen und Bedarf erfassen' }).count()) > 0)
        break;
      await page.waitForTimeout(100);
      await page.goto(personUrl);
    }
    await page.getByRole('link', { name: 'Antrag entgegennehmen und Bedarf erfassen' }).waitFor();
    await page.locator('#diagramm-0[data-geladen="ja"]').waitFor();
    expect(await page.locator('#diagramm-0 .djs-element.aktiv').getAttribute('data-element-id')).toBe(
      'Task_AntragErfassen',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Neue Notiz').fill('Telefonat: Unterlagen folgen.');
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await page.waitForURL(/#notizen$/);
    await page.getByText('Telefonat: Unterlagen folgen.').waitFor();

    // a user of an unrelated unit: 403 by direct URL
    const other = await newPage('sb.bs');
    const res = await other.goto(personUrl);
    expect(res?.status()).toBe(403);
  });
});
