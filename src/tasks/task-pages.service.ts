import { scriptJson } from '../web/format';
import { Injectable, Optional } from '@nestjs/common';
import { join } from 'node:path';
import { AGENCY_UNITS } from '../agencies/units';
import { hasRole, type Actor } from '../auth/actor';
import { addDays, berlinMidnight } from '../common/calendar';
import { projectRoot } from '../config/project-root';
import { DEADLINE_KINDS } from '../deadlines/deadline-kinds';
import { DeadlinePagesService } from '../deadlines/deadline-pages.service';
import { formatGermanDate } from '../documents/template-catalogue';
import { loadForms } from '../forms';
import type { PageContext } from '../web/views.service';
import { TaskForbiddenError, TaskNotFoundError } from './task.errors';
import { MAX_VARIABLE_FILTERS, type PageView, type TaskListPageQueryDto } from './task-pages.dto';
import {
  formVariables,
  readProcesses,
  valueChoices,
  type FilterVariable,
  type ProcessInfo,
} from './task-pages.variables';
import { TasksService, type TaskDetail, type TaskSort, type TaskView } from './tasks.service';

const PAGE_SIZE = 25;

const VIEW_OF: Record<PageView, TaskView> = { meine: 'mine', einheit: 'unit', ueberfaellig: 'overdue' };
const TABS: { view: PageView; label: string }[] = [
  { view: 'meine', label: 'Meine Aufgaben' },
  { view: 'einheit', label: 'Aufgaben meiner Einheit' },
  { view: 'ueberfaellig', label: 'Überfällig' },
];
const SORT_LABELS: Record<TaskSort, string> = {
  dueDate: 'Fälligkeit',
  deadline: 'Frist',
  followUpDate: 'Wiedervorlage',
  createdAt: 'Eingang',
  name: 'Aufgabe',
  process: 'Verfahren',
};

/** the team lead's page (TeamPagesController), a tab of the task list for team leads */
export const TEAM_PAGE = '/aufgaben/team';

/** the first instant of a Berlin calendar day (YYYY-MM-DD) */
export function startOfDay(day: string): Date {
  return berlinMidnight(day);
}

/** the last instant (ms) of a Berlin calendar day: a task due then is still "due on" that day */
export function endOfDay(day: string): Date {
  return new Date(berlinMidnight(addDays(day, 1)).getTime() - 1);
}

/** the German label of a deadline kind (src/deadlines/deadline-kinds.ts) */
function deadlineKindLabel(kind: string): string {
  return (DEADLINE_KINDS as Record<string, { label: string } | undefined>)[kind]?.label ?? kind;
}

/** TT.MM.JJJJ in the agency's time zone */
export function germanDate(value: string | Date | null | undefined): string {
  return value ? formatGermanDate(value) : '–';
}

const collator = new Intl.Collator('de');
const byLabel = (a: { label: string }, b: { label: string }): number => collator.compare(a.label, b.label);

/** "Kategorie (category)": the German label(s) of the forms and the variable's name */
function variableLabel(v: FilterVariable): string {
  return v.labels.length > 0 ? `${v.labels.join(' / ')} (${v.key})` : v.key;
}

export interface PageOutcome {
  status: number;
  view: string;
  context: PageContext;
  redirect?: string;
}

/** the German error page of the task and team pages (view task-error) */
export function errorPage(
  actor: Actor,
  csrfToken: string | null,
  page: { status: number; title: string; heading: string; text: string },
): PageOutcome {
  const { status, ...text } = page;
  return { status, view: 'task-error', context: { userName: actor.displayName, csrfToken, ...text } };
}

/** Builds the page contexts of the task list and the task page from TasksService. */
@Injectable()
export class TaskPagesService {
  /** bpmnProcessId → the process's name and task forms, from processes/*.bpmn */
  private readonly processes: Map<string, ProcessInfo> = readProcesses(join(projectRoot(), 'processes'));
  private readonly forms = loadForms();
  /** every variable a task form writes, by key */
  private readonly variables = formVariables(this.forms.values());
  /** the sorted options of the variable select, by bpmnProcessId ('' = every process) */
  private readonly variableOptionCache = new Map<string, { value: string; label: string }[]>();

  constructor(
    private readonly tasks: TasksService,
    @Optional() private readonly deadlines?: DeadlinePagesService,
  ) {}

  async listPage(actor: Actor, q: TaskListPageQueryDto, csrfToken: string | null): Promise<PageContext> {
    const view: PageView = q.ansicht ?? 'meine';
    const sort: TaskSort = q.sortierung ?? 'dueDate';
    const order = q.reihenfolge ?? 'asc';
    const pairs = this.variablePairs(q);
    const variableChoices = pairs
      .filter((p) => p.name && p.value.trim())
      .map((p) => ({ name: p.name, values: valueChoices(p.value, this.variables.get(p.name)?.options) }));
    const page = await this.tasks.list(actor, {
      view: VIEW_OF[view],
      bpmnProcessId: q.verfahren,
      unit: q.einheit,
      dueFrom: q.faelligVon ? startOfDay(q.faelligVon) : undefined,
      dueTo: q.faelligBis ? endOfDay(q.faelligBis) : undefined,
      followUpFrom: q.wiedervorlageVon ? startOfDay(q.wiedervorlageVon) : undefined,
      followUpTo: q.wiedervorlageBis ? endOfDay(q.wiedervorlageBis) : undefined,
      person: q.person,
      variableChoices,
      sort,
      order,
      page: q.seite ?? 1,
      pageSize: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const filters = {
      ansicht: view,
      verfahren: q.verfahren ?? '',
      einheit: q.einheit ?? '',
      faelligVon: q.faelligVon ?? '',
      faelligBis: q.faelligBis ?? '',
      wiedervorlageVon: q.wiedervorlageVon ?? '',
      wiedervorlageBis: q.wiedervorlageBis ?? '',
      person: q.person ?? '',
      sortierung: sort,
      reihenfolge: order,
    };
    const kept = pairs.filter((p) => p.name || p.value);
    const link = (changes: Record<string, string | number>): string => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...filters, ...changes })) if (v !== '') params.set(k, String(v));
      for (const { name, value } of kept) {
        params.append('variable', name);
        params.append('wert', value);
      }
      return `/aufgaben?${params.toString()}`;
    };
    const rows = kept.length < MAX_VARIABLE_FILTERS ? [...kept, { name: '', value: '' }] : kept;
    const tabs = TABS.map((t) => ({
      ...t,
      href: link({ ansicht: t.view, seite: 1 }),
      current: t.view === view,
    }));
    if (hasRole(actor, 'team-lead')) {
      tabs.push({ view: 'einheit', label: 'Team und Auslastung', href: TEAM_PAGE, current: false });
    }
    return {
      title: 'Aufgaben',
      userName: actor.displayName,
      csrfToken,
      completed: q.erledigt === '1',
      tabs,
      viewLabel: TABS.find((t) => t.view === view)?.label ?? '',
      filters,
      processes: this.processOptions(q.verfahren),
      units: actor.units.map((u) => ({
        value: u,
        label: `${u} – ${AGENCY_UNITS[u]}`,
        selected: u === q.einheit,
      })),
      variableFilters: rows.map((row, i) => ({
        index: i,
        number: i + 1,
        value: row.value,
        options: this.variableOptions(q.verfahren, row.name),
      })),
      sorts: Object.entries(SORT_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === sort,
      })),
      orderAsc: order === 'asc',
      items: page.items.map((t) => ({
        id: t.id,
        name: t.name,
        process: this.processName(t.bpmnProcessId),
        person: t.personName ?? '–',
        fileNumber: t.fileNumber ?? '',
        units: t.candidateGroups.join(', '),
        assignee: t.assignee ?? 'nicht übernommen',
        due: germanDate(t.dueDate),
        followUp: germanDate(t.followUpDate),
        overdue: t.overdue,
        deadline: t.deadlineDueOn ? germanDate(t.deadlineDueOn) : '',
        deadlineIso: t.deadlineDueOn ?? '',
        deadlineKind: t.deadlineKind ? deadlineKindLabel(t.deadlineKind) : '',
        deadlineOverdue: t.deadlineOverdue ?? false,
      })),
      totalLabel: page.totalCapped
        ? `mehr als ${page.total.toLocaleString('de-DE')} Aufgaben`
        : `${page.total} ${page.total === 1 ? 'Aufgabe' : 'Aufgaben'}`,
      page: page.page,
      pages: page.totalCapped ? `mehr als ${pages}` : pages,
      previous: page.page > 1 ? link({ seite: page.page - 1 }) : null,
      next: page.page < pages || page.totalCapped ? link({ seite: page.page + 1 }) : null,
    };
  }

  /** the variable filter rows of the query: `variable` and `wert` paired by position */
  private variablePairs(q: TaskListPageQueryDto): { name: string; value: string }[] {
    const names = q.variable ?? [];
    const values = q.wert ?? [];
    return Array.from(
      { length: Math.min(Math.max(names.length, values.length), MAX_VARIABLE_FILTERS) },
      (_, i) => ({
        name: names[i] ?? '',
        value: values[i] ?? '',
      }),
    );
  }

  /** the variables to choose from: those of the chosen process's forms (all, without a process) */
  private variableOptions(
    bpmnProcessId: string | undefined,
    selected: string,
  ): { value: string; label: string; selected: boolean }[] {
    const known = bpmnProcessId && this.processes.has(bpmnProcessId) ? bpmnProcessId : '';
    let options = this.variableOptionCache.get(known);
    if (!options) {
      const process = this.processes.get(known);
      const variables = process
        ? formVariables(process.formIds.flatMap((id) => this.forms.get(id) ?? [])).values()
        : this.variables.values();
      options = [...variables].map((v) => ({ value: v.key, label: variableLabel(v) })).sort(byLabel);
      this.variableOptionCache.set(known, options);
    }
    const result = options.map((o) => ({ ...o, selected: o.value === selected }));
    if (selected && !options.some((o) => o.value === selected)) {
      const variable = this.variables.get(selected) ?? { key: selected, labels: [], options: [] };
      result.unshift({ value: selected, label: variableLabel(variable), selected: true });
    }
    return result;
  }

  async taskPage(actor: Actor, id: string, csrfToken: string | null): Promise<PageOutcome> {
    let task: TaskDetail;
    try {
      task = await this.tasks.get(actor, id);
    } catch (error) {
      return this.errorPage(actor, csrfToken, error);
    }
    const mayWork = task.state === 'open' && (task.assignee === null || task.assignee === actor.username);
    const data = { ...task.variables, ...(task.draft ?? {}) };
    const deadlines = this.deadlines ? await this.deadlines.ofInstance(task.processInstanceKey) : [];
    return {
      status: 200,
      view: 'task',
      context: {
        title: task.name,
        userName: actor.displayName,
        csrfToken,
        task: {
          id: task.id,
          name: task.name,
          process: this.processName(task.bpmnProcessId),
          units: task.candidateGroups.join(', '),
          assignee: task.assignee ?? 'nicht übernommen',
          due: germanDate(task.dueDate),
          followUp: germanDate(task.followUpDate),
          draftSavedAt: task.draftSavedAt
            ? new Date(task.draftSavedAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })
            : null,
        },
        open: task.state === 'open',
        stateText:
          task.state === 'completed'
            ? 'Diese Aufgabe ist bereits erledigt.'
            : task.state === 'cancelled'
              ? 'Diese Aufgabe wurde im Verfahren beendet.'
              : '',
        claimable: task.state === 'open' && task.assignee !== actor.username,
        mayWork,
        hasForm: task.form !== null,
        deadlines,
        pageData: scriptJson({ taskId: task.id, schema: task.form ?? { components: [] }, data, mayWork }),
      },
    };
  }

  async claim(actor: Actor, id: string, csrfToken: string | null): Promise<PageOutcome> {
    try {
      await this.tasks.claim(actor, id);
      return { status: 303, view: '', context: { title: '' }, redirect: `/aufgaben/${id}` };
    } catch (error) {
      return this.errorPage(actor, csrfToken, error);
    }
  }

  private errorPage(actor: Actor, csrfToken: string | null, error: unknown): PageOutcome {
    if (error instanceof TaskForbiddenError) {
      return errorPage(actor, csrfToken, {
        status: 403,
        title: 'Kein Zugriff',
        heading: 'Kein Zugriff auf diese Aufgabe',
        text: 'Diese Aufgabe gehört nicht zu Ihren Einheiten. Wenden Sie sich an Ihre Teamleitung, wenn Sie sie bearbeiten müssen.',
      });
    }
    if (error instanceof TaskNotFoundError) {
      return errorPage(actor, csrfToken, {
        status: 404,
        title: 'Nicht gefunden',
        heading: 'Aufgabe nicht gefunden',
        text: 'Diese Aufgabe gibt es nicht.',
      });
    }
    if (error instanceof Error && 'code' in error && 'httpStatus' in error) {
      return errorPage(actor, csrfToken, {
        status: Number(error.httpStatus),
        title: 'Nicht möglich',
        heading: 'Das ist nicht möglich',
        text: error.message,
      });
    }
    throw error;
  }

  private processOptions(
    selected: string | undefined,
  ): { value: string; label: string; selected: boolean }[] {
    return [...this.processes.keys()]
      .map((value) => ({ value, label: this.processName(value), selected: value === selected }))
      .sort(byLabel);
  }

  processName(bpmnProcessId: string): string {
    return this.processes.get(bpmnProcessId)?.name ?? bpmnProcessId;
  }
}
