import { Zeebe } from '@camunda8/sdk';
import { Client } from 'pg';

import { createTestDatabase, TestDatabase } from '../../utils/database';
import { EngineProcess, freePort, startEngineProcess, zeebeClient } from '../../utils/engine-process';

/**
 * Crash safety of the embedded engine (issue 2, section 4): an engine process under load is killed with
 * SIGKILL and started again on the same database and port. Afterwards
 *  - every instance whose creation returned a key completes, exactly once (engine.event_log);
 *  - every job of those instances was delivered to a worker at least once, and no job completed twice;
 *  - instances the engine created although the client never got the key (response lost in the crash)
 *    complete as well: nothing the engine accepted is left hanging.
 * Creations that fail during the outage are retried by this test; only returned keys count as created.
 */

const INSTANCES = Number(process.env.CRASH_INSTANCES ?? 200);
const KILL_AFTER = Math.floor(INSTANCES * 0.4); // SIGKILL once this many creations returned a key
const CREATE_CONCURRENCY = 8;
const CREATE_PACE_MS = 5; // between two creations of one creator: keeps the load spread over the kill
const HANDLER_MIN_MS = 20; // each job takes 20–100 ms in the worker
const JOB_TIMEOUT_MS = 3_000; // activation deadline: jobs held by the killed engine come back quickly
const RETRYABLE = new Set([1, 2, 4, 8, 13, 14]); // CANCELLED UNKNOWN DEADLINE RESOURCE_EXHAUSTED INTERNAL UNAVAILABLE
const ACK = Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;

const PROCESS_ID = 'crash-safety';
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="crash-safety-definitions"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to-work</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to-work" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="crash-work" retries="3" /></bpmn:extensionElements>
      <bpmn:incoming>to-work</bpmn:incoming><bpmn:outgoing>to-done</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-done" sourceRef="work" targetRef="done" />
    <bpmn:serviceTask id="done">
      <bpmn:extensionElements><zeebe:taskDefinition type="crash-done" retries="3" /></bpmn:extensionElements>
      <bpmn:incoming>to-done</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-end" sourceRef="done" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const grpcCode = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : undefined;

/** instance key → job keys delivered to the worker of one job type */
class Deliveries {
  readonly byInstance = new Map<string, Set<string>>();
  readonly jobKeys = new Set<string>();
  deliveries = 0;
  record(processInstanceKey: string, jobKey: string): void {
    this.deliveries += 1;
    this.jobKeys.add(jobKey);
    const jobs = this.byInstance.get(processInstanceKey) ?? new Set<string>();
    jobs.add(jobKey);
    this.byInstance.set(processInstanceKey, jobs);
  }
}

describe('embedded engine: crash safety (SIGKILL under load)', () => {
  jest.setTimeout(120_000);

  let db: TestDatabase;
  let port: number;
  let engine: EngineProcess | undefined;
  const engines: EngineProcess[] = [];
  const clients: Zeebe.ZeebeGrpcClient[] = [];

  async function startEngine(): Promise<EngineProcess> {
    engine = await startEngineProcess({ databaseUrl: db.url, port });
    engines.push(engine);
    return engine;
  }

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_crash');
    port = await freePort();
    await startEngine();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close(2_000)));
    await Promise.allSettled(engines.map((e) => e.stop(3_000)));
    await db?.drop();
  });

  it('completes every created instance exactly once and delivers every job', async () => {
    const address = `127.0.0.1:${port}`;
    // Creations: no SDK retries, the test retries itself and counts only returned keys.
    const creator = zeebeClient(address, { ZEEBE_GRPC_CLIENT_RETRY: false });
    // Workers: SDK retries for CompleteJob, short reconnect and poll back-off across the outage.
    const workerClient = zeebeClient(address, {
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 20,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 1,
      GRPC_INITIAL_RECONNECT_BACKOFF_MS: 100,
      GRPC_MIN_RECONNECT_BACKOFF_MS: 100,
      GRPC_MAX_RECONNECT_BACKOFF_MS: 500,
    });
    clients.push(creator, workerClient);

    const deployment = await creator.deployResource({
      name: `${PROCESS_ID}.bpmn`,
      process: Buffer.from(MODEL),
    });
    expect(deployment.deployments.length).toBe(1);

    const work = new Deliveries();
    const done = new Deliveries();
    let completeErrors = 0;
    let handling = 0; // jobs in a handler right now
    const worker = (taskType: string, log: Deliveries) =>
      workerClient.createWorker({
        taskType,
        maxJobsToActivate: 64,
        timeout: JOB_TIMEOUT_MS,
        longPoll: 5_000,
        pollInterval: 50,
        CAMUNDA_JOB_WORKER_MAX_BACKOFF_MS: 500,
        loglevel: 'NONE',
        taskHandler: async (job) => {
          log.record(job.processInstanceKey, job.key);
          handling += 1;
          try {
            // a little work, so that the kill finds jobs activated but not yet completed
            await sleep(HANDLER_MIN_MS + Math.random() * HANDLER_MIN_MS * 4);
            return await job.complete();
          } catch {
            // engine down or job already gone: the job comes back after its deadline (at least once)
            completeErrors += 1;
            return ACK;
          } finally {
            handling -= 1;
          }
        },
      });
    const workers = [worker('crash-work', work), worker('crash-done', done)];

    // --- load: CREATE_CONCURRENCY creators until INSTANCES keys; SIGKILL + restart in the middle ---
    const created: string[] = [];
    const createErrors = new Map<string, number>();
    let launched = 0;
    let createdAtKill = -1;
    let doneAtKill = -1;
    let jobsInHandAtKill = -1;
    let restart: Promise<EngineProcess> | undefined;

    const killAndRestart = async (): Promise<EngineProcess> => {
      const victim = engine!;
      createdAtKill = created.length;
      doneAtKill = done.byInstance.size;
      jobsInHandAtKill = handling;
      await victim.kill('SIGKILL');
      return startEngine();
    };

    const createOne = async (): Promise<void> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const response = await creator.createProcessInstance({
            bpmnProcessId: PROCESS_ID,
            variables: { attempt },
          });
          created.push(response.processInstanceKey);
          if (created.length >= KILL_AFTER && !restart) restart = killAndRestart();
          return;
        } catch (error) {
          const code = grpcCode(error);
          const label = `${code ?? '?'}`;
          createErrors.set(label, (createErrors.get(label) ?? 0) + 1);
          if (code === undefined || !RETRYABLE.has(code) || attempt >= 200) throw error;
          await sleep(100);
        }
      }
    };

    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (launched < INSTANCES) {
          launched += 1;
          await createOne();
          await sleep(CREATE_PACE_MS);
        }
      }),
    );
    expect(restart).toBeDefined();
    const second = await restart!;
    expect(second.pid).not.toBe(engines[0].pid);

    // --- drain: wait until the done-worker has seen every created instance ---
    const deadline = Date.now() + 60_000;
    const unfinished = (): string[] => created.filter((key) => !done.byInstance.has(key));
    while (unfinished().length > 0 && Date.now() < deadline) await sleep(200);
    // let the last CompleteJob calls land before reading the log
    await sleep(1_500);
    await Promise.allSettled(workers.map((w) => w.close()));

    const summary = {
      instances: INSTANCES,
      created: created.length,
      createdAtKill,
      doneAtKill,
      jobsInHandAtKill,
      createErrors: Object.fromEntries(createErrors),
      workDeliveries: work.deliveries,
      doneDeliveries: done.deliveries,
      completeErrors,
      unfinished: unfinished().length,
    };

    // --- the engine's own record ---
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const processCounts = await pg.query<{ key: string; activated: string; completed: string }>(
        `SELECT process_instance_key::text AS key,
                count(*) FILTER (WHERE intent = 'ELEMENT_ACTIVATED') AS activated,
                count(*) FILTER (WHERE intent = 'ELEMENT_COMPLETED') AS completed
           FROM engine.event_log
          WHERE element_type = 'PROCESS'
          GROUP BY process_instance_key`,
      );
      const completedCount = new Map(processCounts.rows.map((r) => [r.key, Number(r.completed)]));
      const jobs = await pg.query<{ key: string; element_id: string; created: string; completed: string }>(
        `SELECT key::text AS key, min(element_id) AS element_id,
                count(*) FILTER (WHERE intent = 'JOB_CREATED') AS created,
                count(*) FILTER (WHERE intent = 'JOB_COMPLETED') AS completed
           FROM engine.event_log
          WHERE intent IN ('JOB_CREATED', 'JOB_COMPLETED')
          GROUP BY key`,
      );
      const jobsCompletedTwice = jobs.rows.filter((j) => Number(j.completed) > 1).map((j) => j.key);
      const jobsNeverDelivered = jobs.rows
        .filter((j) => Number(j.created) > 0 && !work.jobKeys.has(j.key) && !done.jobKeys.has(j.key))
        .map((j) => `${j.key} (${j.element_id})`);

      // Every created instance completes, exactly once.
      const notCompletedOnce = created
        .filter((key) => completedCount.get(key) !== 1)
        .map((key) => `${key}: ${completedCount.get(key) ?? 0} completions`);
      // Nothing anywhere completes twice, and nothing the engine started stays active.
      const completedTwice = processCounts.rows.filter((r) => Number(r.completed) > 1).map((r) => r.key);
      const orphans = processCounts.rows
        .filter((r) => Number(r.activated) > 0 && Number(r.completed) === 0)
        .map((r) => r.key);
      // Every instance's jobs were seen by the workers.
      const workNeverDelivered = created.filter((key) => !work.byInstance.has(key));
      const doneNeverDelivered = created.filter((key) => !done.byInstance.has(key));

      const report = {
        ...summary,
        engineProcessInstances: processCounts.rowCount,
        engineJobs: jobs.rowCount,
        notCompletedOnce: notCompletedOnce.slice(0, 20),
        completedTwice: completedTwice.slice(0, 20),
        orphans: orphans.slice(0, 20),
        workNeverDelivered: workNeverDelivered.slice(0, 20),
        doneNeverDelivered: doneNeverDelivered.slice(0, 20),
        jobsNeverDelivered: jobsNeverDelivered.slice(0, 20),
        jobsCompletedTwice: jobsCompletedTwice.slice(0, 20),
      };
      const failed =
        created.length !== INSTANCES ||
        new Set(created).size !== created.length ||
        createdAtKill >= INSTANCES ||
        [
          notCompletedOnce,
          completedTwice,
          orphans,
          workNeverDelivered,
          doneNeverDelivered,
          jobsNeverDelivered,
          jobsCompletedTwice,
        ].some((list) => list.length > 0);
      if (process.env.CRASH_VERBOSE === '1') console.log(`crash-safety summary: ${JSON.stringify(report)}`);
      if (failed) {
        console.error(
          `crash-safety report:\n${JSON.stringify(report, null, 2)}\n--- engine output (last start) ---\n${engine?.output()}`,
        );
      }

      expect(created).toHaveLength(INSTANCES);
      expect(new Set(created).size).toBe(INSTANCES); // keys are unique
      expect(createdAtKill).toBeLessThan(INSTANCES); // the kill really happened under load
      // all violations in one diff (each list shows at most 20 keys)
      expect({
        notCompletedOnce: report.notCompletedOnce,
        completedTwice: report.completedTwice,
        orphans: report.orphans,
        workNeverDelivered: report.workNeverDelivered,
        doneNeverDelivered: report.doneNeverDelivered,
        jobsNeverDelivered: report.jobsNeverDelivered,
        jobsCompletedTwice: report.jobsCompletedTwice,
      }).toEqual({
        notCompletedOnce: [],
        completedTwice: [],
        orphans: [],
        workNeverDelivered: [],
        doneNeverDelivered: [],
        jobsNeverDelivered: [],
        jobsCompletedTwice: [],
      });
    } finally {
      await pg.end();
    }
  });
});
