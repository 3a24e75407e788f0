import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { startEmbeddedEngine } from '../../../src/engine/embedded';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import {
  bpmn,
  chain,
  deploy,
  sdkApi,
  serviceTask,
  sleep,
  uid,
  waitFor,
  type InspectableEngine,
  type ZeebeApi,
} from '../../utils/engine';

jest.setTimeout(120_000);

/**
 * Crash safety: an engine process under load is killed with SIGKILL and started again on the same
 * database. Every acknowledged instance completes, none completes twice, every job is delivered.
 */
const ROOT = resolve(__dirname, '../../..');
const SCRIPT = resolve(__dirname, 'fixtures/engine-process.ts');

function startEngineProcess(
  databaseUrl: string,
  port: number,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolvePromise, reject) => {
    // one OS process (node with the tsx loader, not the tsx CLI wrapper), so SIGKILL hits the engine itself
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, ENGINE_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`engine process not ready: ${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(m[1]) });
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine process exited (${code}) before ready: ${err}`));
    });
  });
}

describe('crash safety (SIGKILL under load)', () => {
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  let inspector: InspectableEngine | undefined;
  let sdk: ReturnType<Camunda8['getZeebeGrpcApiClient']> | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('mia_engine_crash_test');
  });
  afterAll(async () => {
    await sdk?.close().catch(() => undefined);
    child?.kill('SIGKILL');
    await inspector?.stop().catch(() => undefined);
    await db?.drop();
  });

  it('completes every acknowledged instance exactly once after a restart', async () => {
    const first = await startEngineProcess(db.url, 0);
    child = first.child;
    const port = first.port;
    sdk = new Camunda8({
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`,
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
    }).getZeebeGrpcApiClient();
    const api: ZeebeApi = sdkApi(sdk);

    const pid = uid('crash');
    const typeA = uid('crash_a');
    const typeB = uid('crash_b');
    await deploy(
      api,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('a', typeA)}
    ${serviceTask('b', typeB)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'a', 'b', 'end')}`,
      ),
    );

    const acknowledged = new Set<string>();
    /** job type → processInstanceKey → distinct job keys delivered */
    const delivered: Record<string, Map<string, Set<string>>> = { [typeA]: new Map(), [typeB]: new Map() };
    let running = true;

    const worker = async (type: string) => {
      while (running) {
        try {
          const jobs = await api.activateJobs({
            type,
            maxJobsToActivate: 16,
            requestTimeout: 500,
            timeout: 5_000,
          });
          for (const j of jobs) {
            const set = delivered[type].get(j.processInstanceKey) ?? new Set<string>();
            set.add(j.key);
            delivered[type].set(j.processInstanceKey, set);
            await api.completeJob(j.key, { [type]: true }).catch(() => undefined);
          }
        } catch {
          await sleep(200); // engine down: keep trying
        }
      }
    };
    const workers = [worker(typeA), worker(typeB)];

    const TOTAL = 150;
    const KILL_AFTER = 60;
    let restarted = false;
    for (let i = 0; i < TOTAL; i++) {
      if (i === KILL_AFTER) {
        child.kill('SIGKILL');
        await new Promise((r) => child?.once('exit', r));
        await sleep(300);
        const second = await startEngineProcess(db.url, port);
        child = second.child;
        restarted = true;
      }
      try {
        const inst = await api.createProcessInstance({ bpmnProcessId: pid, variables: { i } });
        acknowledged.add(inst.processInstanceKey);
      } catch {
        await sleep(100); // not acknowledged: does not count
      }
    }
    expect(restarted).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(TOTAL / 2);

    // an in-process engine on the same database, only to inspect instance state
    const ins: InspectableEngine = await startEmbeddedEngine({ databaseUrl: db.url, port: 0 });
    inspector = ins;
    await waitFor(
      async () => {
        for (const key of acknowledged) {
          const i = await ins.inspect.instance(key);
          if (i?.state !== 'COMPLETED') return false;
        }
        return true;
      },
      60_000,
      500,
      'every acknowledged instance completed',
    );
    running = false;
    await Promise.all(workers);

    for (const key of acknowledged) {
      // every job delivered at least once, and each element ran once: exactly one job per task
      expect(delivered[typeA].get(key)?.size).toBe(1);
      expect(delivered[typeB].get(key)?.size).toBe(1);
    }
    // no instance of this process ran that was not created (and none twice)
    for (const type of [typeA, typeB]) {
      for (const [key, jobs] of delivered[type]) {
        expect(jobs.size).toBe(1);
        const i = await ins.inspect.instance(key);
        expect(i?.state).toBe('COMPLETED');
      }
    }
  });
});
