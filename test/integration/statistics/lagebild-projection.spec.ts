/**
 * The Lagebild's stock projection (lagebild.projection.ts) against the reference: for a synthetic
 * district (the benchmark's generator: status histories with corrections, departures, naturalisations,
 * UMA care, Duldungen with their categories) the figures the service serves from the projection are the
 * figures the pure definitions compute over the full snapshot — for several reporting dates and periods,
 * after changes of single persons (only those are recomputed), and after a parameter change (rebuilt).
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { insert, synthesise } from '../../../bench/lagebild.part';
import { ParametersService } from '../../../src/parameters';
import { LagebildProjection } from '../../../src/statistics/lagebild.projection';
import { StatisticsService, type LagebildQuery } from '../../../src/statistics/statistics.service';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const QUERIES: LagebildQuery[] = [
  { stichtag: '2026-10-31', von: '2026-10-01', bis: '2026-10-31' },
  { stichtag: '2026-10-31', von: '2025-11-01', bis: '2026-10-31' },
  // a month start: many synthetic episodes begin and end on month boundaries
  { stichtag: '2025-06-01', von: '2025-05-01', bis: '2025-06-01' },
  { stichtag: '2024-12-31', von: '2024-12-01', bis: '2024-12-31' },
];

describe('Lagebild stock projection', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let pg: Client;
  let personIds: string[];

  /** the services as a request uses them (their own EntityManager context) */
  const inContext = <T>(work: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), work);
  const served = (query: LagebildQuery) => inContext(() => app.get(StatisticsService).lagebild(query));
  const reference = (query: LagebildQuery) =>
    inContext(() => app.get(StatisticsService).referenceFigures(query));
  const refresh = () =>
    inContext(async () =>
      app.get(LagebildProjection).refresh(await app.get(StatisticsService).parametersOn('2026-10-31')),
    );

  /** the served Lagebild and the reference agree on every figure for every query */
  async function expectSameAsReference(): Promise<void> {
    for (const query of QUERIES) {
      expect({ query, figures: (await served(query)).figures }).toEqual({
        query,
        figures: await reference(query),
      });
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    const rows = synthesise(1_500, 11);
    personIds = rows.persons.map((p) => String(p[0]));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await insert(pg, rows);
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await db?.drop();
  });

  it('serves the same figures as the definitions over the full snapshot', async () => {
    const built = await refresh();
    expect(built.rebuilt).toBe(true);
    expect(built.persons).toBe(1_500);
    const lagebild = await served(QUERIES[0]);
    // a district that counts: the figures are not all zero
    expect(lagebild.figures.stock.foreigners.value).toBeGreaterThan(500);
    expect(lagebild.figures.stock.asylumSeekers.value).toBeGreaterThan(0);
    await expectSameAsReference();
  });

  it('after changes to single persons recomputes only those and still agrees', async () => {
    const [moved, naturalised, departed, uma, corrected] = personIds.slice(100, 105);
    await pg.query(
      `update person set municipality = 'Aschersleben', nationalities = '["SYR","TUR"]' where id = $1`,
      [moved],
    );
    const episode = (
      personId: string,
      type: string,
      legalBasis: string | null,
      from: string,
      supersedes?: string,
    ) =>
      pg.query(
        `insert into status_episode (id, person_id, type, legal_basis, valid_from, valid_to, conditions, supersedes, recorded_at)
         values (gen_random_uuid(), $1, $2, $3, $4::date, null, '{}'::jsonb, $5, now())`,
        [personId, type, legalBasis, from, supersedes ?? null],
      );
    await episode(naturalised, 'Deutsch', '§ 10 StAG', '2026-10-15');
    await episode(departed, 'Ausgereist', null, '2026-09-30');
    await pg.query(
      `insert into domain_event (type, person_id, occurred_on, payload, idempotency_key, recorded_at)
       values ('UMAProvisionalCustodyStarted', $1::uuid, '2026-10-02'::date, '{}'::jsonb, $2, now())`,
      [uma, `test:uma:${uma}`],
    );
    const { rows: last } = await pg.query<{ id: string }>(
      `select id::text from status_episode where person_id = $1 order by valid_from desc, recorded_at desc limit 1`,
      [corrected],
    );
    await episode(corrected, 'Duldung §60d', '§ 60d AufenthG', '2026-10-20', last[0].id);
    // an event no stock figure reads marks nobody
    await pg.query(
      `insert into domain_event (type, person_id, occurred_on, payload, idempotency_key, recorded_at)
       values ('AccommodationAllocated', $1::uuid, '2026-10-02'::date, '{}'::jsonb, $2, now())`,
      [personIds[200], `test:acc:${personIds[200]}`],
    );

    const refreshed = await refresh();
    expect(refreshed).toEqual({ persons: 5, rebuilt: false });
    await expectSameAsReference();
    // nothing changed since: nothing recomputed
    expect(await refresh()).toEqual({
      persons: 0,
      rebuilt: false,
    });
  });

  it('a deleted person leaves the projection', async () => {
    const gone = personIds[300];
    const count = async () =>
      Number(
        (
          await pg.query<{ n: string }>(
            `select count(*) as n from lagebild_status_interval where person_id = $1`,
            [gone],
          )
        ).rows[0].n,
      );
    expect(await count()).toBeGreaterThan(0);
    // the person row alone (status episodes and events are append-only; erasure anonymises those)
    await pg.query(`alter table status_episode disable trigger status_episode_append_only`);
    await pg.query(`delete from status_episode where person_id = $1`, [gone]);
    await pg.query(`alter table status_episode enable trigger status_episode_append_only`);
    await pg.query(`delete from person where id = $1`, [gone]);
    await served(QUERIES[0]);
    expect(await count()).toBe(0);
    await expectSameAsReference();
  });

  it('a changed parameter in force rebuilds the projection with it', async () => {
    const before = await served(QUERIES[0]);
    await inContext(() =>
      app.get(ParametersService).addVersion({
        key: 'statistics.euEeaChCountries',
        validFrom: '2026-10-01',
        // Syria counted as EU, for the test only: the EU share must move
        value: ['POL', 'ROU', 'BGR', 'SYR'],
        source: 'Test',
        kind: 'local',
        recordedBy: 'test',
      }),
    );
    const after = await served(QUERIES[0]);
    expect(after.figures.stock.foreignersEu.value).toBeGreaterThan(
      before.figures.stock.foreignersEu.value ?? 0,
    );
    await expectSameAsReference();
  });
});
