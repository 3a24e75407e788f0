import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Optional } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { hasRole, inUnits, type Actor } from '../auth/actor';
import { berlinDate } from '../common/calendar';
import { AppConfig } from '../config/app.config';
import { ClockService } from '../engine/clock.service';
import { ZeebeService } from '../engine/zeebe.service';
import { loadForms, validateFormData, type FieldError, type FormSchema } from '../forms';
import { isNotFound } from './engine-errors';
import {
  FormInvalidError,
  TaskAlreadyCompletedError,
  TaskAssignedToOtherError,
  TaskCancelledError,
  TaskForbiddenError,
  TaskNotFoundError,
  TeamLeadRequiredError,
} from './task.errors';
import { Task, type TaskState } from './task.entity';

export const TASK_VIEWS = ['mine', 'unit', 'overdue', 'all'] as const;
/** mine: assigned to me; unit: my units' tasks; overdue: visible and past due; all: everything I may see */
export type TaskView = (typeof TASK_VIEWS)[number];

export const TASK_SORTS = ['dueDate', 'deadline', 'followUpDate', 'createdAt', 'name', 'process'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export type VariableValue = string | number | boolean | null;

export interface TaskListQuery {
  view?: TaskView;
  /** default open */
  state?: TaskState;
  bpmnProcessId?: string;
  /** one agency unit (candidate group) */
  unit?: string;
  assignee?: string;
  /** only tasks nobody has taken (the unit's pool) */
  unassigned?: boolean;
  dueFrom?: Date;
  dueTo?: Date;
  followUpFrom?: Date;
  followUpTo?: Date;
  /** a person's name (or part of it, also spelling variants) or file number / case id */
  person?: string;
  /** process variables that must have exactly these values */
  variables?: Record<string, VariableValue>;
  /** process variables that must each have one of the values given (e.g. the text "42" or the number 42) */
  variableChoices?: { name: string; values: VariableValue[] }[];
  sort?: TaskSort;
  order?: 'asc' | 'desc';
  /** 1-based */
  page?: number;
  /** default 25, at most 200 */
  pageSize?: number;
}

export interface TaskSummary {
  id: string;
  name: string;
  bpmnProcessId: string;
  elementId: string;
  processInstanceKey: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  state: TaskState;
  caseId: string | null;
  personId: string | null;
  personName: string | null;
  fileNumber: string | null;
  createdAt: string;
  overdue: boolean;
  /** the earliest open deadline (Frist, issue 8 § 1) of the task's process instance, 'YYYY-MM-DD' */
  deadlineDueOn?: string | null;
  /** its kind (src/deadlines/deadline-kinds.ts) */
  deadlineKind?: string | null;
  /** that deadline's day is before today (Europe/Berlin) */
  deadlineOverdue?: boolean;
}

export interface TaskListPage {
  items: TaskSummary[];
  /** the number of matching tasks, at most TOTAL_CAP */
  total: number;
  /** true: more than TOTAL_CAP tasks match (show "mehr als 2.000"); the pages beyond still load */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export interface TaskDetail extends Omit<TaskSummary, 'personName' | 'fileNumber' | 'overdue'> {
  processVersion: number;
  formId: string | null;
  form: FormSchema | null;
  variables: Record<string, unknown>;
  draft: Record<string, unknown> | null;
  draftSavedAt: string | null;
  draftBy: string | null;
  claimedAt: string | null;
  completedAt: string | null;
}

export interface WorkloadEntry {
  /** null: not assigned */
  assignee: string | null;
  open: number;
  overdue: number;
}

/** the list counts matching tasks up to this number (an exact count of a 30,000-task queue costs ~50 ms) */
export const TOTAL_CAP = 2_000;

/** the earliest open deadline of the task's process instance (table of src/deadlines/) */
const DEADLINE_DUE_ON = `(select min(d.due_on) from deadline d where d.process_instance_key = t.process_instance_key and d.status = 'open')`;

const SORT_COLUMNS: Record<TaskSort, string> = {
  dueDate: 't.due_date',
  deadline: DEADLINE_DUE_ON,
  followUpDate: 't.follow_up_date',
  createdAt: 't.created_at',
  name: 't.name',
  process: 't.bpmn_process_id',
};

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();

interface ListRow {
  id: string;
  name: string;
  bpmn_process_id: string;
  element_id: string;
  process_instance_key: string;
  candidate_groups: string[];
  assignee: string | null;
  due_date: Date | null;
  follow_up_date: Date | null;
  state: TaskState;
  case_id: string | null;
  person_id: string | null;
  family_name: string | null;
  given_names: string | null;
  file_number: string | null;
  deadline_due_on: string | null;
  deadline_kind: string | null;
  created_at: Date;
}

/**
 * The caseworker task list: what an actor may see of the task rows the collector keeps, and the
 * actions on them (claim, assign, draft, complete). Completing validates the data against the task's
 * form on the server and completes the job in the engine exactly once.
 */
@Injectable()
export class TasksService {
  private readonly forms = loadForms();

  constructor(
    private readonly orm: MikroORM,
    private readonly zeebe: ZeebeService,
    private readonly config: AppConfig,
    /** claim, assignment, draft and completion times are the engine's (its clock can be moved) */
    @Optional() private readonly clock?: ClockService,
    /** every read and change of a task (with its variables and draft) goes into the audit trail */
    @Optional() private readonly audit?: AuditService,
  ) {}

  /** records the task operation in the audit trail (with the person it concerns) */
  private audited<T extends { personId: string | null }>(
    actor: Actor,
    action: string,
    id: string,
    work: () => Promise<T>,
    details?: Record<string, unknown>,
  ): Promise<T> {
    if (!this.audit) return work();
    return this.audit.around(
      { actor, action, resourceType: 'task', resourceId: id, details },
      work,
      (task) => ({
        personId: task.personId,
      }),
    );
  }

  /** "now" on the engine clock (the wall clock without one, e.g. in the task list benchmark) */
  private now(): Promise<Date> {
    return this.clock ? this.clock.now() : Promise.resolve(new Date());
  }

  list(actor: Actor, query: TaskListQuery = {}, now: Date = new Date()): Promise<TaskListPage> {
    if (!this.audit) return this.listTasks(actor, query, now);
    return this.audit.around(
      { actor, action: 'list', resourceType: 'task' },
      () => this.listTasks(actor, query, now),
      (page) => ({
        details: {
          count: page.items.length,
          personIds: [...new Set(page.items.map((t) => t.personId).filter((p): p is string => !!p))],
        },
      }),
    );
  }

  private async listTasks(actor: Actor, query: TaskListQuery, now: Date): Promise<TaskListPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    // a text[] literal, so the planner sees the units (an array() sub-select hides them from estimates)
    const units = `{${actor.units.map((u) => `"${String(u).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
    where.push(`t.state = ?`);
    params.push(query.state ?? 'open');
    // visibility: one of my units, or assigned to me
    where.push(`(t.candidate_groups && ?::text[] or t.assignee = ?)`);
    params.push(units, actor.username);
    switch (query.view ?? 'all') {
      case 'mine':
        where.push(`t.assignee = ?`);
        params.push(actor.username);
        break;
      case 'unit':
        where.push(`t.candidate_groups && ?::text[]`);
        params.push(units);
        break;
      case 'overdue':
        where.push(`t.due_date < ?`);
        params.push(now);
        break;
      case 'all':
        break;
    }
    if (query.bpmnProcessId) {
      where.push(`t.bpmn_process_id = ?`);
      params.push(query.bpmnProcessId);
    }
    if (query.unit) {
      where.push(`t.candidate_groups @> array[?]::text[]`);
      params.push(query.unit);
    }
    if (query.assignee) {
      where.push(`t.assignee = ?`);
      params.push(query.assignee);
    }
    if (query.unassigned) where.push(`t.assignee is null`);
    for (const [column, from, to] of [
      ['t.due_date', query.dueFrom, query.dueTo],
      ['t.follow_up_date', query.followUpFrom, query.followUpTo],
    ] as const) {
      if (from) {
        where.push(`${column} >= ?`);
        params.push(from);
      }
      if (to) {
        where.push(`${column} <= ?`);
        params.push(to);
      }
    }
    const person = query.person?.trim();
    if (person) {
      // the matching persons first (a few, through the unique file number and the trigram index on the
      // folded names, see Migration20261128131000), then their tasks: no scan over every visible task.
      // Each word must occur in the folded names and variants, so "Haddad, Samira" finds Samira Haddad.
      const words = person.split(/[\s,;]+/).filter((w) => /\p{L}/u.test(w));
      const names = words.map(
        () => `(person_name_fold(?) <> '' and p.name_fold like '%' || person_name_fold(?) || '%')`,
      );
      where.push(
        `(t.case_id = ? or t.person_id = any(array(select p.id from person p where p.file_number = ?${
          names.length > 0 ? ` or (${names.join(' and ')})` : ''
        })))`,
      );
      params.push(person, person, ...words.flatMap((w) => [w, w]));
    }
    if (query.variables && Object.keys(query.variables).length > 0) {
      where.push(`t.variables @> ?::jsonb`);
      params.push(JSON.stringify(query.variables));
    }
    for (const { name, values } of query.variableChoices ?? []) {
      if (values.length === 0) continue;
      // one containment test per value (each served by the GIN index), any of them may match
      where.push(`(${values.map(() => `t.variables @> ?::jsonb`).join(' or ')})`);
      params.push(...values.map((value) => JSON.stringify({ [name]: value })));
    }
    const whole = (n: number | undefined, fallback: number): number =>
      n !== undefined && Number.isFinite(n) ? Math.trunc(n) : fallback;
    const pageSize = Math.min(Math.max(whole(query.pageSize, 25), 1), 200);
    const page = Math.max(whole(query.page, 1), 1);
    const sort = SORT_COLUMNS[query.sort ?? 'dueDate'] ?? SORT_COLUMNS.dueDate;
    const order = query.order === 'desc' ? 'desc' : 'asc';
    // "nulls last" only where a column has nulls: on the others it would keep an index from serving the order
    const nullable =
      sort === SORT_COLUMNS.dueDate || sort === SORT_COLUMNS.followUpDate || sort === SORT_COLUMNS.deadline;
    const orderBy = `${sort} ${order}${nullable ? ' nulls last' : ''}, t.created_at asc, t.id asc`;
    const connection = this.orm.em.fork().getConnection();
    // the page (persons joined to its rows only) and the count, on two connections at once; the count
    // stops at TOTAL_CAP, so a page of a large queue costs the same as one of a small queue
    const [rows, [{ n }]] = await Promise.all([
      connection.execute<ListRow[]>(
        `select t.id, t.name, t.bpmn_process_id, t.element_id, t.process_instance_key::text as process_instance_key,
              t.candidate_groups, t.assignee, t.due_date, t.follow_up_date, t.state, t.case_id, t.person_id,
              p.family_name, p.given_names, p.file_number, t.created_at,
              ${DEADLINE_DUE_ON}::text as deadline_due_on,
              (select d.kind from deadline d where d.process_instance_key = t.process_instance_key and d.status = 'open'
                order by d.due_on limit 1) as deadline_kind
         from (select t.* from task t where ${where.join(' and ')} order by ${orderBy} limit ? offset ?) t
         left join person p on p.id = t.person_id
        order by ${orderBy}`,
        [...params, pageSize, (page - 1) * pageSize],
      ),
      connection.execute<{ n: string }[]>(
        `select count(*) as n from (select 1 from task t where ${where.join(' and ')} limit ?) capped`,
        [...params, TOTAL_CAP + 1],
      ),
    ]);
    const total = Math.min(Number(n), TOTAL_CAP);
    const totalCapped = Number(n) > TOTAL_CAP;
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        bpmnProcessId: r.bpmn_process_id,
        elementId: r.element_id,
        processInstanceKey: r.process_instance_key,
        candidateGroups: r.candidate_groups,
        assignee: r.assignee,
        dueDate: iso(r.due_date),
        followUpDate: iso(r.follow_up_date),
        state: r.state,
        caseId: r.case_id,
        personId: r.person_id,
        personName: r.family_name ? `${r.family_name}, ${r.given_names ?? ''}`.trim() : null,
        fileNumber: r.file_number,
        createdAt: iso(r.created_at) ?? '',
        overdue: r.state === 'open' && r.due_date !== null && new Date(r.due_date) < now,
        deadlineDueOn: r.deadline_due_on,
        deadlineKind: r.deadline_kind,
        deadlineOverdue: r.deadline_due_on !== null && r.deadline_due_on < berlinDate(now),
      })),
      total,
      totalCapped,
      page,
      pageSize,
    };
  }

  get(actor: Actor, id: string): Promise<TaskDetail> {
    return this.audited(actor, 'read', id, () => this.readTask(actor, id));
  }

  private async readTask(actor: Actor, id: string): Promise<TaskDetail> {
    const task = await this.load(this.orm.em.fork(), actor, id);
    return this.detail(task);
  }

  /** takes the task for oneself */
  claim(actor: Actor, id: string): Promise<TaskDetail> {
    return this.audited(actor, 'update', id, () => this.claimTask(actor, id), { change: 'claim' });
  }

  private async claimTask(actor: Actor, id: string): Promise<TaskDetail> {
    const at = await this.now();
    return this.mutateConfirmed(actor, id, (task) => {
      this.assertOpen(task);
      if (task.assignee && task.assignee !== actor.username) {
        throw new TaskAssignedToOtherError('Die Aufgabe ist bereits jemand anderem zugewiesen.', {
          taskId: task.id,
        });
      }
      if (task.assignee !== actor.username) {
        task.assignee = actor.username;
        task.claimedAt = at;
      }
    });
  }

  /** gives the task back to the unit (the assignee, or a team lead of one of its units) */
  unclaim(actor: Actor, id: string): Promise<TaskDetail> {
    return this.audited(actor, 'update', id, () => this.unclaimTask(actor, id), { change: 'unclaim' });
  }

  private async unclaimTask(actor: Actor, id: string): Promise<TaskDetail> {
    return this.mutate(actor, id, (task) => {
      this.assertOpen(task);
      if (task.assignee && task.assignee !== actor.username && !this.isTeamLeadOf(actor, task)) {
        throw new TaskAssignedToOtherError('Die Aufgabe ist jemand anderem zugewiesen.', { taskId: task.id });
      }
      task.assignee = null;
      task.claimedAt = null;
    });
  }

  /** a team lead of one of the task's units assigns it to a person (null: back to the unit) */
  assign(actor: Actor, id: string, assignee: string | null): Promise<TaskDetail> {
    return this.audited(actor, 'update', id, () => this.assignTask(actor, id, assignee), {
      change: 'assign',
      assignee,
    });
  }

  private async assignTask(actor: Actor, id: string, assignee: string | null): Promise<TaskDetail> {
    const at = await this.now();
    return this.mutateConfirmed(actor, id, (task) => {
      this.assertOpen(task);
      this.assertTeamLead(actor, task);
      task.assignee = assignee;
      task.claimedAt = assignee ? at : null;
    });
  }

  /** a team lead reassigns many tasks at once (all or none); returns how many changed */
  reassignMany(actor: Actor, ids: string[], assignee: string | null): Promise<number> {
    const reassign = () => this.reassignAll(actor, ids, assignee);
    if (!this.audit) return reassign();
    return this.audit.around(
      {
        actor,
        action: 'update',
        resourceType: 'task',
        details: { change: 'reassign', assignee, taskIds: ids.slice(0, 200) },
      },
      reassign,
      (changed) => ({ details: { changed } }),
    );
  }

  private async reassignAll(actor: Actor, ids: string[], assignee: string | null): Promise<number> {
    const unique = [...new Set(ids)];
    const at = await this.now();
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const tasks = await em.find(
        Task,
        { id: { $in: unique } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      if (tasks.length !== unique.length) throw new TaskNotFoundError('Aufgabe nicht gefunden.');
      for (const task of tasks) {
        this.assertVisible(actor, task);
        this.assertOpen(task);
        this.assertTeamLead(actor, task);
      }
      // all or none: a task the engine ended meanwhile is marked so, and nothing is reassigned
      const gone = await this.goneInEngine(tasks);
      if (gone.length) {
        for (const task of gone) task.state = 'cancelled';
        return { changed: 0, gone: gone.map((t) => t.id) };
      }
      let changed = 0;
      for (const task of tasks) {
        if (task.assignee !== assignee) {
          task.assignee = assignee;
          task.claimedAt = assignee ? at : null;
          changed += 1;
        }
      }
      return { changed, gone: [] };
    });
    if (outcome.gone.length) {
      throw new TaskCancelledError(
        `${outcome.gone.length === 1 ? 'Eine Aufgabe wurde' : `${outcome.gone.length} Aufgaben wurden`} zwischenzeitlich im Verfahren beendet; es wurde nichts zugewiesen.`,
        { taskIds: outcome.gone.join(',') },
      );
    }
    return outcome.changed;
  }

  /** open and overdue tasks per assignee in a unit (team lead of that unit) */
  async workload(actor: Actor, unit: string, now: Date = new Date()): Promise<WorkloadEntry[]> {
    if (!hasRole(actor, 'team-lead') || !inUnits(actor, [unit])) {
      throw new TeamLeadRequiredError('Nur die Teamleitung der Einheit sieht die Auslastung.', { unit });
    }
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<{ assignee: string | null; open: string; overdue: string }[]>(
        `select assignee, count(*) as open, count(*) filter (where due_date < ?) as overdue
         from task where state = 'open' and candidate_groups @> array[?]::text[]
        group by assignee order by assignee nulls first`,
        [now, unit],
      );
    return rows.map((r) => ({ assignee: r.assignee, open: Number(r.open), overdue: Number(r.overdue) }));
  }

  /** keeps the form data as the caseworker types (no validation: a draft may be incomplete) */
  saveDraft(actor: Actor, id: string, data: Record<string, unknown>): Promise<TaskDetail> {
    return this.audited(actor, 'update', id, () => this.saveDraftOf(actor, id, data), { change: 'draft' });
  }

  private async saveDraftOf(actor: Actor, id: string, data: Record<string, unknown>): Promise<TaskDetail> {
    const at = await this.now();
    return this.mutate(actor, id, (task) => {
      this.assertOpen(task);
      this.assertMayWork(actor, task);
      task.draft = data;
      task.draftSavedAt = at;
      task.draftBy = actor.username;
    });
  }

  /**
   * Validates the data against the task's form (with the task's variables for conditions) and
   * completes the job. The row is locked meanwhile, so two submissions cannot both complete it.
   */
  complete(actor: Actor, id: string, data: Record<string, unknown>): Promise<TaskDetail> {
    return this.audited(actor, 'update', id, () => this.completeTask(actor, id, data), {
      change: 'complete',
    });
  }

  private async completeTask(actor: Actor, id: string, data: Record<string, unknown>): Promise<TaskDetail> {
    const at = await this.now();
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const task = await this.load(em, actor, id, LockMode.PESSIMISTIC_WRITE);
      if (task.state === 'completed')
        throw new TaskAlreadyCompletedError('Die Aufgabe ist bereits erledigt.', { taskId: task.id });
      if (task.state === 'cancelled') return { task, cancelled: true };
      this.assertMayWork(actor, task);
      const variables = this.submitted(task, data);
      try {
        await this.zeebe.client.completeJob({ jobKey: task.jobKey, variables: variables as never });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        task.state = 'cancelled';
        return { task, cancelled: true };
      }
      task.state = 'completed';
      task.completedAt = at;
      task.assignee ??= actor.username;
      task.draft = null;
      return { task, cancelled: false };
    });
    if (outcome.cancelled) {
      throw new TaskCancelledError(
        'Die Aufgabe wurde zwischenzeitlich im Verfahren beendet; es wurde nichts abgeschlossen.',
        { taskId: outcome.task.id },
      );
    }
    return this.detail(outcome.task);
  }

  /** the validated form data to complete the job with */
  private submitted(task: Task, data: Record<string, unknown>): Record<string, unknown> {
    const form = task.formId ? this.forms.get(task.formId) : undefined;
    if (!form) {
      if (Object.keys(data).length === 0) return {};
      const errors: FieldError[] = Object.keys(data).map((key) => ({
        key,
        label: key,
        message: 'Dieses Feld gibt es in der Aufgabe nicht.',
      }));
      throw new FormInvalidError(errors, { taskId: task.id });
    }
    const result = validateFormData(form, data, task.variables);
    if (!result.valid) throw new FormInvalidError(result.errors, { taskId: task.id, formId: form.id });
    return result.data;
  }

  /**
   * As mutate, and the engine confirms the task's job still exists (its timeout is renewed on the way):
   * a task ended by the engine meanwhile (interrupting event, process cancelled) is marked cancelled
   * and the change refused with TASK_CANCELLED, instead of being claimed or assigned in vain.
   */
  private async mutateConfirmed(actor: Actor, id: string, change: (task: Task) => void): Promise<TaskDetail> {
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const task = await this.load(em, actor, id, LockMode.PESSIMISTIC_WRITE);
      this.assertOpen(task);
      if ((await this.goneInEngine([task])).length) {
        task.state = 'cancelled';
        return { task, cancelled: true };
      }
      change(task);
      return { task, cancelled: false };
    });
    if (outcome.cancelled) {
      throw new TaskCancelledError(
        'Die Aufgabe wurde zwischenzeitlich im Verfahren beendet und kann nicht mehr bearbeitet werden.',
        { taskId: outcome.task.id },
      );
    }
    return this.detail(outcome.task);
  }

  /** the tasks whose job the engine no longer knows; renews the job timeout of the others */
  private async goneInEngine(tasks: Task[]): Promise<Task[]> {
    const gone: Task[] = [];
    for (const task of tasks) {
      try {
        await this.zeebe.client.updateJobTimeout({
          jobKey: task.jobKey,
          timeout: this.config.TASK_JOB_TIMEOUT_MS,
        });
        task.jobDeadline = new Date(Date.now() + this.config.TASK_JOB_TIMEOUT_MS);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        gone.push(task);
      }
    }
    return gone;
  }

  private async mutate(actor: Actor, id: string, change: (task: Task) => void): Promise<TaskDetail> {
    const task = await this.orm.em.fork().transactional(async (em) => {
      const t = await this.load(em, actor, id, LockMode.PESSIMISTIC_WRITE);
      change(t);
      return t;
    });
    return this.detail(task);
  }

  private async load(em: EntityManager, actor: Actor, id: string, lockMode?: LockMode): Promise<Task> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const task = uuid ? await em.findOne(Task, { id }, lockMode ? { lockMode } : {}) : null;
    if (!task) throw new TaskNotFoundError('Aufgabe nicht gefunden.', { taskId: id });
    this.assertVisible(actor, task);
    return task;
  }

  private assertVisible(actor: Actor, task: Task): void {
    if (task.assignee === actor.username || inUnits(actor, task.candidateGroups)) return;
    throw new TaskForbiddenError('Diese Aufgabe gehört nicht zu Ihren Einheiten.', { taskId: task.id });
  }

  private assertOpen(task: Task): void {
    if (task.state === 'completed')
      throw new TaskAlreadyCompletedError('Die Aufgabe ist bereits erledigt.', { taskId: task.id });
    if (task.state === 'cancelled')
      throw new TaskCancelledError('Die Aufgabe wurde im Verfahren beendet.', { taskId: task.id });
  }

  /** working on a task (draft, complete) is for its assignee, or anyone of the unit while unassigned */
  private assertMayWork(actor: Actor, task: Task): void {
    if (task.assignee && task.assignee !== actor.username) {
      throw new TaskAssignedToOtherError('Die Aufgabe ist jemand anderem zugewiesen.', { taskId: task.id });
    }
  }

  private isTeamLeadOf(actor: Actor, task: Task): boolean {
    return hasRole(actor, 'team-lead') && inUnits(actor, task.candidateGroups);
  }

  private assertTeamLead(actor: Actor, task: Task): void {
    if (!this.isTeamLeadOf(actor, task)) {
      throw new TeamLeadRequiredError('Nur die Teamleitung der Einheit kann Aufgaben zuweisen.', {
        taskId: task.id,
      });
    }
  }

  private detail(task: Task): TaskDetail {
    return {
      id: task.id,
      name: task.name,
      bpmnProcessId: task.bpmnProcessId,
      processVersion: task.processVersion,
      elementId: task.elementId,
      processInstanceKey: task.processInstanceKey,
      candidateGroups: task.candidateGroups,
      assignee: task.assignee ?? null,
      dueDate: iso(task.dueDate),
      followUpDate: iso(task.followUpDate),
      state: task.state,
      caseId: task.caseId ?? null,
      personId: task.personId ?? null,
      createdAt: iso(task.createdAt) ?? '',
      formId: task.formId ?? null,
      form: (task.formId && this.forms.get(task.formId)) || null,
      variables: task.variables,
      draft: task.draft ?? null,
      draftSavedAt: iso(task.draftSavedAt),
      draftBy: task.draftBy ?? null,
      claimedAt: iso(task.claimedAt),
      completedAt: iso(task.completedAt),
    };
  }
}
