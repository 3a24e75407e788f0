/**
 * The team lead's page in real Chromium: the lead opens "Team und Auslastung" from the task list, sees
 * the workload of the unit, ticks two complaint tasks (one by keyboard) and assigns them to a
 * caseworker; the caseworker finds them under "Meine Aufgaben". axe-core finds no serious or critical
 * violation on the team page (before and after) and on the caseworker's list.
 */
import type { Page } from 'playwright-core';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';
import { waitFor } from '../utils/engine';

jest.setTimeout(180_000);

describe('team lead page in the browser (/aufgaben/team)', () => {
  const env = useBrowserApp([
    { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
    { username: 'tl.bs', displayName: 'Teamleitung BS', units: ['BS'], roles: ['team-lead', 'caseworker'] },
  ]);

  /** the task ids of these process instances, once the collector has them (polled up to a minute) */
  function taskIdsOf(page: Page, keys: string[]): Promise<string[]> {
    return waitFor(
      async () => {
        const res = await page.request.get(`${env.baseUrl}/api/tasks?view=unit&pageSize=200`);
        const body = (await res.json()) as { items: { id: string; processInstanceKey: string }[] };
        const ids = keys.map((k) => body.items.find((t) => t.processInstanceKey === k)?.id);
        return ids.every((id): id is string => id !== undefined) ? ids : undefined;
      },
      60_000,
      100,
      'the complaint tasks in the unit list',
    );
  }

  it('reassigns two tasks to a caseworker, who then finds them under "Meine Aufgaben"', async () => {
    const zeebe = env.app.get(ZeebeService).client;
    const keys: string[] = [];
    for (const channel of ['email', 'letter']) {
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: 'complaint-management',
        variables: { channel },
      });
      keys.push(String(created.processInstanceKey));
    }

    const leadContext = await env.browser.newContext({ locale: 'de-DE' });
    const lead = await leadContext.newPage();
    await signIn(lead, env.baseUrl, 'tl.bs', TEST_PASSWORD);
    const ids = await taskIdsOf(lead, keys);

    await lead.goto(`${env.baseUrl}/aufgaben`);
    await lead.getByRole('link', { name: 'Team und Auslastung' }).click();
    await lead.waitForURL(/\/aufgaben\/team$/);
    await lead.getByRole('heading', { name: 'Auslastung: BS – Beschwerdestelle' }).waitFor();
    const workload = lead.getByRole('table', { name: 'Offene Aufgaben je Person' });
    const caseworkerRow = workload.getByRole('row', { name: /^Sachbearbeitung BS/ });
    await expect(caseworkerRow.getByRole('cell').allTextContents()).resolves.toEqual(['0', '0']);
    const pool = workload.getByRole('row', { name: /^Nicht zugewiesen/ });
    await expect(pool.getByRole('cell').first().textContent()).resolves.toBe('2');
    expect(await seriousAxeViolations(lead)).toEqual([]);

    // one by keyboard, one by mouse
    const byKeyboard = lead.locator(`input[name="aufgaben"][value="${ids[0]}"]`);
    await byKeyboard.focus();
    await lead.keyboard.press('Space');
    await expect(byKeyboard.isChecked()).resolves.toBe(true);
    await lead.locator(`input[name="aufgaben"][value="${ids[1]}"]`).check();
    await lead.getByLabel('Ausgewählte Aufgaben zuweisen an').selectOption({ label: 'Sachbearbeitung BS' });
    await lead.getByRole('button', { name: 'Zuweisen' }).click();
    await lead
      .getByRole('status')
      .getByText('2 Aufgaben sind jetzt Sachbearbeitung BS zugewiesen.')
      .waitFor();
    await expect(caseworkerRow.getByRole('cell').allTextContents()).resolves.toEqual(['2', '0']);
    await expect(pool.getByRole('cell').first().textContent()).resolves.toBe('0');
    expect(await seriousAxeViolations(lead)).toEqual([]);
    await leadContext.close();

    const caseworkerContext = await env.browser.newContext({ locale: 'de-DE' });
    const caseworker = await caseworkerContext.newPage();
    await signIn(caseworker, env.baseUrl, 'sb.bs', TEST_PASSWORD);
    await caseworker.goto(`${env.baseUrl}/aufgaben`);
    expect(await caseworker.getByRole('link', { name: 'Meine Aufgaben' }).getAttribute('aria-current')).toBe(
      'page',
    );
    for (const id of ids) await caseworker.locator(`a[href="/aufgaben/${id}"]`).waitFor();
    await expect(caseworker.getByRole('link', { name: 'Team und Auslastung' }).count()).resolves.toBe(0);
    expect(await seriousAxeViolations(caseworker)).toEqual([]);
    await caseworkerContext.close();
  });
});
