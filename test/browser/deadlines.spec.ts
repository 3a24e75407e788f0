/**
 * The Fristen board in real Chromium (issue 8 § 1): a JA caseworker reaches it from the header
 * navigation and sees their unit's deadlines — overdue ones highlighted, this week's, grouped by person
 * with kind and legal basis; a day later (engine clock moved) the one due today has become overdue;
 * the unit filter works; axe-core finds no serious or critical violation.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { CasesService } from '../../src/cases';
import { addDays } from '../../src/common/calendar';
import { DeadlinesService } from '../../src/deadlines/deadlines.service';
import { ClockService } from '../../src/engine/clock.service';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { createPerson } from '../factories/person.factory';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(180_000);

const german = (iso: string): string => iso.split('-').reverse().join('.');

describe('Fristen board in the browser (/fristen)', () => {
  const env = useBrowserApp([{ username: 'sb.ja', displayName: 'Sachbearbeitung JA', units: ['JA', 'ABH'] }]);

  it('shows overdue and this week’s deadlines by person, highlighted, and follows the engine day', async () => {
    const cases = env.app.get(CasesService);
    const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
      RequestContext.create(env.app.get(MikroORM).em.fork(), fn);
    const child = await inContext(() => createPerson(cases, { familyName: 'Haddad', givenNames: 'Amal' }));
    const adult = await inContext(() => createPerson(cases, { familyName: 'Nouri', givenNames: 'Sara' }));
    const clock = env.app.get(ClockService);
    const today = await clock.today();
    const deadlines = env.app.get(DeadlinesService);
    await deadlines.open({
      kind: 'uma-notification',
      personId: child.id,
      fileNumber: child.fileNumber,
      processInstanceKey: '2251799813687001',
      unit: 'JA',
      dueOn: addDays(today, -1),
    });
    await deadlines.open({
      kind: 'uma-distribution',
      personId: child.id,
      fileNumber: child.fileNumber,
      processInstanceKey: '2251799813687001',
      unit: 'JA',
      dueOn: today,
    });
    await deadlines.open({
      kind: 'departure',
      personId: adult.id,
      fileNumber: adult.fileNumber,
      processInstanceKey: '2251799813687002',
      unit: 'ABH',
      dueOn: today,
    });

    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, 'sb.ja', TEST_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Fristen' })
      .click();
    await page.waitForURL(/\/fristen$/);
    await page.getByRole('heading', { name: 'Fristen', level: 1 }).waitFor();

    const overdue = page.getByRole('table', { name: 'Überfällig (1)' });
    const overdueRow = overdue.getByRole('row').filter({ hasText: 'Meldung an die Landesverteilstelle' });
    expect(await overdueRow.textContent()).toContain('§ 42a Abs. 4 S. 1 SGB VIII');
    expect(await overdueRow.textContent()).toContain(german(addDays(today, -1)));
    expect(await overdueRow.getByRole('rowheader').textContent()).toContain('Haddad, Amal');
    // highlighted: the row's cells have the warning background, the state is spelled out
    const background = await overdueRow
      .getByRole('cell')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).toBe('rgb(253, 236, 234)');
    expect(await overdueRow.getByText('überfällig').count()).toBe(1);

    const week = page.getByRole('table', { name: 'Fällig diese Woche (2)' });
    expect(await week.getByRole('rowheader').allTextContents()).toEqual([
      expect.stringContaining('Haddad, Amal'),
      expect.stringContaining('Nouri, Sara'),
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // only the JA
    await page.getByLabel('Einheit', { exact: true }).selectOption('JA');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/einheit=JA/);
    const jaWeek = page.getByRole('table', { name: 'Fällig diese Woche (1)' });
    expect(await jaWeek.textContent()).not.toContain('Nouri');

    // a day later the distribution deadline is overdue too; the person links to the person page
    const engine = env.app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    await engine.clock.add(24 * 3600 * 1000);
    while ((await clock.today()) <= today) await engine.clock.add(3600 * 1000);
    await page.reload();
    const later = page.getByRole('table', { name: 'Überfällig (2)' });
    expect(await later.getByRole('row').filter({ hasText: 'überfällig' }).count()).toBe(2);
    await later.getByRole('link', { name: 'Haddad, Amal' }).click();
    await page.waitForURL(new RegExp(`/personen/${child.id}#fristen$`));
    const section = page.getByRole('region', { name: 'Fristen' });
    await section.getByText('Verteilung binnen eines Monats').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
