import type { Pool, PoolClient } from 'pg';
import type { EngineLogger } from '../index';
import type { KeyGenerator } from '../store/database';
import { EngineError, errorCode } from './errors';
import { Executor, type ExecContext, type FollowUp, type LoadedDefinition } from './executor';
import type { DefinitionCache } from './definitions';
import { camel, flushAndCommit, lockAndLoad } from './rows';
import { jobView, type ActivatedJobView, type JobActivator, type JobReceiver } from './jobs';
import type { JobRow, ProcessInstanceRow, SubscriptionRow, Vars } from './state';
import { World } from './world';

export type Command =
  | {
      type: 'create';
      bpmnProcessId: string;
      version: number;
      processDefinitionKey: number;
      variables: Vars;
      /** start instructions: begin at these elements instead of the none start event */
      startElementIds?: string[];
      /** CreateProcessInstanceWithResult: report the end if it happens within the same batch */
      awaitResult?: boolean;
    }
  | { type: 'completeJob'; jobKey: number; variables: Vars }
  | {
      type: 'failJob';
      jobKey: number;
      retries: number;
      errorMessage: string;
      retryBackOff: number;
      variables: Vars;
    }
  | { type: 'throwError'; jobKey: number; errorCode: string; errorMessage: string; variables: Vars }
  | { type: 'updateRetries'; jobKey: number; retries: number }
  | { type: 'updateTimeout'; jobKey: number; timeout: number }
  | { type: 'cancel'; processInstanceKey: number }
  | { type: 'setVariables'; elementInstanceKey: number; variables: Vars; local: boolean }
  | { type: 'resolveIncident'; incidentKey: number }
  | { type: 'publish'; name: string; correlationKey: string; ttl: number; messageId: string; variables: Vars }
  | { type: 'signal'; name: string; variables: Vars }
  | { type: 'timer'; timerKey: number }
  /** a pushed job its receiver could not take: offer it again at once */
  | { type: 'yieldJob'; jobKey: number; deadline: number };

export interface CreateResult {
  /** set for awaitResult commands whose instance already ended in the creating batch */
  ended?: { state: string; variables: Vars | null };
  processDefinitionKey: number;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: number;
}

export type CommandResult = CreateResult | { key: number } | Record<string, never>;

interface Pending {
  cmd: Command;
  resolve(r: CommandResult): void;
  reject(e: unknown): void;
}

export interface ProcessorHooks {
  /** job types that got activatable jobs (after commit) */
  jobsAvailable(types: string[]): void;
  /** process instances that ended (after commit) */
  instancesEnded(ended: { pi: ProcessInstanceRow; variables: Vars | null }[]): void;
}

const MAX_BATCH = 64;
const MAX_CONCURRENT_BATCHES = 2;

/**
 * Runs commands in batches: one transaction per batch (group commit), every touched process instance
 * locked in key order, the BPMN semantics applied in memory, the net effect written in one statement.
 */
export class CommandProcessor {
  private readonly queue: Pending[] = [];
  private running = 0;
  private stopped = false;
  /** statistics for the benchmark */
  readonly stats = {
    batches: 0,
    commands: 0,
    ms: { connect: 0, preload: 0, begin: 0, execute: 0, commit: 0 },
  };

  constructor(
    private readonly pool: Pool,
    private readonly keys: KeyGenerator,
    private readonly defs: DefinitionCache,
    private readonly hooks: ProcessorHooks,
    private readonly logger?: EngineLogger,
    /** this engine process, in NOTIFY payloads */
    private readonly origin = 'engine',
    /** receivers of pushed jobs */
    private readonly receivers?: JobActivator,
  ) {}

  submit(cmd: Command): Promise<CommandResult> {
    if (this.stopped) return Promise.reject(new EngineError('UNAVAILABLE', 'The engine is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ cmd, resolve, reject });
      if (this.running < MAX_CONCURRENT_BATCHES) void this.loop();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Up to MAX_CONCURRENT_BATCHES batches run at once, each on its own connection: while one waits for
   * PostgreSQL, the next one gathers the commands that arrived meanwhile. Batches touching the same
   * instance serialise on its row lock.
   */
  private async loop(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.runBatch(batch, 0);
      }
    } finally {
      this.running--;
    }
  }

  /**
   * attempt 0: the batch as gathered. A deadlock or serialisation failure (several engine processes,
   * parent and child instances locked from both sides) runs the batch again; any other unexpected
   * failure runs each command alone, so that one bad command does not take the others down.
   */
  private async runBatch(batch: Pending[], attempt: number): Promise<void> {
    let client: PoolClient | undefined;
    const results: { p: Pending; r?: CommandResult; e?: unknown }[] = [];
    const ended: { pi: ProcessInstanceRow; variables: Vars | null }[] = [];
    let jobTypes: string[] = [];
    let pushes: { r: JobReceiver; view: ActivatedJobView }[] = [];
    try {
      let t = performance.now();
      const lap = (k: keyof typeof this.stats.ms) => {
        const n = performance.now();
        this.stats.ms[k] += n - t;
        t = n;
      };
      client = await this.pool.connect();
      lap('connect');
      const w = new World();
      const { now } = await this.preload(
        client,
        w,
        batch.map((b) => b.cmd),
      );
      lap('preload');
      if (this.keys.available() < 2000) await this.keys.reserve(5000, client);
      await this.defs.refreshForms(client);
      lap('begin');
      const run = new BatchRun(client, w, now, this.keys, this.defs, ended);
      for (const p of batch) {
        try {
          const r = await run.execute(p.cmd);
          results.push({ p, r });
        } catch (e) {
          if (e instanceof EngineError) results.push({ p, e });
          else throw e;
        }
      }
      pushes = this.claimForReceivers(w, run, now);
      jobTypes = [...w.jobTypesReady];
      lap('execute');
      await flushAndCommit(client, w, this.origin);
      lap('commit');
      this.stats.batches++;
      this.stats.commands += batch.length;
    } catch (e) {
      if (client) await client.query('ROLLBACK').catch(() => undefined);
      client?.release();
      client = undefined;
      if (isRetryable(e) && attempt < 5) {
        await this.runBatch(batch, attempt + 1);
        return;
      }
      if (batch.length > 1) {
        for (const p of batch) await this.runBatch([p], 5);
        return;
      }
      this.logger?.error('engine command failed', { error: errorCode(e), command: batch[0]?.cmd.type });
      for (const p of batch)
        p.reject(e instanceof EngineError ? e : new EngineError('INTERNAL', (e as Error).message));
      return;
    } finally {
      client?.release();
    }
    for (const x of results) {
      if (x.p.cmd.type === 'create' && x.p.cmd.awaitResult && x.r) {
        const created = x.r as CreateResult;
        const end = ended.find((n) => n.pi.key === created.processInstanceKey);
        if (end) created.ended = { state: end.pi.state, variables: end.variables };
      }
    }
    for (const { p, r, e } of results) e ? p.reject(e) : p.resolve(r!);
    for (const { r, view } of pushes) {
      if (!r.deliver(view)) {
        void this.submit({
          type: 'yieldJob',
          jobKey: Number(view.key),
          deadline: Number(view.deadline),
        }).catch(() => undefined);
      }
    }
    if (jobTypes.length) this.hooks.jobsAvailable(jobTypes);
    if (ended.length) this.hooks.instancesEnded(ended);
  }

  /**
   * Jobs created by this batch go straight to a waiting receiver of this process (stream or long
   * poll), activated in the same transaction; the others are announced to the pollers.
   */
  private claimForReceivers(
    w: World,
    run: BatchRun,
    now: number,
  ): { r: JobReceiver; view: ActivatedJobView }[] {
    const out: { r: JobReceiver; view: ActivatedJobView }[] = [];
    for (const job of w.newJobs) {
      if (!w.jobs.has(job.key) || job.state !== 'ACTIVATABLE' || job.activatableAt > now) continue;
      const r = this.receivers?.pick(job.type);
      if (!r) {
        w.jobTypesReady.add(job.type);
        continue;
      }
      job.state = 'ACTIVATED';
      job.worker = r.worker;
      job.deadline = now + r.timeout;
      w.jobs.touch(job);
      out.push({ r, view: jobView(job, run.jobVariables(job.elementInstanceKey, r.fetchVariable)) });
    }
    return out;
  }

  /** BEGIN, the engine clock, and one lock-and-load for what the batch's commands name directly. */
  private async preload(client: PoolClient, w: World, cmds: Command[]): Promise<{ now: number }> {
    const keys = {
      instances: [] as number[],
      jobs: [] as number[],
      elements: [] as number[],
      incidents: [] as number[],
      timers: [] as number[],
    };
    for (const c of cmds) {
      switch (c.type) {
        case 'completeJob':
        case 'failJob':
        case 'throwError':
        case 'updateRetries':
        case 'updateTimeout':
        case 'yieldJob':
          keys.jobs.push(c.jobKey);
          break;
        case 'cancel':
          keys.instances.push(c.processInstanceKey);
          break;
        case 'setVariables':
          keys.elements.push(c.elementInstanceKey);
          keys.instances.push(c.elementInstanceKey);
          break;
        case 'resolveIncident':
          keys.incidents.push(c.incidentKey);
          break;
        case 'timer':
          keys.timers.push(c.timerKey);
          break;
      }
    }
    for (const k of Object.values(keys)) k.sort((a, b) => a - b);
    return lockAndLoad(client, w, keys, { begin: true });
  }
}

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '40P01' || code === '40001' || code === '23505';
}

/** One batch's execution: commands, then their follow-ups, against one World. */
class BatchRun {
  private readonly followUps: FollowUp[] = [];
  private readonly executor: Executor;

  constructor(
    private readonly client: PoolClient,
    private readonly w: World,
    private readonly now: number,
    private readonly keys: KeyGenerator,
    private readonly defs: DefinitionCache,
    ended: { pi: ProcessInstanceRow; variables: Vars | null }[],
  ) {
    const ctx: ExecContext = {
      now,
      nextKey: () => keys.nextKey(),
      definition: (key) => {
        const d = defs.get(key);
        if (!d) throw new Error(`definition ${key} not loaded`);
        return d;
      },
      latestFormKey: (formId) => defs.latestFormKey(formId),
      followUp: (f) => this.followUps.push(f),
      instanceEnded: (pi, variables) => ended.push({ pi, variables }),
    };
    this.executor = new Executor(w, ctx);
  }

  /** the variables a job sees (all visible, or only the fetched names) */
  jobVariables(eiKey: number, fetch: string[]): Vars {
    const all = this.executor.visible(eiKey);
    if (!fetch.length) return all;
    return Object.fromEntries(fetch.filter((n) => n in all).map((n) => [n, all[n]]));
  }

  async execute(cmd: Command): Promise<CommandResult> {
    const result = await this.dispatch(cmd);
    while (this.followUps.length) await this.handle(this.followUps.shift()!);
    return result;
  }

  private async ensureDefinitionsOf(piKeys: number[]): Promise<void> {
    const need = piKeys.map((k) => this.w.instances.get(k)!.definitionKey);
    await this.defs.ensure(this.client, need);
  }

  private async lock(keys: Parameters<typeof lockAndLoad>[2]): Promise<void> {
    const { active } = await lockAndLoad(this.client, this.w, keys);
    if (active.length) await this.ensureDefinitionsOf(active);
  }

  private job(jobKey: number, action: string): JobRow {
    const job = this.w.jobs.get(jobKey);
    if (!job) {
      throw new EngineError(
        'NOT_FOUND',
        `Command '${action}' rejected with code 'NOT_FOUND': Expected to ${action.toLowerCase().replace('_', ' ')} job with key '${jobKey}', but no such job was found`,
      );
    }
    return job;
  }

  private latest(processId: string): Promise<LoadedDefinition | null> {
    return this.defs.latest(this.client, processId);
  }

  private async dispatch(cmd: Command): Promise<CommandResult> {
    const x = this.executor;
    switch (cmd.type) {
      case 'create': {
        let def: LoadedDefinition | null;
        if (cmd.processDefinitionKey > 0) {
          await this.defs.ensure(this.client, [cmd.processDefinitionKey]);
          def = this.defs.get(cmd.processDefinitionKey) ?? null;
          if (!def) {
            throw new EngineError(
              'NOT_FOUND',
              `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${cmd.processDefinitionKey}', but none found`,
            );
          }
        } else if (cmd.version > 0) {
          def = await this.defs.byVersion(this.client, cmd.bpmnProcessId, cmd.version);
          if (!def) {
            throw new EngineError(
              'NOT_FOUND',
              `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${cmd.bpmnProcessId}' and version '${cmd.version}', but none found`,
            );
          }
        } else {
          def = await this.latest(cmd.bpmnProcessId);
          if (!def) {
            throw new EngineError(
              'NOT_FOUND',
              `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${cmd.bpmnProcessId}', but none found`,
            );
          }
        }
        const starts = cmd.startElementIds ?? [];
        for (const id of starts) {
          const el = def.process.elements.get(id);
          if (!el) {
            throw new EngineError(
              'INVALID_ARGUMENT',
              `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with start instructions but no element found with id '${id}'.`,
            );
          }
          if (el.parentId !== null || el.kind === 'boundaryEvent') {
            throw new EngineError(
              'INVALID_ARGUMENT',
              `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with start instructions, but the element with id '${id}' (${el.bpmnType}) is not directly in the process; the embedded engine starts only at elements of the process itself.`,
            );
          }
        }
        if (starts.length) {
          const pi = x.createInstance(def, cmd.variables, { startElementIds: starts });
          return {
            processDefinitionKey: def.key,
            bpmnProcessId: def.bpmnProcessId,
            version: def.version,
            processInstanceKey: pi.key,
          };
        }
        if (!def.process.noneStartEventId) {
          throw new EngineError(
            'INVALID_ARGUMENT',
            `Command 'CREATE' rejected with code 'INVALID_STATE': Expected to create instance of process with none start event, but there is no such event`,
          );
        }
        const pi = x.createInstance(def, cmd.variables);
        return {
          processDefinitionKey: def.key,
          bpmnProcessId: def.bpmnProcessId,
          version: def.version,
          processInstanceKey: pi.key,
        };
      }
      case 'completeJob':
        await this.ensureDefinitionsOf(this.instancesOfJob(cmd.jobKey));
        x.completeJob(this.job(cmd.jobKey, 'COMPLETE'), cmd.variables);
        return {};
      case 'failJob':
        await this.ensureDefinitionsOf(this.instancesOfJob(cmd.jobKey));
        x.failJob(
          this.job(cmd.jobKey, 'FAIL'),
          cmd.retries,
          cmd.errorMessage,
          cmd.retryBackOff,
          cmd.variables,
        );
        return {};
      case 'throwError':
        await this.ensureDefinitionsOf(this.instancesOfJob(cmd.jobKey));
        x.throwErrorFromJob(
          this.job(cmd.jobKey, 'THROW_ERROR'),
          cmd.errorCode,
          cmd.errorMessage,
          cmd.variables,
        );
        return {};
      case 'yieldJob': {
        const job = this.w.jobs.get(cmd.jobKey);
        if (job && job.state === 'ACTIVATED' && job.deadline === cmd.deadline) {
          job.state = 'ACTIVATABLE';
          job.worker = '';
          job.deadline = null;
          this.w.jobs.touch(job);
          this.w.jobTypesReady.add(job.type);
        }
        return {};
      }
      case 'updateRetries':
        x.updateJobRetries(this.job(cmd.jobKey, 'UPDATE_RETRIES'), cmd.retries);
        return {};
      case 'updateTimeout':
        x.updateJobTimeout(this.job(cmd.jobKey, 'UPDATE_TIMEOUT'), cmd.timeout);
        return {};
      case 'cancel': {
        const pi = this.w.instances.get(cmd.processInstanceKey);
        if (!pi || pi.state !== 'ACTIVE') {
          throw new EngineError(
            'NOT_FOUND',
            `Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '${cmd.processInstanceKey}', but no such process was found`,
          );
        }
        if (pi.parentProcessInstanceKey !== null) {
          throw new EngineError(
            'FAILED_PRECONDITION',
            `Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '${pi.key}', but it is created by a parent process instance. Cancel the root process instance '${pi.parentProcessInstanceKey}' instead.`,
          );
        }
        await this.ensureDefinitionsOf([pi.key]);
        x.cancelInstance(pi);
        return {};
      }
      case 'setVariables': {
        const ei = this.w.elements.get(cmd.elementInstanceKey);
        if (!ei) {
          throw new EngineError(
            'NOT_FOUND',
            `Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for element with key '${cmd.elementInstanceKey}', but no such element was found`,
          );
        }
        await this.ensureDefinitionsOf([ei.processInstanceKey]);
        x.setVariables(ei.key, cmd.variables, cmd.local);
        return { key: this.keys.nextKey() };
      }
      case 'resolveIncident': {
        const inc = this.w.incidents.get(cmd.incidentKey);
        if (!inc) {
          throw new EngineError(
            'NOT_FOUND',
            `Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '${cmd.incidentKey}', but no such incident was found`,
          );
        }
        await this.ensureDefinitionsOf([inc.processInstanceKey]);
        x.resolveIncident(inc.key);
        return {};
      }
      case 'timer': {
        const t = this.w.timers.get(cmd.timerKey);
        if (!t || t.dueAt > this.now) return {};
        if (t.processInstanceKey === null) {
          await this.defs.ensure(this.client, [t.definitionKey]);
          if (!(await this.defs.isLatest(this.client, t.definitionKey))) {
            this.w.timers.delete(t.key);
            return {};
          }
        }
        x.triggerTimer(t);
        return {};
      }
      case 'publish':
        return this.publish(cmd);
      case 'signal':
        return this.signal(cmd.name, cmd.variables);
    }
  }

  private instancesOfJob(jobKey: number): number[] {
    const j = this.w.jobs.get(jobKey);
    return j ? [j.processInstanceKey] : [];
  }

  private async publish(cmd: Extract<Command, { type: 'publish' }>): Promise<CommandResult> {
    const c = this.client;
    if (cmd.messageId) {
      const dup = await c.query(
        'SELECT 1 FROM engine.message WHERE name = $1 AND correlation_key = $2 AND message_id = $3 AND expires_at > $4',
        [cmd.name, cmd.correlationKey, cmd.messageId, this.now],
      );
      if (dup.rowCount) {
        throw new EngineError(
          'ALREADY_EXISTS',
          `Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '${cmd.messageId}', but a message with that id was already published`,
        );
      }
    }
    const key = this.keys.nextKey();
    const correlated = new Set<string>();
    const subs = await c.query<Record<string, unknown>>(
      "SELECT * FROM engine.subscription WHERE kind = 'message' AND name = $1 AND correlation_key = $2 ORDER BY key",
      [cmd.name, cmd.correlationKey],
    );
    // subscriptions opened earlier in this batch are not in the database yet
    const candidates = new Map<number, SubscriptionRow>();
    for (const r of subs.rows) candidates.set(r.key as number, camel(r));
    for (const s of this.w.subscriptions.values()) {
      if (s.kind === 'message' && s.name === cmd.name && s.correlationKey === cmd.correlationKey)
        candidates.set(s.key, s);
    }
    const sorted = [...candidates.values()].sort((a, b) => a.key - b.key);
    await this.lock({
      instances: [...new Set(sorted.map((s) => s.processInstanceKey))].sort((a, b) => a - b),
    });
    for (const s of sorted) {
      if (correlated.has(s.bpmnProcessId)) continue;
      const live = this.w.subscriptions.get(s.key);
      if (!live) continue;
      correlated.add(s.bpmnProcessId);
      this.executor.correlate(live, cmd.variables);
      while (this.followUps.length) await this.handle(this.followUps.shift()!);
    }
    // message start events
    const starts = await c.query<{ bpmn_process_id: string; definition_key: number; element_id: string }>(
      "SELECT bpmn_process_id, definition_key, element_id FROM engine.start_subscription WHERE kind = 'message' AND name = $1 ORDER BY bpmn_process_id, element_id",
      [cmd.name],
    );
    for (const s of starts.rows) {
      if (correlated.has(s.bpmn_process_id)) continue;
      if (cmd.correlationKey) {
        const running = await c.query(
          "SELECT 1 FROM engine.process_instance WHERE bpmn_process_id = $1 AND start_correlation_key = $2 AND state = 'ACTIVE' LIMIT 1",
          [s.bpmn_process_id, cmd.correlationKey],
        );
        const inBatch = [...this.w.instances.values()].some(
          (p) =>
            p.state === 'ACTIVE' &&
            p.bpmnProcessId === s.bpmn_process_id &&
            p.startCorrelationKey === cmd.correlationKey,
        );
        if (running.rowCount || inBatch) continue;
      }
      await this.defs.ensure(c, [s.definition_key]);
      correlated.add(s.bpmn_process_id);
      this.executor.startByEvent(
        this.defs.get(s.definition_key)!,
        s.element_id,
        cmd.variables,
        cmd.correlationKey || null,
      );
      while (this.followUps.length) await this.handle(this.followUps.shift()!);
    }
    if (cmd.ttl > 0) {
      if (cmd.messageId) {
        await c.query(
          'DELETE FROM engine.message WHERE name = $1 AND correlation_key = $2 AND message_id = $3',
          [cmd.name, cmd.correlationKey, cmd.messageId],
        );
      }
      await c.query(
        `INSERT INTO engine.message (key, name, correlation_key, message_id, variables, expires_at, correlated_processes)
         VALUES ($1, $2, $3, NULLIF($4, ''), $5::jsonb, $6, $7::text[])`,
        [
          key,
          cmd.name,
          cmd.correlationKey,
          cmd.messageId,
          JSON.stringify(cmd.variables),
          this.now + cmd.ttl,
          [...correlated],
        ],
      );
    }
    return { key };
  }

  private async signal(name: string, variables: Vars): Promise<CommandResult> {
    const c = this.client;
    const key = this.keys.nextKey();
    const subs = await c.query<Record<string, unknown>>(
      "SELECT * FROM engine.subscription WHERE kind = 'signal' AND name = $1 ORDER BY key",
      [name],
    );
    const rows = subs.rows.map((r) => camel<SubscriptionRow>(r));
    for (const s of this.w.subscriptions.values())
      if (s.kind === 'signal' && s.name === name && !rows.some((r) => r.key === s.key)) rows.push(s);
    await this.lock({ instances: [...new Set(rows.map((s) => s.processInstanceKey))].sort((a, b) => a - b) });
    for (const s of rows) {
      const live = this.w.subscriptions.get(s.key);
      if (!live) continue;
      this.executor.correlate(live, variables);
    }
    const starts = await c.query<{ definition_key: number; element_id: string }>(
      "SELECT definition_key, element_id FROM engine.start_subscription WHERE kind = 'signal' AND name = $1",
      [name],
    );
    for (const s of starts.rows) {
      await this.defs.ensure(c, [s.definition_key]);
      this.executor.startByEvent(this.defs.get(s.definition_key)!, s.element_id, variables, null);
    }
    return { key };
  }

  private async handle(f: FollowUp): Promise<void> {
    const x = this.executor;
    switch (f.kind) {
      case 'startChild': {
        const def = await this.latest(f.processId);
        x.startChild(f.parentEiKey, def ?? undefined, f.processId, f.variables);
        return;
      }
      case 'childCompleted':
        await this.lock({ instances: [f.parentPiKey] });
        x.childCompleted(f.parentEiKey, f.variables);
        return;
      case 'cancelChild': {
        await this.lock({ instances: [f.childPiKey] });
        const pi = this.w.instances.get(f.childPiKey);
        if (pi && pi.state === 'ACTIVE') x.cancelChild(pi);
        return;
      }
      case 'errorToParent':
        await this.lock({ instances: [f.parentPiKey] });
        x.errorFromChild(f.parentEiKey, f.errorCode, f.errorMessage, f.variables, f.origin);
        return;
      case 'unhandledError':
        x.unhandledError(f.origin, f.errorCode, f.errorMessage);
        return;
      case 'checkBuffered': {
        const sub = this.w.subscriptions.get(f.subscriptionKey);
        if (!sub) return;
        const { rows } = await this.client.query<{ key: number; variables: Vars }>(
          `SELECT key, variables FROM engine.message
            WHERE name = $1 AND correlation_key = $2 AND expires_at > $3 AND NOT ($4 = ANY(correlated_processes))
            ORDER BY key LIMIT 1 FOR UPDATE`,
          [sub.name, sub.correlationKey, this.now, sub.bpmnProcessId],
        );
        if (!rows.length) return;
        await this.client.query(
          'UPDATE engine.message SET correlated_processes = array_append(correlated_processes, $2) WHERE key = $1',
          [rows[0].key, sub.bpmnProcessId],
        );
        x.correlate(sub, rows[0].variables ?? {});
        return;
      }
      case 'broadcastSignal':
        await this.signal(f.name, f.variables);
        return;
      case 'startBuffered': {
        const { rows } = await this.client.query<{
          key: number;
          variables: Vars;
          definition_key: number;
          element_id: string;
        }>(
          `SELECT m.key, m.variables, s.definition_key, s.element_id FROM engine.message m
             JOIN engine.start_subscription s ON s.kind = 'message' AND s.name = m.name AND s.bpmn_process_id = $1
            WHERE m.correlation_key = $2 AND m.expires_at > $3 AND NOT ($1 = ANY(m.correlated_processes))
            ORDER BY m.key LIMIT 1 FOR UPDATE OF m`,
          [f.bpmnProcessId, f.correlationKey, this.now],
        );
        if (!rows.length) return;
        await this.client.query(
          'UPDATE engine.message SET correlated_processes = array_append(correlated_processes, $2) WHERE key = $1',
          [rows[0].key, f.bpmnProcessId],
        );
        await this.defs.ensure(this.client, [rows[0].definition_key]);
        x.startByEvent(
          this.defs.get(rows[0].definition_key)!,
          rows[0].element_id,
          rows[0].variables ?? {},
          f.correlationKey,
        );
        return;
      }
    }
  }
}
