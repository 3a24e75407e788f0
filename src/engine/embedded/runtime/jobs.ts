import type { Pool } from 'pg';

export interface ActivatedJobView {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

/** The ActivatedJob message for a job row activated in memory (pushed jobs). */
export function jobView(
  job: {
    key: number;
    type: string;
    processInstanceKey: number;
    bpmnProcessId: string;
    version: number;
    definitionKey: number;
    elementId: string;
    elementInstanceKey: number;
    customHeaders: Record<string, string>;
    worker: string;
    retries: number;
    deadline: number | null;
  },
  variables: Record<string, unknown>,
): ActivatedJobView {
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.version,
    processDefinitionKey: String(job.definitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline ?? 0),
    variables: JSON.stringify(variables),
    tenantId: '<default>',
  };
}

export interface ActivationRequest {
  type: string;
  worker: string;
  timeout: number;
  max: number;
  fetchVariable: string[];
}

interface Waiter {
  req: ActivationRequest;
  /** tries to activate; returns true when the waiter is done */
  attempt(): Promise<boolean>;
  busy: boolean;
  /** woken while busy: attempt once more when the current attempt ends */
  again?: boolean;
}

/**
 * Job activation: claims jobs with FOR UPDATE SKIP LOCKED (several engine processes may share one
 * database), expired activations count as activatable again (at-least-once), back-off is honoured.
 * Long-polling requests and job streams wait here until jobs of their type appear.
 */
/**
 * A client waiting for jobs of a type in this engine process (a job stream, or a long-polling
 * ActivateJobs call): jobs created by a batch are handed to it directly, activated in the same
 * transaction that created them, as Zeebe pushes jobs to streams.
 */
export interface JobReceiver {
  worker: string;
  timeout: number;
  fetchVariable: string[];
  /** reserves room for one more job; false when it takes no more */
  take(): boolean;
  /** after commit; false when the receiver is gone (the job then times out and is offered again) */
  deliver(job: ActivatedJobView): boolean;
}

export class JobActivator {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly receivers = new Map<string, JobReceiver[]>();
  private tickTimer?: NodeJS.Timeout;

  /** registers a receiver for pushed jobs; returns its removal */
  receive(type: string, r: JobReceiver): () => void {
    let list = this.receivers.get(type);
    if (!list) this.receivers.set(type, (list = []));
    list.push(r);
    return () => {
      const l = this.receivers.get(type);
      if (!l) return;
      const i = l.indexOf(r);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) this.receivers.delete(type);
    };
  }

  /** the next receiver of a type with room, round robin */
  pick(type: string): JobReceiver | undefined {
    const list = this.receivers.get(type);
    if (!list) return undefined;
    for (let i = 0; i < list.length; i++) {
      const r = list.shift()!;
      list.push(r);
      if (r.take()) return r;
    }
    return undefined;
  }

  constructor(private readonly pool: Pool) {}

  start(tickMs = 250): void {
    // back-offs and expired deadlines are not announced: look again now and then
    this.tickTimer = setInterval(() => this.wakeAll(), tickMs);
    this.tickTimer.unref();
  }

  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  /** stops waking waiters and waits for the activations under way */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.waiters.clear();
    this.receivers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  async activate(req: ActivationRequest): Promise<ActivatedJobView[]> {
    if (req.max <= 0) return [];
    const fetch = req.fetchVariable.length ? req.fetchVariable : null;
    const { rows } = await this.pool.query<{
      key: number;
      type: string;
      process_instance_key: number;
      bpmn_process_id: string;
      version: number;
      definition_key: number;
      element_id: string;
      element_instance_key: number;
      custom_headers: Record<string, string>;
      worker: string;
      retries: number;
      deadline: number;
      scope_keys: number[];
      vars: [number, string, unknown][] | null;
    }>(
      `WITH now AS (SELECT engine.now_ms() AS t),
       claimed AS (
         UPDATE engine.job j SET state = 'ACTIVATED', worker = $2, deadline = (SELECT t FROM now) + $3
          WHERE j.key = ANY(ARRAY(
            -- candidates from two partial indexes (activatable; activated but past the deadline), then
            -- locked with the conditions checked again on the row actually locked
            SELECT key FROM engine.job
             WHERE key = ANY(ARRAY(
                (SELECT key FROM engine.job WHERE type = $1 AND state = 'ACTIVATABLE'
                   AND activatable_at <= (SELECT t FROM now) ORDER BY key LIMIT $4)
                UNION ALL
                (SELECT key FROM engine.job WHERE type = $1 AND state = 'ACTIVATED'
                   AND deadline <= (SELECT t FROM now) ORDER BY deadline LIMIT $4)))
               AND type = $1
               AND ((state = 'ACTIVATABLE' AND activatable_at <= (SELECT t FROM now))
                 OR (state = 'ACTIVATED' AND deadline <= (SELECT t FROM now)))
             ORDER BY key LIMIT $4 FOR UPDATE SKIP LOCKED))
          RETURNING j.*)
       SELECT c.key, c.type, c.process_instance_key, c.bpmn_process_id, c.version, c.definition_key, c.element_id,
              c.element_instance_key, c.custom_headers, c.worker, c.retries, c.deadline, c.scope_keys,
              (SELECT jsonb_agg(jsonb_build_array(v.scope_key, v.name, v.value)) FROM engine.variable v
                WHERE v.scope_key = ANY(c.scope_keys) AND ($5::text[] IS NULL OR v.name = ANY($5::text[]))) AS vars
         FROM claimed c ORDER BY c.key`,
      [req.type, req.worker, req.timeout, req.max, fetch],
    );
    return rows.map((r) => {
      // nearest scope wins: scope_keys runs from the element up to the process instance
      const rank = new Map(r.scope_keys.map((k, i) => [k, i]));
      const best = new Map<string, [number, unknown]>();
      for (const [scope, name, value] of r.vars ?? []) {
        const rk = rank.get(scope) ?? 1e9;
        const cur = best.get(name);
        if (!cur || rk < cur[0]) best.set(name, [rk, value]);
      }
      const variables: Record<string, unknown> = {};
      for (const [name, [, value]] of best) variables[name] = value;
      return jobView(
        {
          key: r.key,
          type: r.type,
          processInstanceKey: r.process_instance_key,
          bpmnProcessId: r.bpmn_process_id,
          version: r.version,
          definitionKey: r.definition_key,
          elementId: r.element_id,
          elementInstanceKey: r.element_instance_key,
          customHeaders: r.custom_headers,
          worker: r.worker,
          retries: r.retries,
          deadline: r.deadline,
        },
        variables,
      );
    });
  }

  /** Registers a waiter; `attempt` is called whenever jobs of its type may be there. */
  wait(type: string, req: ActivationRequest, attempt: () => Promise<boolean>): () => void {
    const w: Waiter = { req, attempt, busy: false };
    let set = this.waiters.get(type);
    if (!set) this.waiters.set(type, (set = new Set()));
    set.add(w);
    const remove = () => {
      const s = this.waiters.get(type);
      s?.delete(w);
      if (s && s.size === 0) this.waiters.delete(type);
    };
    this.run(w, remove);
    return remove;
  }

  notify(types: Iterable<string>): void {
    for (const t of types) {
      const set = this.waiters.get(t);
      if (!set) continue;
      for (const w of set) this.run(w, () => set.delete(w));
    }
  }

  wakeAll(): void {
    this.notify([...this.waiters.keys()]);
  }

  private run(w: Waiter, remove: () => void): void {
    if (this.stopped) return;
    if (w.busy) {
      w.again = true;
      return;
    }
    w.busy = true;
    const p = (async () => {
      try {
        for (;;) {
          w.again = false;
          const done = await w.attempt();
          if (done) {
            remove();
            return;
          }
          if (!w.again) return;
        }
      } catch {
        remove();
      } finally {
        w.busy = false;
      }
    })();
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
