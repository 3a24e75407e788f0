import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';

/** rows of engine.event_log read per step of a catch-up */
const CHUNK = 50_000;

const ELEMENT_INTENTS = `('ELEMENT_ACTIVATING','ELEMENT_ACTIVATED','ELEMENT_COMPLETED','ELEMENT_TERMINATED')`;

/** serialises catch-ups of several platform processes on one database */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('mia.analytics.projection'))`;

/** the element instances of positions (lo, hi]: inserted, or merged with what an earlier range gave */
const APPLY_SQL = `
INSERT INTO analytics_element_instance
  (key, process_instance_key, bpmn_process_id, version, element_id, element_type, flow_scope_key, started_at, ended_at, end_state)
SELECT key, min(process_instance_key), min(bpmn_process_id), min(version), min(element_id), min(element_type), min(flow_scope_key),
       min(created_at) FILTER (WHERE intent IN ('ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED')),
       max(created_at) FILTER (WHERE intent IN ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED')),
       max(CASE intent WHEN 'ELEMENT_COMPLETED' THEN 'COMPLETED' WHEN 'ELEMENT_TERMINATED' THEN 'TERMINATED' END)
  FROM engine.event_log
 WHERE position > ? AND position <= ? AND intent IN ${ELEMENT_INTENTS}
   AND process_instance_key IS NOT NULL AND bpmn_process_id IS NOT NULL AND version IS NOT NULL
 GROUP BY key
ON CONFLICT (key) DO UPDATE SET
  started_at = LEAST(analytics_element_instance.started_at, excluded.started_at),
  ended_at = COALESCE(excluded.ended_at, analytics_element_instance.ended_at),
  end_state = COALESCE(excluded.end_state, analytics_element_instance.end_state)`;

/** the outcome of process instances that completed at an end event directly in the process */
const OUTCOME_SQL = `
UPDATE analytics_element_instance p SET outcome_element_id = e.element_id
  FROM (SELECT DISTINCT ON (process_instance_key) process_instance_key, element_id
          FROM engine.event_log
         WHERE position > ? AND position <= ? AND intent = 'ELEMENT_COMPLETED' AND element_type = 'END_EVENT'
           AND flow_scope_key = process_instance_key
         ORDER BY process_instance_key, position DESC) e
 WHERE p.key = e.process_instance_key AND p.outcome_element_id IS DISTINCT FROM e.element_id`;

/**
 * Positions after `cursor` (at most CHUNK), in one statement with its snapshot: how many, the last,
 * the first gap that is not settled (the position before it), and the snapshot's xmax.
 */
const POSITIONS_SQL = `
WITH p AS (SELECT position FROM engine.event_log WHERE position > ? ORDER BY position LIMIT ${CHUNK}),
     g AS (SELECT position, lag(position, 1, ?::bigint) OVER (ORDER BY position) AS prev FROM p)
SELECT (SELECT count(*) FROM p)::int AS n,
       (SELECT max(position) FROM p)::text AS hi,
       (SELECT min(prev) FROM g WHERE position <> prev + 1 AND NOT (?::boolean AND position - 1 <= ?::bigint))::text AS blocked_after,
       pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`;

interface StateRow {
  watermark: string;
  pending_position: string | null;
  pending_fence: string | null;
  resolved: boolean;
}

export interface CatchUpResult {
  /** event-log rows read (including rows beyond a gap read again) */
  rows: number;
  watermark: string;
}

/**
 * Keeps `analytics_element_instance` up to date with `engine.event_log` (the embedded engine's schema,
 * read only). Catch-up runs before every answer (`catchUp()`); concurrent callers share one run.
 *
 * Exactness: the engine writes the log from up to two batches at once, so positions (a sequence) can
 * commit out of order and a reader may see position 12 before 10 is committed. Each catch-up applies
 * every visible row after the watermark (idempotently: start = earliest activation, end = the end
 * event), but moves the watermark only over positions that are settled: visible, or missing while
 * every transaction that could still have written them has ended. For that it remembers, at a gap,
 * the last position seen and the xmax of that snapshot; once the oldest running transaction is at or
 * past that xmax, every missing position up to there is a rolled-back batch (sequences do not roll
 * back) and is passed over. This relies on the engine assigning its transaction id before it draws
 * event positions, which it does (its batches lock and write instance rows before the event log).
 */
@Injectable()
export class EventLogProjection {
  private readonly logger = new Logger(EventLogProjection.name);
  private running: Promise<CatchUpResult> | null = null;
  private queued: Promise<CatchUpResult> | null = null;

  constructor(private readonly em: EntityManager) {}

  /** brings the projection up to every event committed before the call */
  catchUp(): Promise<CatchUpResult> {
    // a run already going may have started before the caller's events were committed: queue one more
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.start();
        });
      return this.queued;
    }
    return this.start();
  }

  /** resolves once no catch-up is running (for shutdown) */
  async settled(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running)?.catch(() => undefined);
  }

  private start(): Promise<CatchUpResult> {
    const run = this.run().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<CatchUpResult> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      await tx.execute(LOCK_SQL);
      const [state] = await tx.execute<StateRow[]>(
        `SELECT watermark::text, pending_position::text, pending_fence::text,
                (pending_fence IS NOT NULL AND pg_snapshot_xmin(pg_current_snapshot())::text::bigint >= pending_fence) AS resolved
           FROM analytics_projection_state WHERE id = 1`,
      );
      const watermark = BigInt(state?.watermark ?? '0');
      const pending = state?.pending_position ? BigInt(state.pending_position) : null;
      const resolved = !!state?.resolved && pending !== null;

      let cursor = watermark;
      let next = watermark;
      let blocked = false;
      let maxSeen = watermark;
      let lastXmax: string | null = null;
      let rows = 0;
      for (;;) {
        const [chunk] = await tx.execute<
          { n: number; hi: string | null; blocked_after: string | null; xmax: string }[]
        >(POSITIONS_SQL, [cursor.toString(), cursor.toString(), resolved, (pending ?? 0n).toString()]);
        if (!chunk || chunk.n === 0 || chunk.hi === null) break;
        const hi = BigInt(chunk.hi);
        await tx.execute(APPLY_SQL, [cursor.toString(), hi.toString()]);
        await tx.execute(OUTCOME_SQL, [cursor.toString(), hi.toString()]);
        rows += chunk.n;
        if (!blocked) {
          if (chunk.blocked_after !== null) {
            const before = BigInt(chunk.blocked_after);
            next = resolved && pending !== null && pending > before ? pending : before;
            blocked = true;
          } else next = hi;
        }
        maxSeen = hi;
        lastXmax = chunk.xmax;
        cursor = hi;
        if (chunk.n < CHUNK) break;
      }
      // every position up to a resolved pending one is settled, seen or not
      if (!blocked && resolved && pending !== null && pending > next) next = pending;

      let pendingPosition: bigint | null = pending;
      let pendingFence: string | null = state?.pending_fence ?? null;
      if (blocked && next < maxSeen) {
        if (pending === null || resolved) {
          pendingPosition = maxSeen;
          pendingFence = lastXmax;
        }
      } else if (pending !== null && (resolved || pending <= next)) {
        pendingPosition = null;
        pendingFence = null;
      }
      const unchanged =
        state !== undefined &&
        rows === 0 &&
        next === watermark &&
        (pendingPosition?.toString() ?? null) === (state.pending_position ?? null) &&
        pendingFence === (state.pending_fence ?? null);
      // nothing read, nothing to note: a read-only transaction (no WAL flush at commit)
      if (unchanged) return { rows, watermark: next.toString() };
      await tx.execute(
        `INSERT INTO analytics_projection_state (id, watermark, pending_position, pending_fence, updated_at)
         VALUES (1, ?, ?, ?, now())
         ON CONFLICT (id) DO UPDATE SET watermark = excluded.watermark, pending_position = excluded.pending_position,
           pending_fence = excluded.pending_fence, updated_at = excluded.updated_at`,
        [next.toString(), pendingPosition?.toString() ?? null, pendingFence],
      );
      if (rows > CHUNK)
        this.logger.log({ msg: 'analytics projection caught up', rows, watermark: next.toString() });
      return { rows, watermark: next.toString() };
    });
  }
}
