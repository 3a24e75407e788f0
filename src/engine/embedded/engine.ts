import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bearerTokenInterceptor, checkEngineSecurity, hostPort, serverCredentials } from './grpc/auth';
import { gatewayHandlers, loadGatewayService } from './grpc/gateway';
import type { EmbeddedEngine, EmbeddedEngineOptions, IncidentView, InstanceView } from './index';
import { DefinitionCache } from './runtime/definitions';
import { EngineError, errorCode } from './runtime/errors';
import { Deployer } from './runtime/deployer';
import { JobActivator } from './runtime/jobs';
import { CommandProcessor } from './runtime/processor';
import type { ProcessInstanceRow, Vars } from './runtime/state';
import { createPool, KeyGenerator, migrate } from './store/database';

interface InstanceEnd {
  state: string;
  variables: Vars | null;
}

/** Starts the engine: schema, command processor, timer sweeper, and Zeebe's gRPC gateway. */
export async function startEmbeddedEngine(opts: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const host = opts.host ?? '127.0.0.1';
  // before anything starts: an exposed port needs TLS and a token
  checkEngineSecurity(host, { tls: opts.tls, token: opts.token });
  const credentials = serverCredentials(opts.tls);
  const log = opts.logger;
  const pool = createPool(opts.databaseUrl, 10);
  // an idle connection closed by the server (restart, administrator) is replaced on next use
  pool.on('error', (e) => log?.warn('engine database connection lost', { error: errorCode(e) }));
  await migrate(pool);
  const keys = new KeyGenerator(pool);
  const defs = new DefinitionCache();
  const activator = new JobActivator(pool);
  const origin = randomUUID();

  // CreateProcessInstanceWithResult waits here for the end of its instance
  const waiting = new Map<number, (end: InstanceEnd) => void>();
  const processor = new CommandProcessor(
    pool,
    keys,
    defs,
    {
      jobsAvailable: (types) => activator.notify(types),
      instancesEnded: (ended: { pi: ProcessInstanceRow; variables: Vars | null }[]) => {
        for (const { pi, variables } of ended) {
          const end = { state: pi.state, variables };
          waiting.get(pi.key)?.(end);
        }
      },
    },
    log,
    origin,
    activator,
  );
  const deployer = new Deployer(pool, keys, defs);

  const awaitInstance = (piKey: number, timeoutMs: number): Promise<InstanceEnd> => {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        waiting.delete(piKey);
        reject(
          new EngineError(
            'DEADLINE_EXCEEDED',
            `Timed out waiting for process instance '${piKey}' to complete`,
          ),
        );
      }, timeoutMs);
      waiting.set(piKey, (end) => {
        clearTimeout(t);
        waiting.delete(piKey);
        resolve(end);
      });
    });
  };

  // ---- gRPC gateway
  // answers go uncompressed over loopback (compressing costs more CPU than it saves); with a token,
  // every call is authenticated before its handler runs
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.default_compression_algorithm': 0,
    ...(opts.token ? { interceptors: [bearerTokenInterceptor(opts.token)] } : {}),
  });
  const service = loadGatewayService();
  let boundPort = 0;
  const handlers = gatewayHandlers(service, {
    processor,
    deployer,
    activator,
    host,
    port: () => boundPort,
    awaitInstance,
  });
  server.addService(service, handlers);
  boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(hostPort(host, opts.port ?? 0), credentials, (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );

  // ---- other engine processes on the same database announce their jobs
  const listener = new Client({ connectionString: opts.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => {
    if (n.channel !== 'engine_jobs' || !n.payload) return;
    const i = n.payload.indexOf(':');
    if (n.payload.slice(0, i) !== origin) activator.notify([n.payload.slice(i + 1)]);
  });
  listener.on('error', (e) => log?.warn('engine listener connection error', { error: errorCode(e) }));
  await listener.query('LISTEN engine_jobs');
  activator.start();

  // ---- timers and message expiry, swept on the database clock
  const inFlight = new Set<number>();
  let sweeping = false;
  let stopped = false;
  const sweep = async (): Promise<void> => {
    if (sweeping || stopped) return;
    sweeping = true;
    try {
      const { rows } = await pool.query<{ key: number }>(
        'SELECT key FROM engine.timer WHERE due_at <= engine.now_ms() ORDER BY due_at, key LIMIT 500',
      );
      for (const r of rows) {
        if (inFlight.has(r.key)) continue;
        inFlight.add(r.key);
        processor.submit({ type: 'timer', timerKey: r.key }).then(
          () => inFlight.delete(r.key),
          (e: Error) => {
            inFlight.delete(r.key);
            log?.error('timer could not be triggered', { timerKey: r.key, error: errorCode(e) });
          },
        );
      }
    } catch (e) {
      if (!stopped) log?.warn('timer sweep failed', { error: errorCode(e) });
    } finally {
      sweeping = false;
    }
  };
  let sweepRun: Promise<void> = Promise.resolve();
  const sweepTimer = setInterval(() => {
    sweepRun = sweep();
  }, 100);
  const expiry = setInterval(() => {
    pool.query('DELETE FROM engine.message WHERE expires_at <= engine.now_ms()').catch(() => undefined);
  }, 5_000);
  expiry.unref();

  const clock = {
    async add(ms: number) {
      await pool.query('UPDATE engine.clock SET offset_ms = offset_ms + $1 WHERE id = 1', [Math.round(ms)]);
      await sweep();
      activator.wakeAll();
    },
    async reset() {
      await pool.query('UPDATE engine.clock SET offset_ms = 0 WHERE id = 1');
    },
    async now() {
      const { rows } = await pool.query<{ now: number }>('SELECT engine.now_ms() AS now');
      return new Date(rows[0].now);
    },
  };

  const inspect = {
    async incidents(processInstanceKey: string): Promise<IncidentView[]> {
      const { rows } = await pool.query<{
        key: number;
        error_type: string;
        element_id: string;
        element_instance_key: number;
        error_message: string;
        job_key: number | null;
      }>('SELECT * FROM engine.incident WHERE process_instance_key = $1 ORDER BY key', [processInstanceKey]);
      return rows.map((r) => ({
        key: String(r.key),
        type: r.error_type,
        elementId: r.element_id,
        elementInstanceKey: String(r.element_instance_key),
        message: r.error_message,
        ...(r.job_key !== null ? { jobKey: String(r.job_key) } : {}),
      }));
    },
    async instance(processInstanceKey: string): Promise<InstanceView | null> {
      const { rows } = await pool.query<{
        state: InstanceView['state'];
        bpmn_process_id: string;
        version: number;
      }>('SELECT state, bpmn_process_id, version FROM engine.process_instance WHERE key = $1', [
        processInstanceKey,
      ]);
      if (!rows.length) return null;
      const vars = await pool.query<{ name: string; value: unknown }>(
        'SELECT name, value FROM engine.variable WHERE scope_key = $1',
        [processInstanceKey],
      );
      const els = await pool.query<{ element_id: string }>(
        'SELECT element_id FROM engine.element_instance WHERE process_instance_key = $1 AND key <> $1 ORDER BY key',
        [processInstanceKey],
      );
      return {
        state: rows[0].state,
        bpmnProcessId: rows[0].bpmn_process_id,
        version: rows[0].version,
        variables: Object.fromEntries(vars.rows.map((v) => [v.name, v.value])),
        activeElements: els.rows.map((e) => e.element_id),
      };
    },
  };

  return {
    stats: () => processor.stats,
    address: hostPort(host, boundPort),
    port: boundPort,
    clock,
    inspect,
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(sweepTimer);
      clearInterval(expiry);
      server.forceShutdown();
      await activator.stop();
      await sweepRun;
      await processor.stop();
      await listener.end().catch(() => undefined);
      await pool.end();
    },
  };
}
