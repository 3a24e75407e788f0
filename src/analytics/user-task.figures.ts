import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { analyticsQuery, num, sqlFrom, sqlTo } from './analytics-source';
import type { Period } from './period';

/** what the task rows say about one user task of a process version (both sources) */
export interface UserTaskFigures {
  elementId: string;
  /** tasks claimed in the period, and their waiting time: created → claimed */
  claimed: number;
  waitingP50Ms: number | null;
  waitingP90Ms: number | null;
  /** tasks completed in the period after a claim, and their working time: claimed → completed */
  worked: number;
  workingP50Ms: number | null;
  workingP90Ms: number | null;
  /** open tasks whose due date has passed (now), without those of ended element instances (embedded) */
  overdueOpen: number;
}

/**
 * Waiting vs working time and overdue tasks from the task list's rows (`task`): created when the
 * collector takes the job-based user task, claimed when a caseworker takes it (the last claim), completed
 * when they complete it. The task list stamps these with the platform's clock.
 */
@Injectable()
export class UserTaskFiguresReader {
  constructor(private readonly em: EntityManager) {}

  /**
   * `withProjection`: leave out open task rows whose element instance the event-log projection knows
   * to have ended (a cancelled instance's task stays open until the collector learns of it).
   */
  async read(
    bpmnProcessId: string,
    version: number,
    period: Period,
    now: Date,
    withProjection = false,
  ): Promise<UserTaskFigures[]> {
    const [from, to] = [sqlFrom(period), sqlTo(period)];
    const waiting = `(date_part('epoch', claimed_at - created_at) * 1000)`;
    const working = `(date_part('epoch', completed_at - claimed_at) * 1000)`;
    const claimedIn = `claimed_at >= ?::timestamptz AND claimed_at < ?::timestamptz`;
    const workedIn = `state = 'completed' AND claimed_at IS NOT NULL AND completed_at >= ?::timestamptz AND completed_at < ?::timestamptz`;
    const rows = await analyticsQuery<Record<string, unknown>>(
      this.em,
      `SELECT element_id,
              count(*) FILTER (WHERE ${claimedIn}) AS claimed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${waiting}) FILTER (WHERE ${claimedIn}) AS waiting_p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${waiting}) FILTER (WHERE ${claimedIn}) AS waiting_p90,
              count(*) FILTER (WHERE ${workedIn}) AS worked,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${working}) FILTER (WHERE ${workedIn}) AS working_p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${working}) FILTER (WHERE ${workedIn}) AS working_p90,
              count(*) FILTER (WHERE state = 'open' AND due_date < ?::timestamptz
                                 AND NOT (?::boolean AND EXISTS (SELECT 1 FROM analytics_element_instance e
                                                                  WHERE e.key = task.element_instance_key AND e.ended_at IS NOT NULL))) AS overdue
         FROM task WHERE bpmn_process_id = ? AND process_version = ?
        GROUP BY element_id`,
      [
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        now.toISOString(),
        withProjection,
        bpmnProcessId,
        version,
      ],
    );
    return rows.map((r) => ({
      elementId: String(r.element_id),
      claimed: Number(r.claimed),
      waitingP50Ms: num(r.waiting_p50),
      waitingP90Ms: num(r.waiting_p90),
      worked: Number(r.worked),
      workingP50Ms: num(r.working_p50),
      workingP90Ms: num(r.working_p90),
      overdueOpen: Number(r.overdue),
    }));
  }
}
