/**
 * Wiedervorlagen in real Chromium: a caseworker sets one on the person page with date and reason, finds
 * it on /wiedervorlagen under "Demnächst", on its date (engine clock moved) under "Fällig bis heute",
 * and marks it done with a comment; keyboard only for the forms. axe-core finds no serious or critical
 * violation on either page.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { Page } from 'playwright-core';
import { CasesService } from '../../src/cases';
import { addDays } from '../../src/common/calendar';
import { ClockService } from '../../src/engine/clock.service';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { createPerson } from '../factories/person.factory';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(180_000);

const german = (iso: string): string => iso.split('-').reverse().join('.');

describe('Wiedervorlagen in the browser (/personen/:id, /wiedervorlagen)', () => {
  const env = useBrowserApp([{ username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] }]);

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  it('sets a follow-up on the person page, finds it on its date in the list and marks it done', async () => {
    const person = await RequestContext.create(env.app.get(MikroORM).em.fork(), () =>
      createPerson(env.app.get(CasesService), { familyName: 'Haddad', givenNames: 'Mohammed' }),
    );
    const clock = env.app.get(ClockService);
    const dueOn = addDays(await clock.today(), 2);
    const page = await newPage('sb.lg');

    await page.goto(`${env.baseUrl}/personen/${person.id}`);
    const section = page.getByRole('region', { name: 'Wiedervorlagen' });
    await section.getByText('Keine Wiedervorlagen Ihrer Einheiten.').waitFor();
    const form = section.getByRole('group', { name: 'Wiedervorlage anlegen' });
    await form.getByLabel('Einheit').selectOption('LG');
    await form.getByLabel('Datum der Wiedervorlage (Pflichtangabe)').fill(dueOn);
    await form.getByLabel(/^Grund/).fill('Nachweis Passbeschaffung prüfen');
    await form.getByRole('button', { name: 'Wiedervorlage speichern' }).click();
    await page.getByText('Die Wiedervorlage ist gespeichert.').waitFor();
    const row = section.getByRole('row').filter({ hasText: 'Nachweis Passbeschaffung prüfen' });
    expect(await row.getByRole('cell').first().textContent()).toBe(german(dueOn));
    expect(await row.textContent()).toContain('Sachbearbeitung LG');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // through the header navigation to the list: not due yet
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Wiedervorlagen' })
      .click();
    await page.waitForURL(/\/wiedervorlagen$/);
    await page.getByText('Heute ist keine Wiedervorlage fällig.').waitFor();
    expect(
      await page
        .getByRole('table', { name: 'Demnächst' })
        .getByRole('row')
        .filter({ hasText: 'Haddad, Mohammed' })
        .count(),
    ).toBe(1);

    // two days later (the engine clock moved) it is due
    const engine = env.app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    await engine.clock.add(2 * 24 * 3600 * 1000);
    while ((await clock.today()) < dueOn) await engine.clock.add(3600 * 1000);
    await page.reload();
    // the heading names today (the day the clock reached, never earlier than the due day)
    const due = page.getByRole('table', { name: `Fällig bis heute (${german(await clock.today())})` });
    const dueRow = due.getByRole('row').filter({ hasText: 'Nachweis Passbeschaffung prüfen' });
    await dueRow.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // mark it done, keyboard only: open the actions, type the comment, submit with Enter on the button
    const actions = dueRow.getByText('Verschieben oder erledigen');
    await actions.focus();
    await page.keyboard.press('Enter');
    const comment = dueRow.getByLabel('Kommentar zum Erledigen (freiwillig)');
    await comment.waitFor({ state: 'visible' });
    await comment.focus();
    await page.keyboard.type('Pass liegt vor');
    await dueRow.getByRole('button', { name: 'Erledigt' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Die Wiedervorlage ist erledigt.').waitFor();
    await page.getByText('Heute ist keine Wiedervorlage fällig.').waitFor();

    // the person page shows it done, with its history
    await page.goto(`${env.baseUrl}/personen/${person.id}`);
    const doneRow = page
      .getByRole('region', { name: 'Wiedervorlagen' })
      .getByRole('row')
      .filter({ hasText: 'Nachweis Passbeschaffung prüfen' });
    expect(await doneRow.getByRole('cell').nth(3).textContent()).toBe('erledigt');
    await doneRow.getByText('Verlauf').click();
    await doneRow.getByText('erledigt: „Pass liegt vor“').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
