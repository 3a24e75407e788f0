import { Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_UNITS } from '../agencies/units';
import type { Actor } from '../auth/actor';
import { projectRoot } from '../config/project-root';
import type { PageContext } from '../web/views.service';
import { TaskForbiddenError, TaskNotFoundError } from './task.errors';
import type { PageView, TaskListPageQueryDto } from './task-pages.dto';
import { TasksService, type TaskDetail, type TaskSort, type TaskView } from './tasks.service';
import { formatGermanDate } from '../documents/template-catalogue';

const PAGE_SIZE = 25;

const VIEW_OF: Record<PageView, TaskView> = { meine: 'mine', einheit: 'unit', ueberfaellig: 'overdue' };
const TABS: { view: PageView; label: string }[] = [
  { view: 'meine', label: 'Meine Aufgaben' },
  { view: 'einheit', label: 'Aufgaben meiner Einheit' },
  { view: 'ueberfaellig', label: 'Überfällig' },
];
const SORT_LABELS: Record<TaskSort, string> = {
  dueDate: 'Fälligkeit',
  followUpDate: 'Wiedervorlage',
  createdAt: 'Eingang',
  name: 'Aufgabe',
  process: 'Verfahren',
};

/** TT.MM.JJJJ in the agency's time zone */
export function germanDate(value: string | Date | null | undefined): string {
  return value ? formatGermanDate(value) : '–';
}

/** JSON for a <script type="application/json"> element: nothing in it can close the element */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function readProcessNames(): Map<string, string> {
  const dir = join(projectRoot(), 'processes');
  const names = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn'))) {
    const xml = readFileSync(join(dir, file), 'utf8');
    for (const m of xml.matchAll(/<bpmn:process\b([^>]*)>/g)) {
      const id = /\bid="([^"]+)"/.exec(m[1])?.[1];
      const executable = /isExecutable="true"/.test(m[1]);
      if (id && executable) names.set(id, unescapeXml(/\bname="([^"]+)"/.exec(m[1])?.[1] ?? id));
    }
  }
  return names;
}

export interface PageOutcome {
  status: number;
  view: string;
  context: PageContext;
  redirect?: string;
}

/** Builds the page contexts of the task list and the task page from TasksService. */
@Injectable()
export class TaskPagesService {
  /** bpmnProcessId → the process's name, from processes/*.bpmn */
  private readonly processNames = readProcessNames();

  constructor(private readonly tasks: TasksService) {}

  async listPage(actor: Actor, q: TaskListPageQueryDto, csrfToken: string | null): Promise<PageContext> {
    const view: PageView = q.ansicht ?? 'meine';
    const sort: TaskSort = q.sortierung ?? 'dueDate';
    const order = q.reihenfolge ?? 'asc';
    const page = await this.tasks.list(actor, {
      view: VIEW_OF[view],
      bpmnProcessId: q.verfahren,
      unit: q.einheit,
      dueTo: q.faelligBis ? new Date(`${q.faelligBis}T23:59:59.999Z`) : undefined,
      person: q.person,
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
      faelligBis: q.faelligBis ?? '',
      person: q.person ?? '',
      sortierung: sort,
      reihenfolge: order,
    };
    const link = (changes: Record<string, string | number>): string => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...filters, ...changes })) if (v !== '') params.set(k, String(v));
      return `/aufgaben?${params.toString()}`;
    };
    return {
      title: 'Aufgaben',
      userName: actor.displayName,
      csrfToken,
      completed: q.erledigt === '1',
      tabs: TABS.map((t) => ({
        ...t,
        href: link({ ansicht: t.view, seite: 1 }),
        current: t.view === view,
      })),
      viewLabel: TABS.find((t) => t.view === view)?.label ?? '',
      filters,
      processes: this.processOptions(q.verfahren),
      units: actor.units.map((u) => ({
        value: u,
        label: `${u} – ${AGENCY_UNITS[u]}`,
        selected: u === q.einheit,
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
      })),
      totalLabel: `${page.total} ${page.total === 1 ? 'Aufgabe' : 'Aufgaben'}`,
      page: page.page,
      pages,
      previous: page.page > 1 ? link({ seite: page.page - 1 }) : null,
      next: page.page < pages ? link({ seite: page.page + 1 }) : null,
    };
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
    const base = { userName: actor.displayName, csrfToken };
    if (error instanceof TaskForbiddenError) {
      return {
        status: 403,
        view: 'task-error',
        context: {
          ...base,
          title: 'Kein Zugriff',
          heading: 'Kein Zugriff auf diese Aufgabe',
          text: 'Diese Aufgabe gehört nicht zu Ihren Einheiten. Wenden Sie sich an Ihre Teamleitung, wenn Sie sie bearbeiten müssen.',
        },
      };
    }
    if (error instanceof TaskNotFoundError) {
      return {
        status: 404,
        view: 'task-error',
        context: {
          ...base,
          title: 'Nicht gefunden',
          heading: 'Aufgabe nicht gefunden',
          text: 'Diese Aufgabe gibt es nicht.',
        },
      };
    }
    if (error instanceof Error && 'code' in error && 'httpStatus' in error) {
      return {
        status: Number(error.httpStatus),
        view: 'task-error',
        context: { ...base, title: 'Nicht möglich', heading: 'Das ist nicht möglich', text: error.message },
      };
    }
    throw error;
  }

  private processOptions(
    selected: string | undefined,
  ): { value: string; label: string; selected: boolean }[] {
    return [...this.processNames.keys()]
      .map((value) => ({ value, label: this.processName(value), selected: value === selected }))
      .sort((a, b) => a.label.localeCompare(b.label, 'de'));
  }

  private processName(bpmnProcessId: string): string {
    return this.processNames.get(bpmnProcessId) ?? bpmnProcessId;
  }
}
