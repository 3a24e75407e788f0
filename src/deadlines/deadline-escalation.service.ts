import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { addDays } from '../common/calendar';
import { ClockService } from '../engine/clock.service';
import { ParametersService } from '../parameters/parameters.service';
import { DEADLINE_KINDS, type DeadlineKindCode } from './deadline-kinds';
import { DeadlineEscalations } from './deadline-escalations';
import type { EscalationKind } from './deadline-escalation.entity';

/** parameter: the reminder goes out this many days before the due day [local] */
export const REMINDER_PARAMETER = 'deadlines.reminderDaysBefore';
const DEFAULT_REMINDER_DAYS = 3;

export interface EscalationRunSummary {
  day: string;
  /** open deadlines of ended process instances, now cancelled */
  cancelled: number;
  reminders: number;
  dueEscalations: number;
  overdueLists: number;
}

interface DueRow {
  id: string;
  kind: DeadlineKindCode;
  unit: string;
  file_number: string | null;
}

/**
 * The escalation check (issue 8 § 1), on the engine's day (ClockService): a reminder to the unit a
 * configurable number of days before the due day, the unit's team leads informed on the due day, and a
 * daily list of the unit's overdue deadlines. Each step is recorded once (`deadline_escalation`, unique
 * key) before it is emitted, so re-runs and two platform processes never raise it twice.
 */
@Injectable()
export class DeadlineEscalationService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: ClockService,
    private readonly parameters: ParametersService,
    private readonly escalations: DeadlineEscalations,
  ) {}

  /** one check, in an EntityManager context of its own (it runs outside any request) */
  run(): Promise<EscalationRunSummary> {
    return RequestContext.create(this.em.fork(), () => this.check());
  }

  private async check(): Promise<EscalationRunSummary> {
    const day = await this.clock.today();
    const reminderDays = await this.reminderDays(day);
    const connection = this.em.getConnection();
    // a process that ended no longer waits for its deadlines (one its workers did not close, e.g. a
    // cancelled path): they no longer apply, and raise nothing
    const ended = await connection.execute<{ id: string }[]>(
      `update deadline d set status = 'cancelled', closed_at = ?
         from process_instance_record r
        where r.process_instance_key = d.process_instance_key and r.ended_at is not null and d.status = 'open'
        returning d.id`,
      [await this.clock.now()],
    );
    const summary: EscalationRunSummary = {
      day,
      cancelled: ended.length,
      reminders: 0,
      dueEscalations: 0,
      overdueLists: 0,
    };

    // the reminder: open, due from today up to today + n days
    const upcoming = await connection.execute<DueRow[]>(
      `select id, kind, unit, file_number from deadline
        where status = 'open' and due_on >= ? and due_on <= ? order by due_on, id`,
      [day, addDays(day, reminderDays)],
    );
    for (const d of upcoming) {
      if (!(await this.record(`reminder:${d.id}`, 'reminder', d.unit, day, d.id))) continue;
      summary.reminders += 1;
      await this.escalations.emit({
        escalation: 'reminder',
        kind: 'deadline-approaching',
        unit: d.unit,
        deadlineId: d.id,
        recipient: { unit: d.unit },
        title: `Frist läuft bald ab: ${label(d)}`,
        link: `/fristen?einheit=${d.unit}`,
        fileNumber: d.file_number,
      });
    }

    // the due day (or later, if the check did not run on it): the unit's team leads
    const due = await connection.execute<DueRow[]>(
      `select id, kind, unit, file_number from deadline where status = 'open' and due_on <= ? order by due_on, id`,
      [day],
    );
    for (const d of due) {
      if (!(await this.record(`due:${d.id}`, 'due', d.unit, day, d.id))) continue;
      summary.dueEscalations += 1;
      for (const username of await this.teamLeads(d.unit)) {
        await this.escalations.emit({
          escalation: 'due',
          kind: 'deadline-escalation',
          unit: d.unit,
          deadlineId: d.id,
          recipient: { username },
          title: `Frist heute fällig: ${label(d)}`,
          link: `/fristen?einheit=${d.unit}`,
          fileNumber: d.file_number,
        });
      }
    }

    // the daily overdue list per unit
    const overdue = await connection.execute<{ unit: string; n: string }[]>(
      `select unit, count(*) as n from deadline where status = 'open' and due_on < ? group by unit order by unit`,
      [day],
    );
    for (const { unit, n } of overdue) {
      if (!(await this.record(`overdue-list:${unit}:${day}`, 'overdue-list', unit, day, null))) continue;
      summary.overdueLists += 1;
      const count = Number(n);
      await this.escalations.emit({
        escalation: 'overdue-list',
        kind: 'deadline-overdue-list',
        unit,
        deadlineId: null,
        recipient: { unit },
        title: `${count} ${count === 1 ? 'überfällige Frist' : 'überfällige Fristen'} in ${unit}`,
        link: `/fristen?einheit=${unit}#ueberfaellig`,
        fileNumber: null,
      });
    }
    return summary;
  }

  private async reminderDays(day: string): Promise<number> {
    try {
      const n = await this.parameters.get<number>(REMINDER_PARAMETER, day);
      return Number.isInteger(n) && n >= 0 ? n : DEFAULT_REMINDER_DAYS;
    } catch {
      return DEFAULT_REMINDER_DAYS;
    }
  }

  /** records the step; false if it was recorded before (then it is not raised again) */
  private async record(
    key: string,
    kind: EscalationKind,
    unit: string,
    day: string,
    deadlineId: string | null,
  ): Promise<boolean> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>(
      `insert into deadline_escalation (id, key, kind, deadline_id, unit, raised_on, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?) on conflict (key) do nothing returning id`,
      [key, kind, deadlineId, unit, day, await this.clock.now()],
    );
    return rows.length === 1;
  }

  /** the active team leads of a unit */
  private async teamLeads(unit: string): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ username: string }[]>(
      `select username from app_user where active and roles @> '["team-lead"]'::jsonb and units @> ?::jsonb
        order by username`,
      [JSON.stringify([unit])],
    );
    return rows.map((r) => r.username);
  }
}

function label(d: DueRow): string {
  const kind = DEADLINE_KINDS[d.kind]?.label ?? d.kind;
  return d.file_number ? `${kind}, Az. ${d.file_number}` : kind;
}
