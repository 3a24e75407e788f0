import { Injectable } from '@nestjs/common';
import { AGENCY_UNITS, isAgencyUnit } from '../agencies/units';
import { hasRole, type Actor } from '../auth/actor';
import { formatGermanDate } from '../documents/template-catalogue';
import type { PageContext } from '../web/views.service';
import { DEADLINE_KINDS } from './deadline-kinds';
import type { DeadlineStatus } from './deadline.entity';
import { DeadlinesService, type DeadlineView } from './deadlines.service';

const unitLabel = (unit: string): string => (isAgencyUnit(unit) ? `${unit} – ${AGENCY_UNITS[unit]}` : unit);

export const STATUS_LABELS: Record<DeadlineStatus, string> = {
  open: 'offen',
  met: 'gewahrt',
  missed: 'versäumt',
  cancelled: 'entfallen',
};

export const PERSON_SECTION_KEY = 'deadlines';

interface BoardItem {
  kind: string;
  legalBasis: string;
  dueOn: string;
  dueOnIso: string;
  overdue: boolean;
  status: string;
  fileNumber: string;
  unit: string;
}

interface BoardGroup {
  /** null: deadlines of no person (an anonymous complaint), grouped by their case reference */
  personId: string | null;
  personName: string;
  fileNumber: string;
  items: BoardItem[];
}

/** View models of the Fristen board (/fristen), the person page's section and the task pages. */
@Injectable()
export class DeadlinePagesService {
  constructor(private readonly deadlines: DeadlinesService) {}

  async boardPage(actor: Actor, unit: string | null): Promise<PageContext> {
    const { today, weekStart, weekEnd } = await this.deadlines.week();
    const all = hasRole(actor, 'admin', 'quality');
    const units: string[] = all ? Object.keys(AGENCY_UNITS) : [...actor.units];
    const chosen = unit && units.includes(unit) ? unit : null;
    const filter = chosen ? { unit: chosen } : {};
    const overdue = await this.deadlines.list(actor, { ...filter, overdue: true });
    const thisWeek = await this.deadlines.list(actor, {
      ...filter,
      status: 'open',
      dueFrom: today,
      dueUntil: weekEnd,
    });
    return {
      title: 'Fristen',
      userName: actor.displayName,
      today: formatGermanDate(today),
      week: `${formatGermanDate(weekStart)} bis ${formatGermanDate(weekEnd)}`,
      units: units.map((u) => ({ code: u, label: unitLabel(u), selected: u === chosen })),
      allUnits: chosen === null,
      hasUnits: units.length > 0,
      unitName: chosen ? unitLabel(chosen) : all ? 'alle Einheiten' : units.map(unitLabel).join(', '),
      overdue: group(overdue),
      overdueCount: overdue.length,
      thisWeek: group(thisWeek),
      thisWeekCount: thisWeek.length,
      byKind: countByKind([...overdue, ...thisWeek]),
    };
  }

  /** the person page's section "Fristen" */
  async personSection(actor: Actor, personId: string): Promise<Record<string, unknown>> {
    const rows = await this.deadlines.ofPerson(actor, personId);
    return { items: rows.map(item) };
  }

  /** the task page: the open deadlines of the task's process instance */
  async ofInstance(processInstanceKey: string): Promise<BoardItem[]> {
    const byKey = await this.deadlines.openOfInstances([processInstanceKey]);
    return (byKey.get(processInstanceKey) ?? []).map(item);
  }
}

function item(d: DeadlineView): BoardItem {
  return {
    kind: d.label,
    legalBasis: d.legalBasis,
    dueOn: formatGermanDate(d.dueOn),
    dueOnIso: d.dueOn,
    overdue: d.overdue,
    status: d.overdue ? 'überfällig' : STATUS_LABELS[d.status],
    fileNumber: d.fileNumber ?? '',
    unit: d.unit,
  };
}

/** by person (in order of their earliest deadline), each person's deadlines by due day */
function group(rows: DeadlineView[]): BoardGroup[] {
  const groups = new Map<string, BoardGroup>();
  for (const d of rows) {
    const key = d.personId ?? `ref:${d.fileNumber ?? d.id}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        personId: d.personId,
        personName: d.personName ?? 'ohne Person',
        fileNumber: d.fileNumber ?? '',
        items: [],
      };
      groups.set(key, g);
    }
    g.items.push(item(d));
  }
  return [...groups.values()];
}

function countByKind(rows: DeadlineView[]): { label: string; legalBasis: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const d of rows) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  return [...counts.entries()]
    .map(([kind, count]) => ({
      label: DEADLINE_KINDS[kind as keyof typeof DEADLINE_KINDS]?.label ?? kind,
      legalBasis: DEADLINE_KINDS[kind as keyof typeof DEADLINE_KINDS]?.legalBasis ?? '',
      count,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'de'));
}
