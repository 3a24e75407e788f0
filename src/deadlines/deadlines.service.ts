import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { addDays, formatDate, parseDate } from '../common/calendar';
import { ClockService } from '../engine/clock.service';
import { DEADLINE_KINDS, timerInstant, type DeadlineKindCode } from './deadline-kinds';
import type { DeadlineStatus } from './deadline.entity';

/** what a worker records when its process starts a deadline */
export interface OpenDeadline {
  kind: DeadlineKindCode;
  /** none for an anonymous complaint */
  personId?: string | null;
  fileNumber?: string | null;
  processInstanceKey?: string | null;
  taskId?: string | null;
  /** a deadline kept from a record outside a process (the follow-up of a Wiedervorlage) */
  sourceId?: string | null;
  unit: string;
  dueOn: string;
  /** the instant the BPMN timer fires, exactly as handed to the engine; default from the kind */
  dueAt?: string | null;
}

export interface DeadlineView {
  id: string;
  kind: DeadlineKindCode;
  label: string;
  legalBasis: string;
  /** null: a deadline of no person (an anonymous complaint) */
  personId: string | null;
  personName: string | null;
  fileNumber: string | null;
  processInstanceKey: string | null;
  taskId: string | null;
  unit: string;
  dueOn: string;
  dueAt: string;
  status: DeadlineStatus;
  /** open and its due day is before the engine's today */
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
}

export interface DeadlineFilter {
  /** only these units (intersected with the actor's units) */
  unit?: string;
  status?: DeadlineStatus;
  kind?: DeadlineKindCode;
  personId?: string;
  /** due on or after / on or before, 'YYYY-MM-DD' */
  dueFrom?: string;
  dueUntil?: string;
  /** open and past their due day */
  overdue?: boolean;
  limit?: number;
}

interface DeadlineRow {
  id: string;
  kind: DeadlineKindCode;
  legal_basis: string;
  person_id: string | null;
  family_name: string | null;
  given_names: string | null;
  file_number: string | null;
  process_instance_key: string | null;
  task_id: string | null;
  unit: string;
  due_on: string | Date;
  due_at: Date;
  status: DeadlineStatus;
  created_at: Date;
  closed_at: Date | null;
}

const asDate = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : formatDate(d));

/**
 * Deadlines (issue 8 § 1): recorded by the workers that compute a process's timer date (idempotent: one
 * per process instance and kind), closed when the process passes the point, read unit-scoped.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  /**
   * records an open deadline; a second call for the same process instance (or source) and kind changes
   * nothing. `em`: the caller's transaction, if the record is to be written in it.
   */
  async open(input: OpenDeadline, em: EntityManager = this.em): Promise<void> {
    const kind = DEADLINE_KINDS[input.kind];
    parseDate(input.dueOn);
    const dueAt = input.dueAt ?? timerInstant(input.kind, input.dueOn);
    await em.execute(
      `insert into deadline (id, kind, legal_basis, person_id, file_number, process_instance_key, task_id, source_id,
                             unit, due_on, due_at, status, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
       on conflict do nothing`,
      [
        kind.code,
        kind.legalBasis,
        input.personId ?? null,
        input.fileNumber ?? null,
        input.processInstanceKey ?? null,
        input.taskId ?? null,
        input.sourceId ?? null,
        input.unit,
        input.dueOn,
        dueAt,
        await this.clock.now(),
      ],
    );
  }

  /**
   * records an open deadline, or — when the process produces it again with another due day (a Duldung
   * renewed in the same instance) — opens the instance's record again with that day. A second call
   * with the same day changes nothing.
   */
  async openOrRenew(input: OpenDeadline & { processInstanceKey: string }): Promise<void> {
    const kind = DEADLINE_KINDS[input.kind];
    parseDate(input.dueOn);
    const dueAt = input.dueAt ?? timerInstant(input.kind, input.dueOn);
    await this.em.execute(
      `insert into deadline (id, kind, legal_basis, person_id, file_number, process_instance_key, task_id, unit,
                             due_on, due_at, status, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
       on conflict (process_instance_key, kind) do update
          set due_on = excluded.due_on, due_at = excluded.due_at, status = 'open', closed_at = null,
              created_at = excluded.created_at
        where deadline.due_on <> excluded.due_on`,
      [
        kind.code,
        kind.legalBasis,
        input.personId ?? null,
        input.fileNumber ?? null,
        input.processInstanceKey,
        input.taskId ?? null,
        input.unit,
        input.dueOn,
        dueAt,
        await this.clock.now(),
      ],
    );
  }

  /**
   * the process passed the point the deadline guards on `on`: met if on or before the due day, missed
   * after it; an already closed deadline stays as it is
   */
  async close(processInstanceKey: string, kind: DeadlineKindCode, on: string): Promise<void> {
    parseDate(on);
    await this.em.getConnection().execute(
      `update deadline set status = case when ?::date <= due_on then 'met' else 'missed' end, closed_at = ?
        where process_instance_key = ? and kind = ? and status = 'open'`,
      [on, await this.clock.now(), processInstanceKey, kind],
    );
  }

  /**
   * an open deadline of a process instance gets a new due day (e.g. the § 2 AsylbLG date restarted by
   * an interruption); `dueAt` defaults from the kind
   */
  async moveOpen(
    processInstanceKey: string,
    kind: DeadlineKindCode,
    dueOn: string,
    dueAt?: string | null,
  ): Promise<void> {
    parseDate(dueOn);
    await this.em.execute(
      `update deadline set due_on = ?, due_at = ?
        where process_instance_key = ? and kind = ? and status = 'open' and due_on <> ?::date`,
      [dueOn, dueAt ?? timerInstant(kind, dueOn), processInstanceKey, kind, dueOn],
    );
  }

  /**
   * the open deadline of a kind of a person moves to a new due day, where the process that moves it is
   * not the one keeping the record (the training monitoring, called by the case's instance)
   */
  async moveOpenOfPerson(personId: string, kind: DeadlineKindCode, dueOn: string): Promise<void> {
    parseDate(dueOn);
    await this.em.execute(
      `update deadline set due_on = ?, due_at = ? where person_id = ? and kind = ? and status = 'open'`,
      [dueOn, timerInstant(kind, dueOn), personId, kind],
    );
  }

  /** an open deadline kept from a source (a Wiedervorlage) moves to a new due day */
  async moveOfSource(
    kind: DeadlineKindCode,
    sourceId: string,
    dueOn: string,
    em: EntityManager = this.em,
  ): Promise<void> {
    parseDate(dueOn);
    await em.execute(
      `update deadline set due_on = ?, due_at = ? where kind = ? and source_id = ? and status = 'open'`,
      [dueOn, timerInstant(kind, dueOn), kind, sourceId],
    );
  }

  /** a deadline kept from a source is done on `on`: met if on or before the due day, missed after it */
  async closeOfSource(
    kind: DeadlineKindCode,
    sourceId: string,
    on: string,
    em: EntityManager = this.em,
  ): Promise<void> {
    parseDate(on);
    await em.execute(
      `update deadline set status = case when ?::date <= due_on then 'met' else 'missed' end, closed_at = ?
        where kind = ? and source_id = ? and status = 'open'`,
      [on, await this.clock.now(), kind, sourceId],
    );
  }

  /**
   * the source id (uuid, stable: the same name gives the same id) of a deadline a process keeps more than
   * one of per kind (the revocation Anhörung beside the refusal Anhörung), from a name such as
   * `revocation:<processInstanceKey>:<jobKey>` (RFC 4122 name-based, SHA-1)
   */
  static sourceIdOf(name: string): string {
    const b = createHash('sha1').update(`mia-deadline:${name}`).digest().subarray(0, 16);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /**
   * an open deadline kept from a source ends without a day to compare: its period ran its full course
   * (met) or it no longer applies (cancelled)
   */
  async settleOfSource(kind: DeadlineKindCode, sourceId: string, status: 'met' | 'cancelled'): Promise<void> {
    await this.em.execute(
      `update deadline set status = ?, closed_at = ? where kind = ? and source_id = ? and status = 'open'`,
      [status, await this.clock.now(), kind, sourceId],
    );
  }

  /**
   * a period the process waits out (the Anhörung, the BA's two weeks) ran its full course before the
   * process went on: met
   */
  async elapsed(processInstanceKey: string, kind: DeadlineKindCode): Promise<void> {
    await this.em.execute(
      `update deadline set status = 'met', closed_at = ? where process_instance_key = ? and kind = ? and status = 'open'`,
      [await this.clock.now(), processInstanceKey, kind],
    );
  }

  /** the deadlines still open for a process instance no longer apply (e.g. the child is of age) */
  async cancelOpen(processInstanceKey: string, kinds?: readonly DeadlineKindCode[]): Promise<void> {
    await this.em.getConnection().execute(
      `update deadline set status = 'cancelled', closed_at = ?
        where process_instance_key = ? and status = 'open'${kinds ? ` and kind = any(?::text[])` : ''}`,
      [await this.clock.now(), processInstanceKey, ...(kinds ? [`{${kinds.join(',')}}`] : [])],
    );
  }

  /** the deadlines the actor may see (their units; admins and quality staff all), with filters */
  async list(actor: Actor, filter: DeadlineFilter = {}): Promise<DeadlineView[]> {
    return this.audit.around(
      { actor, action: 'read', resourceType: 'deadline' },
      () => this.query(actor, filter),
      (views) => ({ details: { count: views.length } }),
    );
  }

  /** the deadlines of one person the actor may see (the person page; the case file read is audited there) */
  ofPerson(actor: Actor, personId: string): Promise<DeadlineView[]> {
    return this.query(actor, { personId, limit: 200 });
  }

  /** open deadlines of process instances (the task list and the task page), earliest first */
  async openOfInstances(processInstanceKeys: readonly string[]): Promise<Map<string, DeadlineView[]>> {
    const byKey = new Map<string, DeadlineView[]>();
    const keys = [...new Set(processInstanceKeys.filter((k) => /^\d+$/.test(k)))];
    if (!keys.length) return byKey;
    const today = await this.clock.today();
    const rows = await this.em
      .getConnection()
      .execute<DeadlineRow[]>(
        `${SELECT} where d.status = 'open' and d.process_instance_key = any(?::bigint[]) order by d.due_on, d.created_at`,
        [`{${keys.join(',')}}`],
      );
    for (const row of rows) {
      const view = toView(row, today);
      const key = view.processInstanceKey!;
      byKey.set(key, [...(byKey.get(key) ?? []), view]);
    }
    return byKey;
  }

  private async query(actor: Actor, filter: DeadlineFilter): Promise<DeadlineView[]> {
    const today = await this.clock.today();
    const where: string[] = [];
    const params: unknown[] = [];
    if (!hasRole(actor, 'admin', 'quality')) {
      where.push(`d.unit = any(?::text[])`);
      params.push(`{${(actor.units as string[]).join(',')}}`);
    }
    if (filter.unit) {
      where.push(`d.unit = ?`);
      params.push(filter.unit);
    }
    if (filter.status) {
      where.push(`d.status = ?`);
      params.push(filter.status);
    }
    if (filter.kind) {
      where.push(`d.kind = ?`);
      params.push(filter.kind);
    }
    if (filter.personId) {
      where.push(`d.person_id = ?`);
      params.push(filter.personId);
    }
    if (filter.dueFrom) {
      where.push(`d.due_on >= ?`);
      params.push(filter.dueFrom);
    }
    if (filter.dueUntil) {
      where.push(`d.due_on <= ?`);
      params.push(filter.dueUntil);
    }
    if (filter.overdue) {
      where.push(`d.status = 'open' and d.due_on < ?`);
      params.push(today);
    }
    params.push(Math.min(filter.limit ?? 500, 1000));
    const rows = await this.em
      .getConnection()
      .execute<DeadlineRow[]>(
        `${SELECT}${where.length ? ` where ${where.join(' and ')}` : ''} order by d.due_on, p.family_name nulls last, d.kind limit ?`,
        params,
      );
    return rows.map((r) => toView(r, today));
  }

  /** the engine's today and the Monday–Sunday week around it */
  async week(): Promise<{ today: string; weekStart: string; weekEnd: string }> {
    const today = await this.clock.today();
    const day = parseDate(today).getUTCDay();
    const weekStart = addDays(today, -((day + 6) % 7));
    return { today, weekStart, weekEnd: addDays(weekStart, 6) };
  }
}

const SELECT = `select d.id, d.kind, d.legal_basis, d.person_id, p.family_name, p.given_names, d.file_number,
       d.process_instance_key::text as process_instance_key, d.task_id, d.unit, d.due_on::text as due_on,
       d.due_at, d.status, d.created_at, d.closed_at
  from deadline d left join person p on p.id = d.person_id`;

function toView(row: DeadlineRow, today: string): DeadlineView {
  const dueOn = asDate(row.due_on);
  return {
    id: row.id,
    kind: row.kind,
    label: DEADLINE_KINDS[row.kind]?.label ?? row.kind,
    legalBasis: row.legal_basis,
    personId: row.person_id,
    personName: row.person_id ? `${row.family_name}, ${row.given_names}` : null,
    fileNumber: row.file_number,
    processInstanceKey: row.process_instance_key,
    taskId: row.task_id,
    unit: row.unit,
    dueOn,
    dueAt: new Date(row.due_at).toISOString().replace('.000Z', 'Z'),
    status: row.status,
    overdue: row.status === 'open' && dueOn < today,
    createdAt: new Date(row.created_at).toISOString(),
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
  };
}
