/**
 * The task list on a large queue: the count stops at TOTAL_CAP (and says so), the pages beyond still
 * load, filters count exactly below the cap, and the person filter finds names in any word order.
 * Task rows are inserted with SQL (the collector is covered in tasks.spec.ts); `list` never calls the engine.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../src/auth/actor';
import { ormOptions } from '../../../src/database/orm.options';
import type { AppConfig } from '../../../src/config/app.config';
import type { ZeebeService } from '../../../src/engine/zeebe.service';
import { TOTAL_CAP, TasksService } from '../../../src/tasks/tasks.service';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const bs: Actor = { id: 'bs', username: 'bs.eins', displayName: 'BS', roles: ['caseworker'], units: ['BS'] };
const ROWS = TOTAL_CAP + 5;

describe('task list count', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let tasks: TasksService;
  const personId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(ormOptions(db.url));
    await orm.getMigrator().up();
    const connection = orm.em.getConnection();
    await connection.execute(
      `insert into person (id, file_number, family_name, given_names, name_variants, nationalities, vulnerabilities,
                           created_at, updated_at)
       values (?, 'MIA-2026-777777', 'Haddad', 'Samira', '["Hadad"]', '[]', '[]', now(), now())`,
      [personId],
    );
    await connection.execute(
      `insert into task (id, job_key, process_instance_key, element_instance_key, bpmn_process_id, process_version,
                         element_id, name, candidate_groups, due_date, variables, person_id, case_id, state, created_at)
       select gen_random_uuid(), 1000 + g, 2000 + g, 3000 + g, 'complaint-management', 1, 'Task_Pruefen',
              'Beschwerde prüfen', '{BS}', now() + g * interval '1 hour',
              jsonb_build_object('channel', case when g % 100 = 0 then 'letter' else 'email' end),
              case when g = 7 then ?::uuid end, case when g = 7 then 'MIA-2026-777777' end, 'open', now()
         from generate_series(1, ?) g`,
      [personId, ROWS],
    );
    tasks = new TasksService(orm, undefined as unknown as ZeebeService, undefined as unknown as AppConfig);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('counts up to TOTAL_CAP and says when more match; later pages still load', async () => {
    const first = await tasks.list(bs, { view: 'unit' });
    expect(first).toMatchObject({ total: TOTAL_CAP, totalCapped: true, page: 1, pageSize: 25 });
    expect(first.items).toHaveLength(25);
    const last = await tasks.list(bs, { view: 'unit', page: Math.ceil(ROWS / 25) });
    expect(last.items).toHaveLength(ROWS % 25);
    expect(last.totalCapped).toBe(true);
    const beyond = await tasks.list(bs, { view: 'unit', page: Math.ceil(ROWS / 25) + 1 });
    expect(beyond.items).toEqual([]);
  });

  it('counts exactly below the cap', async () => {
    const letters = await tasks.list(bs, { variables: { channel: 'letter' } });
    expect(letters).toMatchObject({ total: Math.floor(ROWS / 100), totalCapped: false });
    const none = await tasks.list({ ...bs, units: ['LG'] }, { view: 'unit' });
    expect(none).toMatchObject({ total: 0, totalCapped: false, items: [] });
  });

  it('finds a person by name in any word order, by spelling variant and by file number', async () => {
    for (const term of ['Haddad, Samira', 'samira haddad', 'Hadad', 'hadd', 'MIA-2026-777777']) {
      const page = await tasks.list(bs, { person: term });
      expect({ term, total: page.total }).toEqual({ term, total: 1 });
      expect(page.items[0]).toMatchObject({ personName: 'Haddad, Samira', fileNumber: 'MIA-2026-777777' });
    }
    expect((await tasks.list(bs, { person: 'Niemand' })).total).toBe(0);
    expect((await tasks.list(bs, { person: '12345' })).total).toBe(0);
  });
});
