import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  analyticsQuery,
  num,
  sqlFrom,
  sqlTo,
  type AnalyticsSource,
  type ElementFigures,
  type ProcessFigures,
  type ProcessVersionRef,
} from './analytics-source';
import { EventLogProjection } from './event-log.projection';
import type { Period } from './period';

const MS = `(date_part('epoch', ended_at - started_at) * 1000)`;

/**
 * The embedded engine's event log, through the projection `analytics_element_instance` (caught up
 * before every answer). Engine clock times: a moved clock moves the figures exactly.
 */
@Injectable()
export class EmbeddedSource implements AnalyticsSource {
  readonly kind = 'embedded' as const;

  constructor(
    private readonly em: EntityManager,
    private readonly projection: EventLogProjection,
  ) {}

  async prepare(): Promise<void> {
    await this.projection.catchUp();
  }

  async versions(bpmnProcessId?: string): Promise<ProcessVersionRef[]> {
    const rows = await this.em.fork().execute<{ bpmn_process_id: string; version: number }[]>(
      `SELECT bpmn_process_id, version FROM engine.process_definition
        WHERE (?::text IS NULL OR bpmn_process_id = ?) ORDER BY bpmn_process_id, version`,
      [bpmnProcessId ?? null, bpmnProcessId ?? null],
    );
    return rows.map((r) => ({ bpmnProcessId: r.bpmn_process_id, version: Number(r.version) }));
  }

  async processes(
    period: Period,
    now: Date,
    bpmnProcessId?: string,
    version?: number,
  ): Promise<ProcessFigures[]> {
    const [from, to] = [sqlFrom(period), sqlTo(period)];
    const end = (period.to && period.to < now ? period.to : now).toISOString();
    const inPeriod = (col: string) => `${col} >= ?::timestamptz AND ${col} < ?::timestamptz`;
    const rows = await analyticsQuery<Record<string, unknown>>(
      this.em,
      `WITH figures AS (
         SELECT bpmn_process_id, version,
                count(*) FILTER (WHERE ${inPeriod('started_at')}) AS started,
                count(*) FILTER (WHERE end_state = 'COMPLETED' AND ${inPeriod('ended_at')}) AS completed,
                count(*) FILTER (WHERE end_state = 'TERMINATED' AND ${inPeriod('ended_at')}) AS terminated,
                count(*) FILTER (WHERE started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)) AS running,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MS}) FILTER (WHERE end_state = 'COMPLETED' AND ${inPeriod('ended_at')}) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${MS}) FILTER (WHERE end_state = 'COMPLETED' AND ${inPeriod('ended_at')}) AS p90
           FROM analytics_element_instance
          WHERE element_type = 'PROCESS' AND (?::text IS NULL OR bpmn_process_id = ?) AND (?::int IS NULL OR version = ?)
            AND started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)
          GROUP BY bpmn_process_id, version),
       outcomes AS (
         SELECT bpmn_process_id, version,
                json_agg(json_build_object('elementId', outcome_element_id, 'count', n) ORDER BY n DESC, outcome_element_id) AS outcomes
           FROM (SELECT bpmn_process_id, version, outcome_element_id, count(*) AS n FROM analytics_element_instance
                  WHERE element_type = 'PROCESS' AND (?::text IS NULL OR bpmn_process_id = ?) AND (?::int IS NULL OR version = ?)
                    AND end_state = 'COMPLETED' AND outcome_element_id IS NOT NULL AND ${inPeriod('ended_at')}
                  GROUP BY 1, 2, 3) o
          GROUP BY 1, 2)
       SELECT f.*, o.outcomes FROM figures f LEFT JOIN outcomes o USING (bpmn_process_id, version)`,
      [
        from,
        to,
        from,
        to,
        from,
        to,
        end,
        end,
        from,
        to,
        from,
        to,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        version ?? null,
        version ?? null,
        end,
        from,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        version ?? null,
        version ?? null,
        from,
        to,
      ],
    );
    return rows.map((r) => ({
      bpmnProcessId: String(r.bpmn_process_id),
      version: Number(r.version),
      started: Number(r.started),
      completed: Number(r.completed),
      terminated: Number(r.terminated),
      running: Number(r.running),
      leadTimeP50Ms: num(r.p50),
      leadTimeP90Ms: num(r.p90),
      outcomes: ((r.outcomes as { elementId: string; count: number }[] | null) ?? []).map((o) => ({
        elementId: o.elementId,
        count: Number(o.count),
      })),
    }));
  }

  async elements(
    bpmnProcessId: string,
    version: number,
    period: Period,
    now: Date,
  ): Promise<ElementFigures[]> {
    const [from, to] = [sqlFrom(period), sqlTo(period)];
    const end = (period.to && period.to < now ? period.to : now).toISOString();
    const rows = await analyticsQuery<Record<string, unknown>>(
      this.em,
      `SELECT e.element_id, min(e.element_type) AS element_type,
              count(*) FILTER (WHERE started_at >= ?::timestamptz AND started_at < ?::timestamptz) AS started,
              count(*) FILTER (WHERE end_state = 'COMPLETED' AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS completed,
              count(*) FILTER (WHERE end_state = 'TERMINATED' AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS terminated,
              count(*) FILTER (WHERE started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)) AS running,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MS}) FILTER (WHERE end_state = 'COMPLETED' AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${MS}) FILTER (WHERE end_state = 'COMPLETED' AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS p90,
              min(t.target_minutes) AS target_minutes,
              count(*) FILTER (WHERE t.target_minutes IS NOT NULL AND end_state = 'COMPLETED' AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz
                                 AND ended_at - started_at > t.target_minutes * interval '1 minute') AS breaches_ended,
              count(*) FILTER (WHERE t.target_minutes IS NOT NULL AND started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)
                                 AND ?::timestamptz - started_at > t.target_minutes * interval '1 minute') AS breaches_running
         FROM analytics_element_instance e
         LEFT JOIN analytics_element_target t ON t.bpmn_process_id = e.bpmn_process_id AND t.element_id = e.element_id
        WHERE e.bpmn_process_id = ? AND e.version = ? AND e.element_type NOT IN ('PROCESS', 'MULTI_INSTANCE_BODY')
          AND started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)
        GROUP BY e.element_id`,
      [
        from,
        to,
        from,
        to,
        from,
        to,
        end,
        end,
        from,
        to,
        from,
        to,
        from,
        to,
        end,
        end,
        end,
        bpmnProcessId,
        version,
        end,
        from,
      ],
    );
    return rows.map((r) => {
      const hasTarget = r.target_minutes !== null && r.target_minutes !== undefined;
      return {
        elementId: String(r.element_id),
        elementType: String(r.element_type),
        started: Number(r.started),
        completed: Number(r.completed),
        terminated: Number(r.terminated),
        running: Number(r.running),
        durationP50Ms: num(r.p50),
        durationP90Ms: num(r.p90),
        breachesEnded: hasTarget ? Number(r.breaches_ended) : null,
        breachesRunning: hasTarget ? Number(r.breaches_running) : null,
      };
    });
  }

  async modelXml(bpmnProcessId: string, version: number): Promise<string | null> {
    const [row] = await this.em
      .fork()
      .execute<{ resource: string }[]>(
        `SELECT resource FROM engine.process_definition WHERE bpmn_process_id = ? AND version = ?`,
        [bpmnProcessId, version],
      );
    return row?.resource ?? null;
  }
}
