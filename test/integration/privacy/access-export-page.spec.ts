/**
 * The button "Auskunft nach Art. 15 DSGVO" on the person page in real Chromium: the ABH team lead
 * clicks it and receives the PDF as a download named after the file number; the JSON link downloads the
 * machine-readable file; a caseworker does not see the button. axe-core finds no serious or critical
 * violation on the page with the button.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { CasesService } from '../../../src/cases';
import { createPerson } from '../../factories/person.factory';
import { TEST_PASSWORD } from '../../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../../utils/browser';

jest.setTimeout(180_000);

describe('Auskunft nach Art. 15 DSGVO on the person page (Chromium)', () => {
  const env = useBrowserApp([
    { username: 'tl.abh', displayName: 'Teamleitung ABH', units: ['ABH'], roles: ['team-lead'] },
    { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', units: ['ABH'] },
  ]);

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({ locale: 'de-DE', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  it('downloads the PDF and the JSON for the team lead; the caseworker has no button', async () => {
    const person = await RequestContext.create(env.app.get(MikroORM).em.fork(), () =>
      createPerson(env.app.get(CasesService), { familyName: 'Haddad', givenNames: 'Mohammed' }),
    );
    const page = await newPage('tl.abh');
    await page.goto(`${env.baseUrl}/personen/${person.id}`);
    const button = page.getByRole('button', { name: 'Auskunft nach Art. 15 DSGVO' });
    await button.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    const [pdf] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(pdf.suggestedFilename()).toBe(`auskunft-${person.fileNumber}.pdf`);
    const pdfBytes = await readFile(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'maschinenlesbar (JSON)' }).click(),
    ]);
    expect(json.suggestedFilename()).toBe(`auskunft-${person.fileNumber}.json`);
    const data = JSON.parse(await readFile(await json.path(), 'utf8')) as {
      person: { familyName: string; fileNumber: string };
    };
    expect(data.person).toMatchObject({ familyName: 'Haddad', fileNumber: person.fileNumber });

    const caseworker = await newPage('sb.abh');
    await caseworker.goto(`${env.baseUrl}/personen/${person.id}`);
    await caseworker.getByRole('heading', { name: 'Stammdaten' }).waitFor();
    expect(await caseworker.getByRole('button', { name: 'Auskunft nach Art. 15 DSGVO' }).count()).toBe(0);
  });
});
