import { Injectable } from '@nestjs/common';
import { AGENCY_UNITS, isAgencyUnit, type AgencyUnit } from '../agencies/units';
import { hasRole, type Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common';
import { errorPage, germanDate, TaskPagesService, TEAM_PAGE, type PageOutcome } from './task-pages.service';
import { NOBODY, type TeamAssignFormDto, type TeamPageQueryDto } from './team-pages.dto';
import { TasksService } from './tasks.service';

const PAGE_SIZE = 50;

/** why a task of a bulk assignment was left as it was, in the team lead's words */
const REASONS: Record<string, string> = {
  TASK_CANCELLED: 'wurde inzwischen im Verfahren beendet',
  TASK_ALREADY_COMPLETED: 'ist inzwischen erledigt',
  TASK_NOT_FOUND: 'gibt es nicht mehr',
  TASK_FORBIDDEN: 'gehört nicht zu Ihren Einheiten',
  TEAM_LEAD_REQUIRED: 'gehört zu keiner Einheit, die Sie leiten',
};

/** the outcome of a bulk assignment, shown above the team page */
export interface AssignResult {
  success: string | null;
  failures: { name: string; reason: string }[];
  /** the form could not be processed at all (nothing selected, unknown person) */
  error: string | null;
}

/**
 * The team lead's page (/aufgaben/team): the workload per person of a unit the lead leads, the unit's
 * open tasks, and the bulk assignment of ticked tasks to a member of the unit (a plain form post). The
 * rules (team lead of the task's unit, open tasks only) are TasksService's; this adds the members.
 */
@Injectable()
export class TeamPagesService {
  constructor(
    private readonly tasks: TasksService,
    private readonly auth: AuthService,
    private readonly taskPages: TaskPagesService,
  ) {}

  page(actor: Actor, q: TeamPageQueryDto, csrfToken: string | null): Promise<PageOutcome> {
    return this.render(actor, q, csrfToken, null);
  }

  async assign(actor: Actor, form: TeamAssignFormDto, csrfToken: string | null): Promise<PageOutcome> {
    const access = this.access(actor, form.einheit, csrfToken);
    if ('status' in access) return access;
    const { unit } = access;
    if (!unit) return this.render(actor, form, csrfToken, null, 403);
    const members = await this.members(unit);
    const ids = form.aufgaben ?? [];
    const invalid = (error: string): Promise<PageOutcome> =>
      this.render(actor, form, csrfToken, { success: null, failures: [], error }, 400);
    if (ids.length === 0) return invalid('Bitte wählen Sie mindestens eine Aufgabe aus.');
    if (!form.an) return invalid('Bitte wählen Sie aus, wem die Aufgaben zugewiesen werden.');
    const target = form.an === NOBODY ? null : members.find((m) => m.username === form.an);
    if (target === undefined) {
      return invalid(
        'Die gewählte Person gehört nicht zur Einheit. Bitte wählen Sie eine Person der Einheit.',
      );
    }

    let assigned = 0;
    const failures: AssignResult['failures'] = [];
    for (const id of [...new Set(ids)]) {
      try {
        await this.tasks.assign(actor, id, target?.username ?? null);
        assigned += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.push({ name: await this.taskName(actor, id), reason: REASONS[error.code] ?? error.message });
      }
    }
    const count = `${assigned} ${assigned === 1 ? 'Aufgabe' : 'Aufgaben'}`;
    const success =
      assigned === 0
        ? null
        : target
          ? `${count} ${assigned === 1 ? 'ist' : 'sind'} jetzt ${target.displayName} zugewiesen.`
          : `${count} ${assigned === 1 ? 'ist' : 'sind'} jetzt niemandem zugewiesen (zurück an die Einheit).`;
    return this.render(
      actor,
      form,
      csrfToken,
      { success, failures, error: null },
      assigned === 0 ? 409 : 200,
    );
  }

  /** the task's name for the summary (a cancelled task is still readable), else a neutral word */
  private async taskName(actor: Actor, id: string): Promise<string> {
    try {
      return (await this.tasks.get(actor, id)).name;
    } catch {
      return 'Eine Aufgabe';
    }
  }

  /** team leads (and admins) only; the unit must be one the actor leads */
  private access(
    actor: Actor,
    requested: string | undefined,
    csrfToken: string | null,
  ): PageOutcome | { unit: AgencyUnit | null; units: AgencyUnit[] } {
    if (!hasRole(actor, 'team-lead', 'admin')) {
      return errorPage(actor, csrfToken, {
        status: 403,
        title: 'Kein Zugriff',
        heading: 'Kein Zugriff auf die Teamübersicht',
        text: 'Diese Seite ist der Teamleitung vorbehalten. Ihre Aufgaben finden Sie in der Aufgabenliste.',
      });
    }
    const units = hasRole(actor, 'team-lead') ? actor.units : [];
    if (requested !== undefined && !(isAgencyUnit(requested) && units.includes(requested))) {
      return errorPage(actor, csrfToken, {
        status: 403,
        title: 'Kein Zugriff',
        heading: 'Kein Zugriff auf diese Einheit',
        text: 'Sie sind nicht Teamleitung dieser Einheit.',
      });
    }
    return { unit: requested ?? units[0] ?? null, units };
  }

  /** who may work on the unit's tasks: its active caseworkers and team leads */
  private async members(unit: AgencyUnit): Promise<Actor[]> {
    return (await this.auth.unitMembers(unit)).filter((m) => hasRole(m, 'caseworker', 'team-lead'));
  }

  private async render(
    actor: Actor,
    q: TeamPageQueryDto,
    csrfToken: string | null,
    result: AssignResult | null,
    status = 200,
  ): Promise<PageOutcome> {
    const access = this.access(actor, q.einheit, csrfToken);
    if ('status' in access) return access;
    const { unit, units } = access;
    const base = {
      title: 'Team und Auslastung',
      userName: actor.displayName,
      csrfToken,
      result,
      unitOptions: units.map((u) => ({ value: u, label: `${u} – ${AGENCY_UNITS[u]}`, selected: u === unit })),
      severalUnits: units.length > 1,
    };
    if (!unit) {
      return { status, view: 'team', context: { ...base, unit: null, unitLabel: '' } };
    }
    const members = await this.members(unit);
    const nameOf = new Map(members.map((m) => [m.username, m.displayName]));
    const workload = await this.tasks.workload(actor, unit);
    const assigned = workload.filter((w) => w.assignee !== null);
    const unassigned = workload.find((w) => w.assignee === null) ?? { open: 0, overdue: 0 };
    const people = [
      ...members.map((m) => {
        const entry = assigned.find((w) => w.assignee === m.username);
        return {
          name: m.displayName,
          username: m.username,
          open: entry?.open ?? 0,
          overdue: entry?.overdue ?? 0,
        };
      }),
      // tasks of the unit held by someone who is no (longer an active) member of it
      ...assigned
        .filter((w) => w.assignee !== null && !nameOf.has(w.assignee))
        .map((w) => ({
          name: `${w.assignee ?? ''} (nicht in der Einheit)`,
          username: w.assignee ?? '',
          open: w.open,
          overdue: w.overdue,
        })),
    ];

    const filter = q.bearbeitung;
    const page = await this.tasks.list(actor, {
      view: 'unit',
      unit,
      assignee: filter && filter !== NOBODY ? filter : undefined,
      unassigned: filter === NOBODY,
      sort: 'dueDate',
      order: 'asc',
      page: q.seite ?? 1,
      pageSize: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const link = (seite: number): string => {
      const params = new URLSearchParams({ einheit: unit, seite: String(seite) });
      if (filter) params.set('bearbeitung', filter);
      return `${TEAM_PAGE}?${params.toString()}`;
    };
    const filterOptions = [
      { value: NOBODY, label: 'Nicht zugewiesen', selected: filter === NOBODY },
      ...people.map((p) => ({ value: p.username, label: p.name, selected: p.username === filter })),
    ];
    return {
      status,
      view: 'team',
      context: {
        ...base,
        unit,
        unitLabel: `${unit} – ${AGENCY_UNITS[unit]}`,
        people,
        unassigned,
        totalOpen: workload.reduce((n, w) => n + w.open, 0),
        totalOverdue: workload.reduce((n, w) => n + w.overdue, 0),
        filterOptions,
        filterActive: Boolean(filter),
        assignees: [
          ...members.map((m) => ({ value: m.username, label: m.displayName })),
          { value: NOBODY, label: 'Niemandem (zurück an die Einheit)' },
        ],
        items: page.items.map((t) => ({
          id: t.id,
          name: t.name,
          process: this.taskPages.processName(t.bpmnProcessId),
          person: t.personName ?? '–',
          fileNumber: t.fileNumber ?? '',
          assignee: t.assignee ? (nameOf.get(t.assignee) ?? t.assignee) : 'nicht zugewiesen',
          due: germanDate(t.dueDate),
          overdue: t.overdue,
        })),
        totalLabel: `${page.total}${page.totalCapped ? '+' : ''} ${page.total === 1 ? 'offene Aufgabe' : 'offene Aufgaben'}`,
        page: page.page,
        pages,
        previous: page.page > 1 ? link(page.page - 1) : null,
        next: page.page < pages || page.totalCapped ? link(page.page + 1) : null,
        bearbeitung: filter ?? '',
        seite: page.page,
      },
    };
  }
}
