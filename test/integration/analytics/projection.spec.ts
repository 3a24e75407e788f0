/**
 * The event-log projection is exact although the engine's batches commit event positions out of
 * order: rows written by real concurrent PostgreSQL transactions, one left open and one rolled back,
 * are each applied once settled, never lost, and the watermark passes a rolled-back gap.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { Client, Pool } from 'pg';
import { EventLogProjection } from '../../../src/analytics/event-log.projection';
import { formatDuration } from '../../../src/analytics/format';
import { ormOptions } from '../../../src/database/orm.options';
import { createPool, migrate } from '../../../src/engine/embedded/store/database';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const DAY = 86_400_000;

interface Row {
  key: string;
  element_type: string;
  started_at: Date | null;
  ended_at: Date | null;
  end_state: string | null;
  outcome_element_id: string | null;
}

describe('event-log projection (analytics_element_instance)', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let pool: Pool;
  let projection: EventLogProjection;

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_projection');
    orm = await MikroORM.init(ormOptions(db.url));
    await orm.getMigrator().up();
    pool = createPool(db.url, 4);
    await migrate(pool);
    projection = new EventLogProjection(orm.em);
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await orm?.close(true);
    await db?.drop();
  });

  /** one event as the engine writes it (element type PROCESS for the instance itself) */
  async function insert(
    client: Client | Pool,
    e: {
      key: number;
      pi: number;
      elementId: string;
      type: string;
      intent: string;
      at: number;
      scope?: number;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO engine.event_log (key, process_instance_key, bpmn_process_id, definition_key, version, element_id,
         element_type, bpmn_element_type, flow_scope_key, intent, created_at)
       VALUES ($1, $2, 'p', 1, 1, $3, $4, 'bpmn:X', $5, $6, to_timestamp($7 / 1000.0))`,
      [e.key, e.pi, e.elementId, e.type, e.scope ?? null, e.intent, e.at],
    );
  }

  async function open(): Promise<Client> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    return c;
  }

  const rows = async (): Promise<Map<string, Row>> => {
    const result = await pool.query<Row>(
      'SELECT key::text, element_type, started_at, ended_at, end_state, outcome_element_id FROM analytics_element_instance',
    );
    return new Map(result.rows.map((r) => [r.key, r]));
  };
  const watermark = async (): Promise<string> =>
    (
      await pool.query<{ w: string }>(
        'SELECT watermark::text AS w FROM analytics_projection_state WHERE id = 1',
      )
    ).rows[0].w;

  it('applies a row committed after a later one, and is exact to the millisecond', async () => {
    // batch 1 draws position 1 (the instance starts) and stays open; batch 2 writes position 2 and commits
    const slow = await open();
    await insert(slow, {
      key: 100,
      pi: 100,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_ACTIVATING',
      at: T0,
    });
    await insert(pool, {
      key: 101,
      pi: 100,
      elementId: 'task',
      type: 'USER_TASK',
      intent: 'ELEMENT_ACTIVATED',
      at: T0 + 5,
      scope: 100,
    });
    const first = await projection.catchUp();
    expect(first.watermark).toBe('0');
    expect([...(await rows()).keys()]).toEqual(['101']);

    await slow.query('COMMIT');
    await slow.end();
    await projection.catchUp();
    expect(await watermark()).toBe('2');
    expect((await rows()).get('100')).toMatchObject({
      element_type: 'PROCESS',
      started_at: new Date(T0),
      ended_at: null,
    });

    // the task and the instance end two days later, at an end event directly in the process
    await insert(pool, {
      key: 101,
      pi: 100,
      elementId: 'task',
      type: 'USER_TASK',
      intent: 'ELEMENT_COMPLETED',
      at: T0 + 2 * DAY,
      scope: 100,
    });
    await insert(pool, {
      key: 102,
      pi: 100,
      elementId: 'ende',
      type: 'END_EVENT',
      intent: 'ELEMENT_ACTIVATED',
      at: T0 + 2 * DAY,
      scope: 100,
    });
    await insert(pool, {
      key: 102,
      pi: 100,
      elementId: 'ende',
      type: 'END_EVENT',
      intent: 'ELEMENT_COMPLETED',
      at: T0 + 2 * DAY,
      scope: 100,
    });
    await insert(pool, {
      key: 100,
      pi: 100,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_COMPLETED',
      at: T0 + 2 * DAY + 5,
    });
    await projection.catchUp();
    const after = await rows();
    const task = after.get('101')!;
    expect(task).toMatchObject({ end_state: 'COMPLETED' });
    const taskMs = task.ended_at!.getTime() - task.started_at!.getTime();
    expect(taskMs).toBe(2 * DAY - 5);
    expect(formatDuration(2 * DAY)).toBe('2 Tage');
    expect(after.get('100')).toMatchObject({ end_state: 'COMPLETED', outcome_element_id: 'ende' });
    expect(after.get('100')!.ended_at!.getTime() - after.get('100')!.started_at!.getTime()).toBe(2 * DAY + 5);
  });

  it('passes a gap left by a rolled-back batch once no transaction can still fill it', async () => {
    const before = BigInt(await watermark());
    const doomed = await open();
    await insert(doomed, {
      key: 200,
      pi: 200,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_ACTIVATING',
      at: T0,
    });
    await doomed.query('ROLLBACK');
    await doomed.end();
    await insert(pool, {
      key: 201,
      pi: 201,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_ACTIVATING',
      at: T0,
    });
    const {
      rows: [{ last }],
    } = await pool.query<{ last: string }>('SELECT max(position)::text AS last FROM engine.event_log');
    // first catch-up: the gap may still be a running batch — applied beyond it, watermark held
    await projection.catchUp();
    expect(BigInt(await watermark())).toBe(before);
    expect((await rows()).has('201')).toBe(true);
    // a later catch-up, once every transaction of that time has ended (transaction ids are cluster-wide:
    // a long transaction of another test's database delays it), settles the gap
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      await projection.catchUp();
      if ((await watermark()) === last) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await watermark()).toBe(last);
    expect((await rows()).has('200')).toBe(false);
  });

  it('shares one run between concurrent callers and still sees what was committed before each call', async () => {
    await insert(pool, {
      key: 300,
      pi: 300,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_ACTIVATING',
      at: T0,
    });
    const runs = [projection.catchUp(), projection.catchUp(), projection.catchUp()];
    await insert(pool, {
      key: 301,
      pi: 301,
      elementId: 'p',
      type: 'PROCESS',
      intent: 'ELEMENT_ACTIVATING',
      at: T0,
    });
    const fourth = projection.catchUp();
    await Promise.all([...runs, fourth]);
    const now = await rows();
    expect(now.has('300')).toBe(true);
    expect(now.has('301')).toBe(true);
  });
});
