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
import type { Period } from './period';

/**
 * Against a real Zeebe (ZEEBE_ADDRESS): what the platform observes itself. Instances from the instance
 * log the process-level execution listeners write (`process_instance_record`), user tasks from the task
 * rows, models from the process editor's stored versions (by engine version, or by the checksum the
 * platform recorded when it deployed them, `deployed_resource`). No event log: no outcomes, no cancellations
 * (Zeebe runs no end listener on cancellation), no figures for service tasks, events and gateways.
 * src/analytics/README.md lists what is and is not available.
 */
@Injectable()
export class ObservedSource implements AnalyticsSource {
  readonly kind = 'observed' as const;

  constructor(private readonly em: EntityManager) {}

  async prepare(): Promise<void> {
    // nothing derived: the instance log and the task rows are read directly
  }

  async versions(bpmnProcessId?: string): Promise<ProcessVersionRef[]> {
    const rows = await this.em.fork().execute<{ bpmn_process_id: string; version: number }[]>(
      `SELECT r.resource_id AS bpmn_process_id, v.engine_version AS version
         FROM model_version v JOIN model_resource r ON r.id = v.resource_id
        WHERE r.kind = 'bpmn' AND v.engine_version IS NOT NULL AND (?::text IS NULL OR r.resource_id = ?)
       UNION
       SELECT resource_id, deployed_version FROM deployed_resource WHERE kind = 'bpmn' AND (?::text IS NULL OR resource_id = ?)
       UNION
       SELECT bpmn_process_id, version FROM process_instance_record WHERE (?::text IS NULL OR bpmn_process_id = ?)
       ORDER BY 1, 2`,
      [
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
        bpmnProcessId ?? null,
      ],
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
    const ms = `(date_part('epoch', ended_at - started_at) * 1000)`;
    const rows = await analyticsQuery<Record<string, unknown>>(
      this.em,
      `SELECT bpmn_process_id, version,
              count(*) FILTER (WHERE started_at >= ?::timestamptz AND started_at < ?::timestamptz) AS started,
              count(*) FILTER (WHERE ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS completed,
              count(*) FILTER (WHERE started_at < ?::timestamptz AND (ended_at IS NULL OR ended_at >= ?::timestamptz)) AS running,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE started_at IS NOT NULL AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE started_at IS NOT NULL AND ended_at >= ?::timestamptz AND ended_at < ?::timestamptz) AS p90
         FROM process_instance_record
        WHERE (?::text IS NULL OR bpmn_process_id = ?) AND (?::int IS NULL OR version = ?)
        GROUP BY bpmn_process_id, version`,
      [
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
      ],
    );
    return rows.map((r) => ({
      bpmnProcessId: String(r.bpmn_process_id),
      version: Number(r.version),
      started: Number(r.started),
      completed: Number(r.completed),
      terminated: null,
      running: Number(r.running),
      leadTimeP50Ms: num(r.p50),
      leadTimeP90Ms: num(r.p90),
      outcomes: null,
    }));
  }

  /** user tasks only, from the task rows: created → completed */
  async elements(
    bpmnProcessId: string,
    version: number,
    period: Period,
    now: Date,
  ): Promise<ElementFigures[]> {
    const [from, to] = [sqlFrom(period), sqlTo(period)];
    const end = (period.to && period.to < now ? period.to : now).toISOString();
    const ms = `(date_part('epoch', completed_at - created_at) * 1000)`;
    const rows = await analyticsQuery<Record<string, unknown>>(
      this.em,
      `SELECT k.element_id,
              count(*) FILTER (WHERE k.created_at >= ?::timestamptz AND k.created_at < ?::timestamptz) AS started,
              count(*) FILTER (WHERE k.state = 'completed' AND k.completed_at >= ?::timestamptz AND k.completed_at < ?::timestamptz) AS completed,
              count(*) FILTER (WHERE k.state <> 'cancelled' AND k.created_at < ?::timestamptz AND (k.completed_at IS NULL OR k.completed_at >= ?::timestamptz)) AS running,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE k.state = 'completed' AND k.completed_at >= ?::timestamptz AND k.completed_at < ?::timestamptz) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE k.state = 'completed' AND k.completed_at >= ?::timestamptz AND k.completed_at < ?::timestamptz) AS p90,
              min(t.target_minutes) AS target_minutes,
              count(*) FILTER (WHERE t.target_minutes IS NOT NULL AND k.state = 'completed' AND k.completed_at >= ?::timestamptz AND k.completed_at < ?::timestamptz
                                 AND k.completed_at - k.created_at > t.target_minutes * interval '1 minute') AS breaches_ended,
              count(*) FILTER (WHERE t.target_minutes IS NOT NULL AND k.state <> 'cancelled' AND k.created_at < ?::timestamptz
                                 AND (k.completed_at IS NULL OR k.completed_at >= ?::timestamptz)
                                 AND ?::timestamptz - k.created_at > t.target_minutes * interval '1 minute') AS breaches_running
         FROM task k
         LEFT JOIN analytics_element_target t ON t.bpmn_process_id = k.bpmn_process_id AND t.element_id = k.element_id
        WHERE k.bpmn_process_id = ? AND k.process_version = ?
        GROUP BY k.element_id`,
      [from, to, from, to, end, end, from, to, from, to, from, to, end, end, end, bpmnProcessId, version],
    );
    return rows.map((r) => {
      const hasTarget = r.target_minutes !== null && r.target_minutes !== undefined;
      return {
        elementId: String(r.element_id),
        elementType: 'USER_TASK',
        started: Number(r.started),
        completed: Number(r.completed),
        terminated: null,
        running: Number(r.running),
        durationP50Ms: num(r.p50),
        durationP90Ms: num(r.p90),
        breachesEnded: hasTarget ? Number(r.breaches_ended) : null,
        breachesRunning: hasTarget ? Number(r.breaches_running) : null,
      };
    });
  }

  async modelXml(bpmnProcessId: string, version: number): Promise<string | null> {
    const [row] = await this.em.fork().execute<{ content: string }[]>(
      `SELECT v.content FROM model_version v JOIN model_resource r ON r.id = v.resource_id
        WHERE r.kind = 'bpmn' AND r.resource_id = ?
          AND (v.engine_version = ? OR v.sha256 IN (SELECT checksum FROM deployed_resource d
                                                    WHERE d.kind = 'bpmn' AND d.resource_id = ? AND d.deployed_version = ?))
        ORDER BY v.engine_version = ? DESC NULLS LAST, v.number DESC LIMIT 1`,
      [bpmnProcessId, version, bpmnProcessId, version, version],
    );
    return row?.content ?? null;
  }
}
