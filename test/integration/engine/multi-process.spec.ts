import { Camunda8 } from '@camunda8/sdk';
import { Client } from 'pg';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../src/engine/embedded';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { bpmn, chain, serviceTask, uid, waitFor } from '../../utils/engine';

/**
 * Two engine processes on one database (as two platform instances would run): work created through
 * one is done through the other, and a timer fires once, whichever engine sweeps it.
 */
type Zeebe = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

let db: TestDatabase;
let a: EmbeddedEngine;
let b: EmbeddedEngine;
let za: Zeebe;
let zb: Zeebe;
let pg: Client;

function client(engine: EmbeddedEngine): Zeebe {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${engine.address}`,
    CAMUNDA_OAUTH_DISABLED: true,
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
  } as never).getZeebeGrpcApiClient();
}

beforeAll(async () => {
  db = await createTestDatabase();
  a = await startEmbeddedEngine({ databaseUrl: db.url });
  b = await startEmbeddedEngine({ databaseUrl: db.url });
  za = client(a);
  zb = client(b);
  pg = new Client({ connectionString: db.url });
  await pg.connect();
});

afterAll(async () => {
  await Promise.allSettled([za.close(), zb.close()]);
  await pg.end();
  await a.stop();
  await b.stop();
  await db.drop();
});

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(sql, params);
  return Number(rows[0].n);
}

it('instances created through one engine are worked through the other', async () => {
  const pid = uid('two_engines');
  const type = uid('work');
  await za.deployResource({
    process: Buffer.from(
      bpmn(
        pid,
        `${serviceTask('work', type)}\n<bpmn:startEvent id="start" />\n<bpmn:endEvent id="end" />\n${chain('start', 'work', 'end')}`,
      ),
    ),
    name: `${pid}.bpmn`,
  });
  const done: string[] = [];
  const worker = zb.createWorker({
    taskType: type,
    taskHandler: (job) => {
      done.push(job.processInstanceKey);
      return job.complete({ by: 'b' });
    },
  });
  const keys: string[] = [];
  for (let i = 0; i < 20; i++)
    keys.push((await za.createProcessInstance({ bpmnProcessId: pid, variables: { i } })).processInstanceKey);
  await waitFor(
    async () =>
      (await count(
        "SELECT count(*) AS n FROM engine.event_log WHERE bpmn_process_id = $1 AND element_type = 'PROCESS' AND intent = 'ELEMENT_COMPLETED'",
        [pid],
      )) === 20,
    20_000,
  );
  await worker.close();
  expect(new Set(done)).toEqual(new Set(keys));
  for (const k of keys) expect((await a.inspect.instance(k))?.state).toBe('COMPLETED');
});

it('a timer fires once although both engines sweep it', async () => {
  const pid = uid('two_engines_timer');
  await zb.deployResource({
    process: Buffer.from(
      bpmn(
        pid,
        `<bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    ${chain('start', 'wait', 'end')}`,
      ),
    ),
    name: `${pid}.bpmn`,
  });
  const keys: string[] = [];
  for (let i = 0; i < 10; i++)
    keys.push((await za.createProcessInstance({ bpmnProcessId: pid, variables: {} })).processInstanceKey);
  await b.clock.add(60 * 60 * 1000 + 1000);
  await waitFor(
    async () =>
      (await count(
        "SELECT count(*) AS n FROM engine.event_log WHERE bpmn_process_id = $1 AND element_type = 'PROCESS' AND intent = 'ELEMENT_COMPLETED'",
        [pid],
      )) === 10,
    20_000,
  );
  // the clock is shared: both engines saw the move; each timer completed its event exactly once
  expect(
    await count(
      "SELECT count(*) AS n FROM engine.event_log WHERE bpmn_process_id = $1 AND element_id = 'wait' AND intent = 'ELEMENT_COMPLETED'",
      [pid],
    ),
  ).toBe(10);
  expect((await a.clock.now()).getTime()).toBeGreaterThan(Date.now() + 59 * 60 * 1000);
  await a.clock.reset();
});
