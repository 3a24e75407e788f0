import { germanDateTime, scriptJson } from '../../web/format';
/**
 * Pure mapping from the modeler's read models (the shapes of GET /api/modeler/…) to the page contexts of
 * src/web/views/modeler-*.hbs: German labels, Berlin times, links. No I/O here.
 */
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';

export type ModelKind = 'bpmn' | 'form';

/** an author or actor as the API gives it: a display name, or an object with the user's name */
export type PersonRef =
  string | { id?: string | null; name?: string; displayName?: string } | null | undefined;

export interface VersionSummary {
  number: number;
  status: string;
  author?: PersonRef;
  authorName?: string;
  createdAt: string | Date;
  comment?: string | null;
  basedOn?: number | null;
  engineVersion?: number | null;
  runningInstances?: number | null;
}

export interface ResourceSummary {
  kind: ModelKind;
  resourceId: string;
  name: string;
  latest?: number | null;
  /** the newest deployed version: what new instances start on */
  latestDeployed?: number | null;
  versions: VersionSummary[];
}

export interface StepSummary {
  action: string;
  actor?: PersonRef;
  actorName?: string;
  actorId?: string | null;
  role?: string;
  at: string | Date;
  reason?: string | null;
  comment?: string | null;
}

export interface VersionDetail extends VersionSummary {
  steps?: StepSummary[];
  authorId?: string | null;
}

export interface QueueEntry {
  kind: ModelKind;
  resourceId: string;
  name?: string;
  number: number;
  submittedBy?: PersonRef;
  submittedAt?: string | Date | null;
  reason?: string | null;
  author?: PersonRef;
  createdAt?: string | Date;
  steps?: StepSummary[];
}

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Entwurf',
  submitted: 'zur Freigabe eingereicht',
  rejected: 'abgelehnt',
  approved: 'freigegeben',
  deployed: 'in Betrieb',
};

export const ACTION_LABELS: Record<string, string> = {
  saved: 'gespeichert',
  submitted: 'zur Freigabe eingereicht',
  rejected: 'abgelehnt',
  approved: 'freigegeben',
  deployed: 'in Betrieb genommen',
  'deploy-failed': 'Inbetriebnahme fehlgeschlagen',
};

export const ROLE_LABELS: Record<string, string> = {
  'process-manager': 'Prozessmanagement',
  quality: 'Qualitätssicherung',
  admin: 'Administration',
  system: 'Plattform',
  caseworker: 'Sachbearbeitung',
  'team-lead': 'Teamleitung',
};

export { germanDateTime, scriptJson };

export function personName(ref: PersonRef, fallback?: string): string {
  if (typeof ref === 'string') return ref;
  return ref?.name ?? ref?.displayName ?? fallback ?? '–';
}

export function personId(ref: PersonRef, fallback?: string | null): string | null {
  if (ref && typeof ref === 'object' && ref.id) return ref.id;
  return fallback ?? null;
}

export function mayEdit(actor: Actor): boolean {
  return hasRole(actor, 'process-manager', 'admin');
}

export function mayReview(actor: Actor): boolean {
  return hasRole(actor, 'quality');
}

export function editorHref(kind: ModelKind, resourceId: string, version?: number): string {
  return `/modeler/${kind}/${encodeURIComponent(resourceId)}${version ? `?version=${version}` : ''}`;
}

export function versionHref(kind: ModelKind, resourceId: string, number: number): string {
  return `/modeler/${kind}/${encodeURIComponent(resourceId)}/versionen/${number}`;
}

export function diffHref(kind: ModelKind, resourceId: string, from?: number, to?: number): string {
  const base = `/modeler/${kind}/${encodeURIComponent(resourceId)}/vergleich`;
  return from && to ? `${base}?von=${from}&bis=${to}` : base;
}

function runningLabel(v: VersionSummary): string {
  const n = v.runningInstances ?? 0;
  if (v.status !== 'deployed' && n === 0) return '';
  return n === 1 ? '1 laufende Instanz' : `${n} laufende Instanzen`;
}

/** newest first */
function byNumberDesc<T extends { number: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.number - a.number);
}

function submittedStep(steps: StepSummary[] | undefined): StepSummary | undefined {
  return [...(steps ?? [])].reverse().find((s) => s.action === 'submitted');
}

export function catalogueContext(
  actor: Actor,
  resources: ResourceSummary[],
  queue: QueueEntry[],
): Record<string, unknown> {
  const row = (r: ResourceSummary): Record<string, unknown> => ({
    resourceId: r.resourceId,
    name: r.name,
    editorHref: editorHref(r.kind, r.resourceId),
    newInstancesLabel: r.latestDeployed
      ? `Neue Instanzen starten mit Version ${r.latestDeployed}.`
      : 'Noch keine Version in Betrieb.',
    versions: byNumberDesc(r.versions).map((v) => ({
      number: v.number,
      status: v.status,
      statusLabel: STATUS_LABELS[v.status] ?? v.status,
      engineVersion: v.engineVersion ?? null,
      runningLabel: runningLabel(v),
      author: personName(v.author, v.authorName),
      createdAt: germanDateTime(v.createdAt),
      comment: v.comment ?? '',
      href: versionHref(r.kind, r.resourceId, v.number),
    })),
  });
  const names = new Map(resources.map((r) => [`${r.kind}/${r.resourceId}`, r.name]));
  const sorted = [...resources].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const reviewer = mayReview(actor);
  return {
    mayEdit: mayEdit(actor),
    reviewLabel: reviewer ? 'Prüfen:' : 'Ansehen:',
    editLabel: mayEdit(actor) ? 'Bearbeiten:' : 'Ansehen:',
    editColumn: mayEdit(actor) ? 'Bearbeiten' : 'Ansehen',
    queue: queue.map((q) => {
      const step = submittedStep(q.steps);
      return {
        resourceId: q.resourceId,
        name: q.name ?? names.get(`${q.kind}/${q.resourceId}`) ?? q.resourceId,
        number: q.number,
        submittedBy: personName(q.submittedBy ?? step?.actor ?? q.author, step?.actorName),
        submittedAt: germanDateTime(q.submittedAt ?? step?.at ?? q.createdAt),
        reason: q.reason ?? step?.reason ?? '',
        href: versionHref(q.kind, q.resourceId, q.number),
      };
    }),
    processes: sorted.filter((r) => r.kind === 'bpmn').map(row),
    forms: sorted.filter((r) => r.kind === 'form').map(row),
  };
}

/** which version the editor opens: ?version=n if it exists, else the latest */
export function chosenVersion(resource: ResourceSummary, requested?: number): number | null {
  const numbers = resource.versions.map((v) => v.number);
  if (requested && numbers.includes(requested)) return requested;
  if (resource.latest && numbers.includes(resource.latest)) return resource.latest;
  return numbers.length ? Math.max(...numbers) : null;
}

export function editorContext(
  actor: Actor,
  resource: ResourceSummary,
  version: number,
): Record<string, unknown> {
  return {
    kind: resource.kind,
    resourceId: resource.resourceId,
    name: resource.name,
    version,
    mayEdit: mayEdit(actor),
    newerNotice:
      resource.latest && resource.latest > version
        ? `Sie haben Version ${version} geöffnet; die neueste ist Version ${resource.latest}. Ein Entwurf von hier beruht auf Version ${version}.`
        : '',
    latestHref:
      resource.latest && resource.latest > version ? editorHref(resource.kind, resource.resourceId) : '',
    pageData: scriptJson({ resourceId: resource.resourceId, version, mayEdit: mayEdit(actor) }),
  };
}

export function versionContext(
  actor: Actor,
  resource: ResourceSummary,
  version: VersionDetail,
  notice?: string,
): Record<string, unknown> {
  const steps = [...(version.steps ?? [])].sort(
    (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime(),
  );
  const submitted = submittedStep(steps);
  const ownIds = new Set<string>();
  const authorId = personId(version.author, version.authorId);
  if (authorId) ownIds.add(authorId);
  for (const s of steps) {
    const id = personId(s.actor, s.actorId);
    if (id && (s.action === 'saved' || s.action === 'submitted')) ownIds.add(id);
  }
  const previous = byNumberDesc(resource.versions).find((v) => v.number < version.number);
  const diffFrom = version.basedOn ?? previous?.number ?? null;
  const ext = resource.kind === 'bpmn' ? 'bpmn' : 'form';
  return {
    kind: resource.kind,
    resourceId: resource.resourceId,
    name: resource.name,
    notice: notice ?? '',
    version: {
      number: version.number,
      status: version.status,
      statusLabel: STATUS_LABELS[version.status] ?? version.status,
      author: personName(version.author, version.authorName),
      createdAt: germanDateTime(version.createdAt),
      comment: version.comment || '–',
      basedOnLabel: version.basedOn ? `Version ${version.basedOn}` : '–',
      engineVersionLabel: version.engineVersion ? String(version.engineVersion) : 'noch nicht in Betrieb',
    },
    editorHref: editorHref(resource.kind, resource.resourceId, version.number),
    downloadHref: `/api/modeler/resources/${resource.kind}/${encodeURIComponent(resource.resourceId)}/versions/${version.number}/file`,
    downloadName: `${resource.resourceId}.${ext}`,
    diffHref: diffFrom ? diffHref(resource.kind, resource.resourceId, diffFrom, version.number) : null,
    diffLabel: diffFrom ? `Vergleich mit Version ${diffFrom}` : '',
    // what a reviewer most needs: the change against what runs now
    deployedDiffHref:
      resource.latestDeployed &&
      resource.latestDeployed !== diffFrom &&
      resource.latestDeployed !== version.number
        ? diffHref(resource.kind, resource.resourceId, resource.latestDeployed, version.number)
        : null,
    deployedDiffLabel: resource.latestDeployed
      ? `Vergleich mit der Version in Betrieb (Version ${resource.latestDeployed})`
      : '',
    steps: steps.map((s) => ({
      action: s.action,
      actionLabel: ACTION_LABELS[s.action] ?? s.action,
      actor: personName(s.actor, s.actorName),
      role: ROLE_LABELS[s.role ?? ''] ?? s.role ?? '–',
      at: germanDateTime(s.at),
      reason: s.reason ?? s.comment ?? '',
    })),
    review: mayReview(actor) && version.status === 'submitted',
    ownChange: ownIds.has(actor.id),
    submittedReason: submitted?.reason ?? '–',
    pageData: scriptJson({ kind: resource.kind, resourceId: resource.resourceId, number: version.number }),
  };
}

export function diffContext(resource: ResourceSummary, from: number, to: number): Record<string, unknown> {
  const numbers = byNumberDesc(resource.versions).map((v) => v.number);
  const option = (selected: number) => (n: number) => ({
    value: n,
    label: `Version ${n} (${STATUS_LABELS[resource.versions.find((v) => v.number === n)?.status ?? ''] ?? ''})`,
    selected: n === selected,
  });
  return {
    kind: resource.kind,
    resourceId: resource.resourceId,
    name: resource.name,
    isBpmn: resource.kind === 'bpmn',
    from,
    to,
    editorHref: editorHref(resource.kind, resource.resourceId, to),
    diffHref: diffHref(resource.kind, resource.resourceId),
    fromOptions: numbers.map(option(from)),
    toOptions: numbers.map(option(to)),
    pageData: scriptJson({ kind: resource.kind, resourceId: resource.resourceId, from, to }),
  };
}

/** the default pair for the diff page: the given ones, else the latest against its predecessor */
export function diffPair(
  resource: ResourceSummary,
  from?: number,
  to?: number,
): { from: number; to: number } | null {
  const numbers = byNumberDesc(resource.versions).map((v) => v.number);
  if (numbers.length === 0) return null;
  const newest = numbers[0];
  const t = to && numbers.includes(to) ? to : newest;
  const f = from && numbers.includes(from) ? from : (numbers.find((n) => n < t) ?? t);
  return { from: f, to: t };
}
