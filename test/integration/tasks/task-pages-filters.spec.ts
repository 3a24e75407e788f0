/**
 * The task list page (/aufgaben) over HTTP with a signed-in session: the filters a caseworker fills in
 * (due and follow-up date ranges as Berlin calendar days, variable values as typed), sorting, and the
 * filters kept in the tab, sort and paging links. The tasks come from a small test model through the
 * embedded engine and the task collector, as in production.
 */
import type { INestApplication } from '@nestjs/common';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser } from '../../factories/user.factory';
import { signedIn } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { waitFor } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';

const PROCESS_ID = 'task-pages-filter-test';
const XML = userTaskProcess(PROCESS_ID, [
  {
    id: 'review',
    name: 'Filterbare Aufgabe',
    formId: 'bs-complaint-classify',
    candidateGroups: 'BS',
    dueDate: '=dueAt',
    followUpDate: '=followUpAt',
  },
]);

const UUID = /href="\/aufgaben\/([0-9a-f-]{36})"/g;

/** the task ids linked from the rows of the page, in order */
const rowIds = (html: string): string[] => [...html.matchAll(UUID)].map((m) => m[1]);

/** the decoded href of the link with that text */
function hrefOf(html: string, text: string): string {
  const m = new RegExp(`<a href="([^"]+)"[^>]*>${text}</a>`).exec(html);
  if (!m) throw new Error(`no link "${text}"`);
  return m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
}

describe('task list page filters (/aufgaben)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] });
    await createUser(app, {
      username: 'tl.bs',
      displayName: 'Teamleitung BS',
      units: ['BS'],
      roles: ['team-lead', 'caseworker'],
    });
    const zeebe = app.get(ZeebeService).client;
    await deployUserTaskProcess(app, PROCESS_ID, XML);
    // Berlin is UTC+1 in March 2030: 23:30 UTC on the 10th is 00:30 on the 11th in Berlin
    const tasks: Record<string, Record<string, unknown>> = {
      a: {
        dueAt: '2030-03-10T10:00:00Z',
        followUpAt: '2030-03-01T08:00:00Z',
        category: 'service',
        count: 3,
        ref: '0815',
      },
      b: {
        dueAt: '2030-03-20T10:00:00Z',
        followUpAt: '2030-03-15T08:00:00Z',
        category: 'decision',
        count: 4,
        ref: '4711',
      },
      c: {
        dueAt: '2030-03-10T23:30:00Z',
        followUpAt: '2030-04-01T08:00:00Z',
        category: 'service',
        count: 5,
        ref: '0816',
      },
    };
    const keys: Record<string, string> = {};
    for (const [name, variables] of Object.entries(tasks)) {
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { run: 'filters', ...variables },
      });
      keys[name] = String(created.processInstanceKey);
    }
    const { agent } = await signedIn(app, 'sb.bs');
    await waitFor(
      async () => {
        const res = await agent.get('/api/tasks').query({ process: PROCESS_ID, pageSize: 200 }).expect(200);
        for (const t of (res.body as { items: { id: string; processInstanceKey: string }[] }).items) {
          const name = Object.keys(keys).find((k) => keys[k] === t.processInstanceKey);
          if (name) ids[name] = t.id;
        }
        return Object.keys(ids).length === 3;
      },
      60_000,
      50,
      'the test tasks in the list',
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** the unit's list of the test process with these filters, as the form sends them */
  async function listPage(query: string): Promise<string> {
    const { agent } = await signedIn(app, 'sb.bs');
    const res = await agent.get(`/aufgaben?ansicht=einheit&verfahren=${PROCESS_ID}&${query}`).expect(200);
    return res.text;
  }

  it('filters by due date from/to as Berlin calendar days', async () => {
    const tenth = rowIds(await listPage('faelligVon=2030-03-10&faelligBis=2030-03-10'));
    expect(tenth).toEqual([ids.a]);
    // the task due 00:30 on the 11th in Berlin shows as due on the 11th
    const html = await listPage('faelligVon=2030-03-11&faelligBis=2030-03-11');
    expect(rowIds(html)).toEqual([ids.c]);
    expect(html).toContain('11.03.2030');
    expect(rowIds(await listPage('faelligVon=2030-03-11'))).toEqual([ids.c, ids.b]);
    // the form shows what was filtered by
    expect(html).toContain('name="faelligVon" value="2030-03-11"');
  });

  it('filters by follow-up date ("Wiedervorlage von/bis")', async () => {
    expect(rowIds(await listPage('wiedervorlageVon=2030-03-10&wiedervorlageBis=2030-03-31'))).toEqual([
      ids.b,
    ]);
    expect(rowIds(await listPage('wiedervorlageBis=2030-03-15'))).toEqual([ids.a, ids.b]);
    const html = await listPage('wiedervorlageVon=2030-03-02');
    expect(rowIds(html)).toEqual(expect.arrayContaining([ids.b, ids.c]));
    expect(rowIds(html)).not.toContain(ids.a);
  });

  it('filters by variable values as typed: option labels, numbers, digit texts, several at once', async () => {
    // the label the register form shows for the value "service"
    const byLabel = await listPage(
      `variable=category&wert=${encodeURIComponent('Service (Wartezeit, Dolmetschen)')}`,
    );
    expect(rowIds(byLabel)).toEqual([ids.a, ids.c]);
    expect(rowIds(await listPage('variable=category&wert=decision'))).toEqual([ids.b]);
    // "4" finds the number 4; "0815" finds the text "0815"
    expect(rowIds(await listPage('variable=count&wert=4'))).toEqual([ids.b]);
    expect(rowIds(await listPage('variable=ref&wert=0815'))).toEqual([ids.a]);
    // two rows: both must hold; an empty row is ignored
    const both = await listPage('variable=category&wert=service&variable=count&wert=5&variable=&wert=');
    expect(rowIds(both)).toEqual([ids.c]);
    // the chosen variables stay selected, and a further empty row is offered
    expect(both).toContain('<option value="count" selected>');
    expect(both).toContain('id="filter-variable-2"');
    expect(rowIds(await listPage('variable=category&wert=keine-solche'))).toEqual([]);
  });

  it('sorts, and keeps every filter in the tab, sort and paging links', async () => {
    const desc = await listPage('sortierung=dueDate&reihenfolge=desc&variable=category&wert=service');
    expect(rowIds(desc)).toEqual([ids.c, ids.a]);
    const overdueTab = hrefOf(desc, 'Überfällig');
    const params = new URLSearchParams(overdueTab.split('?')[1]);
    expect(params.get('ansicht')).toBe('ueberfaellig');
    expect(params.get('verfahren')).toBe(PROCESS_ID);
    expect(params.get('reihenfolge')).toBe('desc');
    expect(params.getAll('variable')).toEqual(['category']);
    expect(params.getAll('wert')).toEqual(['service']);
  });

  it('keeps the filters in the "next page" link', async () => {
    const zeebe = app.get(ZeebeService).client;
    const keys = new Set<string>();
    for (let i = 0; i < 26; i++) {
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { run: 'paging', dueAt: '2031-01-05T10:00:00Z', followUpAt: '2031-01-01T10:00:00Z' },
      });
      keys.add(String(created.processInstanceKey));
    }
    const query = 'faelligVon=2031-01-01&faelligBis=2031-01-31&variable=run&wert=paging';
    const first = await waitFor(
      async () => {
        const html = await listPage(query);
        return html.includes('Nächste Seite') && html;
      },
      45_000,
      50,
      'a second page of the paging tasks',
    );
    expect(rowIds(first)).toHaveLength(25);
    const next = hrefOf(first, 'Nächste Seite');
    const params = new URLSearchParams(next.split('?')[1]);
    expect(Object.fromEntries(params)).toMatchObject({
      seite: '2',
      faelligVon: '2031-01-01',
      faelligBis: '2031-01-31',
      variable: 'run',
      wert: 'paging',
    });
    const { agent } = await signedIn(app, 'sb.bs');
    const second = await agent.get(next).expect(200);
    expect(rowIds(second.text)).toHaveLength(1);
    expect(second.text).toContain('Seite 2 von 2');
    for (const key of keys) await zeebe.cancelProcessInstance(key);
  });

  it('shows the team tab to team leads only', async () => {
    const caseworker = await listPage('');
    expect(caseworker).not.toContain('Team und Auslastung');
    const lead = await signedIn(app, 'tl.bs');
    const res = await lead.agent.get('/aufgaben').expect(200);
    expect(hrefOf(res.text, 'Team und Auslastung')).toBe('/aufgaben/team');
  });

  it('refuses a date that does not exist', async () => {
    const { agent } = await signedIn(app, 'sb.bs');
    await agent.get('/aufgaben?faelligBis=2030-02-31').expect(400);
  });
});
