/**
 * The bell in real Chromium (issue 8 § 3): a caseworker has the task list open; a new task of the unit
 * and then a task the team lead assigns to them raise the count live (server-sent events, no reload);
 * the dropdown lists them without names, following one marks it read, "Alle als gelesen markieren"
 * empties the count. axe-core finds no serious or critical violation with the list open.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { Page } from 'playwright-core';
import { CasesService, type Person } from '../../../src/cases';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createPerson } from '../../factories/person.factory';
import { TEST_PASSWORD } from '../../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../../utils/browser';
import { waitFor } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';

jest.setTimeout(180_000);

const PROCESS_ID = 'bell-test';
const XML = userTaskProcess(PROCESS_ID, [{ id: 'pruefen', name: 'Antrag prüfen', candidateGroups: 'BS' }]);

describe('the notification bell in the browser', () => {
  const env = useBrowserApp([
    { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
    { username: 'tl.bs', displayName: 'Teamleitung BS', units: ['BS'], roles: ['team-lead', 'caseworker'] },
  ]);
  let person: Person;

  beforeAll(async () => {
    await deployUserTaskProcess(env.app, PROCESS_ID, XML);
    person = await RequestContext.create(env.app.get(MikroORM).em.fork(), () =>
      createPerson(env.app.get(CasesService), { familyName: 'Haddad', givenNames: 'Samira' }),
    );
  });

  async function startTask(lead: Page): Promise<string> {
    const created = await env.app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: PROCESS_ID,
      variables: { personId: person.id },
    });
    const key = String(created.processInstanceKey);
    return waitFor(
      async () => {
        const res = await lead.request.get(`${env.baseUrl}/api/tasks?view=unit&pageSize=200`);
        const body = (await res.json()) as { items: { id: string; processInstanceKey: string }[] };
        return body.items.find((t) => t.processInstanceKey === key)?.id;
      },
      60_000,
      100,
      'the task in the unit list',
    );
  }

  it('shows the unread count, raises it live when a task is assigned, and lowers it when read', async () => {
    const leadContext = await env.browser.newContext({ locale: 'de-DE' });
    const lead = await leadContext.newPage();
    await signIn(lead, env.baseUrl, 'tl.bs', TEST_PASSWORD);
    const { csrfToken } = (await (await lead.request.get(`${env.baseUrl}/api/auth/me`)).json()) as {
      csrfToken: string;
    };

    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, 'sb.bs', TEST_PASSWORD);
    await page.goto(`${env.baseUrl}/aufgaben`);
    const bell = page.getByRole('button', { name: /Benachrichtigungen, ungelesen:/ });
    await expect(bell.textContent()).resolves.toContain('0');
    // the page must not reload: a marker set now survives only without one
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'unverändert'));

    // a new task of the unit: the count rises without reload
    const taskId = await startTask(lead);
    await page.locator('#bell-count', { hasText: /^1$/ }).waitFor({ timeout: 15_000 });

    // the team lead assigns it to the caseworker: the count rises again, live
    const assigned = await lead.request.post(`${env.baseUrl}/api/tasks/${taskId}/assign`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { assignee: 'sb.bs' },
    });
    expect(assigned.status()).toBe(200);
    await page.locator('#bell-count', { hasText: /^2$/ }).waitFor({ timeout: 15_000 });
    await expect(page.locator('#bell-live').textContent()).resolves.toBe('2 ungelesene Benachrichtigungen');
    await expect(page.evaluate(() => (window as unknown as { marker?: string }).marker)).resolves.toBe(
      'unverändert',
    );

    // the list: titles with the file number only
    await bell.click();
    await expect(bell.getAttribute('aria-expanded')).resolves.toBe('true');
    const panel = page.getByRole('region', { name: 'Benachrichtigungen' });
    const assignedLink = panel.getByRole('link', {
      name: `Neu: Aufgabe Ihnen zugewiesen: Az. ${person.fileNumber}`,
    });
    await assignedLink.waitFor();
    await panel.getByRole('link', { name: `Neu: Neue Aufgabe in BS: Az. ${person.fileNumber}` }).waitFor();
    await expect(panel.textContent()).resolves.not.toMatch(/Haddad|Samira/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // following one marks it read and opens the task
    await Promise.all([page.waitForURL(`${env.baseUrl}/aufgaben/${taskId}`), assignedLink.click()]);
    await page.locator('#bell-count', { hasText: /^1$/ }).waitFor();

    // "Alle als gelesen markieren" empties the count
    await page.getByRole('button', { name: /Benachrichtigungen, ungelesen:/ }).click();
    await page.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
    await page.locator('#bell-count', { hasText: /^0$/ }).waitFor();
    await page.reload();
    await page.locator('#bell-count', { hasText: /^0$/ }).waitFor();

    await context.close();
    await leadContext.close();
  });
});
