import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ClockService } from '../engine/clock.service';
import { ZeebeService } from '../engine/zeebe.service';
import {
  AnalyticsElementNotFoundError,
  AnalyticsProcessNotFoundError,
  AnalyticsVersionNotFoundError,
} from './analytics.errors';
import { AnalyticsElementTarget, AnalyticsElementTargetChange } from './analytics.entities';
import type { AnalyticsSource, ProcessFigures, SourceKind } from './analytics-source';
import { EmbeddedSource } from './embedded.source';
import { ObservedSource } from './observed.source';
import type { Period } from './period';
import { ELEMENT_TYPE_LABELS, readProcessModel, type ProcessModel } from './process-model';
import { UserTaskFiguresReader, type UserTaskFigures } from './user-task.figures';

export interface OutcomeShare {
  elementId: string;
  /** the end event's name in the model (or its id) */
  name: string;
  count: number;
  /** of the instances completed in the period */
  share: number;
}

export interface ProcessSummary {
  bpmnProcessId: string;
  name: string;
  version: number;
  started: number;
  completed: number;
  terminated: number | null;
  running: number;
  leadTimeP50Ms: number | null;
  leadTimeP90Ms: number | null;
  outcomes: OutcomeShare[] | null;
}

export interface AnalyticsOverview {
  source: SourceKind;
  von: string | null;
  bis: string | null;
  processes: ProcessSummary[];
}

export interface ElementDetail {
  elementId: string;
  name: string;
  /** bpmn type without prefix (UserTask, EndEvent, …) */
  type: string;
  typeLabel: string;
  /** false where the source has no figures for this kind of element (real Zeebe: only user tasks) */
  measured: boolean;
  started: number;
  completed: number;
  terminated: number | null;
  running: number;
  durationP50Ms: number | null;
  durationP90Ms: number | null;
  targetMinutes: number | null;
  breachesEnded: number | null;
  breachesRunning: number | null;
  userTask: Omit<UserTaskFigures, 'elementId'> | null;
}

export interface ProcessAnalytics extends AnalyticsOverview {
  bpmnProcessId: string;
  name: string;
  version: number;
  versions: number[];
  summary: ProcessSummary;
  elements: ElementDetail[];
}

export interface HeatmapData {
  source: SourceKind;
  bpmnProcessId: string;
  version: number;
  von: string | null;
  bis: string | null;
  /** elements with figures: started in the period (count) and p50 duration of those ended in it */
  elements: { elementId: string; name: string; count: number; durationP50Ms: number | null }[];
}

export interface TargetView {
  elementId: string;
  name: string;
  targetMinutes: number;
  updatedBy: string;
  updatedAt: string;
}

export interface TargetChangeView {
  elementId: string;
  name: string;
  previousMinutes: number | null;
  targetMinutes: number | null;
  changedBy: string;
  changedAt: string;
}

export interface TargetsView {
  bpmnProcessId: string;
  targets: TargetView[];
  changes: TargetChangeView[];
}

/** the longest target time one can set: a year */
export const MAX_TARGET_MINUTES = 366 * 24 * 60;

/**
 * Process analytics (issue 6 § 2): per process and version, per element, the heatmap's data and the
 * target times. Reads through the data source of the engine in use (src/analytics/README.md).
 */
@Injectable()
export class AnalyticsService {
  private readonly models = new Map<string, Promise<ProcessModel>>();

  constructor(
    private readonly em: EntityManager,
    private readonly zeebe: ZeebeService,
    private readonly clock: ClockService,
    private readonly embedded: EmbeddedSource,
    private readonly observed: ObservedSource,
    private readonly userTasks: UserTaskFiguresReader,
  ) {}

  /** the embedded engine's event log when it runs in-process, else what the platform observes */
  get source(): AnalyticsSource {
    return this.zeebe.embeddedEngine ? this.embedded : this.observed;
  }

  async overview(period: Period): Promise<AnalyticsOverview> {
    const source = this.source;
    await source.prepare();
    const now = await this.clock.now();
    const [versions, figures] = await Promise.all([source.versions(), source.processes(period, now)]);
    const byKey = new Map(figures.map((f) => [`${f.bpmnProcessId}@${f.version}`, f]));
    const processes: ProcessSummary[] = [];
    for (const v of versions) {
      const model = await this.model(source, v.bpmnProcessId, v.version);
      processes.push(
        this.summary(model, v.bpmnProcessId, v.version, byKey.get(`${v.bpmnProcessId}@${v.version}`), source),
      );
    }
    processes.sort(
      (a, b) =>
        a.name.localeCompare(b.name, 'de') ||
        a.bpmnProcessId.localeCompare(b.bpmnProcessId) ||
        b.version - a.version,
    );
    return { source: source.kind, von: period.von, bis: period.bis, processes };
  }

  /** the versions of a process (404 when there are none) and the one asked for (default: the latest) */
  async resolveVersion(
    bpmnProcessId: string,
    version?: number,
  ): Promise<{ version: number; versions: number[] }> {
    const versions = (await this.source.versions(bpmnProcessId)).map((v) => v.version);
    if (versions.length === 0)
      throw new AnalyticsProcessNotFoundError('Diesen Prozess gibt es nicht.', { bpmnProcessId });
    const chosen = version ?? Math.max(...versions);
    if (!versions.includes(chosen))
      throw new AnalyticsVersionNotFoundError('Diese Version des Prozesses gibt es nicht.', {
        bpmnProcessId,
        version: chosen,
      });
    return { version: chosen, versions };
  }

  async process(bpmnProcessId: string, period: Period, version?: number): Promise<ProcessAnalytics> {
    const source = this.source;
    const resolved = await this.resolveVersion(bpmnProcessId, version);
    await source.prepare();
    const now = await this.clock.now();
    const v = resolved.version;
    const [model, [figures], elementFigures, taskFigures, targets] = await Promise.all([
      this.model(source, bpmnProcessId, v),
      source.processes(period, now, bpmnProcessId, v),
      source.elements(bpmnProcessId, v, period, now),
      this.userTasks.read(bpmnProcessId, v, period, now, source.kind === 'embedded'),
      this.targetMinutes(bpmnProcessId),
    ]);
    const summary = this.summary(model, bpmnProcessId, v, figures, source);
    const byElement = new Map(elementFigures.map((e) => [e.elementId, e]));
    const tasksByElement = new Map(taskFigures.map((t) => [t.elementId, t]));
    const ids = [
      ...model.elements.map((e) => e.id),
      ...elementFigures.map((e) => e.elementId).filter((id) => !model.elements.some((m) => m.id === id)),
    ];
    const elements = ids.map((id): ElementDetail => {
      const m = model.elements.find((e) => e.id === id);
      const f = byElement.get(id);
      const type = m?.type ?? '';
      const task = tasksByElement.get(id);
      const measured = source.kind === 'embedded' || type === 'UserTask';
      const target = targets.get(id) ?? null;
      return {
        elementId: id,
        name: m?.name ?? id,
        type,
        typeLabel: ELEMENT_TYPE_LABELS[type] ?? type,
        measured,
        started: f?.started ?? 0,
        completed: f?.completed ?? 0,
        terminated: f ? f.terminated : source.kind === 'embedded' ? 0 : null,
        running: f?.running ?? 0,
        durationP50Ms: f?.durationP50Ms ?? null,
        durationP90Ms: f?.durationP90Ms ?? null,
        targetMinutes: target,
        breachesEnded: target === null ? null : (f?.breachesEnded ?? 0),
        breachesRunning: target === null ? null : (f?.breachesRunning ?? 0),
        userTask:
          type === 'UserTask'
            ? {
                claimed: task?.claimed ?? 0,
                waitingP50Ms: task?.waitingP50Ms ?? null,
                waitingP90Ms: task?.waitingP90Ms ?? null,
                worked: task?.worked ?? 0,
                workingP50Ms: task?.workingP50Ms ?? null,
                workingP90Ms: task?.workingP90Ms ?? null,
                overdueOpen: task?.overdueOpen ?? 0,
              }
            : null,
      };
    });
    return {
      source: source.kind,
      von: period.von,
      bis: period.bis,
      processes: [summary],
      bpmnProcessId,
      name: summary.name,
      version: v,
      versions: resolved.versions,
      summary,
      elements,
    };
  }

  async heatmap(bpmnProcessId: string, period: Period, version?: number): Promise<HeatmapData> {
    const p = await this.process(bpmnProcessId, period, version);
    return {
      source: p.source,
      bpmnProcessId,
      version: p.version,
      von: p.von,
      bis: p.bis,
      elements: p.elements
        .filter((e) => e.measured && e.type !== '')
        .map((e) => ({
          elementId: e.elementId,
          name: e.name,
          count: e.started,
          durationP50Ms: e.durationP50Ms,
        })),
    };
  }

  async modelXml(bpmnProcessId: string, version?: number): Promise<{ version: number; xml: string }> {
    const resolved = await this.resolveVersion(bpmnProcessId, version);
    const xml = await this.source.modelXml(bpmnProcessId, resolved.version);
    if (xml === null)
      throw new AnalyticsVersionNotFoundError('Zu dieser Version ist kein Modell gespeichert.', {
        bpmnProcessId,
        version: resolved.version,
      });
    return { version: resolved.version, xml };
  }

  async targets(bpmnProcessId: string): Promise<TargetsView> {
    const { version } = await this.resolveVersion(bpmnProcessId);
    const model = await this.model(this.source, bpmnProcessId, version);
    const name = (id: string) => model.elements.find((e) => e.id === id)?.name ?? id;
    const em = this.em.fork();
    const targets = await em.find(
      AnalyticsElementTarget,
      { bpmnProcessId },
      { orderBy: { elementId: 'asc' } },
    );
    const changes = await em.find(
      AnalyticsElementTargetChange,
      { bpmnProcessId },
      { orderBy: { changedAt: 'desc', id: 'desc' } },
    );
    return {
      bpmnProcessId,
      targets: targets.map((t) => ({
        elementId: t.elementId,
        name: name(t.elementId),
        targetMinutes: t.targetMinutes,
        updatedBy: t.updatedBy,
        updatedAt: t.updatedAt.toISOString(),
      })),
      changes: changes.map((c) => ({
        elementId: c.elementId,
        name: name(c.elementId),
        previousMinutes: c.previousMinutes ?? null,
        targetMinutes: c.targetMinutes ?? null,
        changedBy: c.changedBy,
        changedAt: c.changedAt.toISOString(),
      })),
    };
  }

  /** sets (or with null removes) the target time of an element; every change is recorded */
  async setTarget(
    actor: Actor,
    bpmnProcessId: string,
    elementId: string,
    targetMinutes: number | null,
  ): Promise<TargetsView> {
    const { version, versions } = await this.resolveVersion(bpmnProcessId);
    let known = false;
    for (const v of [version, ...versions.filter((n) => n !== version)]) {
      const model = await this.model(this.source, bpmnProcessId, v);
      if (model.elements.some((e) => e.id === elementId)) {
        known = true;
        break;
      }
    }
    if (!known)
      throw new AnalyticsElementNotFoundError('Dieses Element gibt es im Prozess nicht.', {
        bpmnProcessId,
        elementId,
      });
    await this.em.fork().transactional(async (em) => {
      const existing = await em.findOne(
        AnalyticsElementTarget,
        { bpmnProcessId, elementId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const previous = existing?.targetMinutes ?? null;
      if (previous === targetMinutes) return;
      const now = new Date();
      if (targetMinutes === null) em.remove(existing!);
      else if (existing)
        Object.assign(existing, { targetMinutes, updatedBy: actor.username, updatedAt: now });
      else
        em.create(AnalyticsElementTarget, {
          bpmnProcessId,
          elementId,
          targetMinutes,
          updatedBy: actor.username,
          updatedAt: now,
        });
      em.create(AnalyticsElementTargetChange, {
        bpmnProcessId,
        elementId,
        previousMinutes: previous,
        targetMinutes,
        changedBy: actor.username,
        changedAt: now,
      });
    });
    return this.targets(bpmnProcessId);
  }

  private async targetMinutes(bpmnProcessId: string): Promise<Map<string, number>> {
    const rows = await this.em.fork().find(AnalyticsElementTarget, { bpmnProcessId });
    return new Map(rows.map((r) => [r.elementId, r.targetMinutes]));
  }

  private summary(
    model: ProcessModel,
    bpmnProcessId: string,
    version: number,
    f: ProcessFigures | undefined,
    source: AnalyticsSource,
  ): ProcessSummary {
    const completed = f?.completed ?? 0;
    const outcomes =
      source.kind === 'observed'
        ? null
        : (f?.outcomes ?? []).map((o) => ({
            elementId: o.elementId,
            name: model.elements.find((e) => e.id === o.elementId)?.name ?? o.elementId,
            count: o.count,
            share: completed ? o.count / completed : 0,
          }));
    return {
      bpmnProcessId,
      name: model.processName ?? bpmnProcessId,
      version,
      started: f?.started ?? 0,
      completed,
      terminated: source.kind === 'observed' ? null : (f?.terminated ?? 0),
      running: f?.running ?? 0,
      leadTimeP50Ms: f?.leadTimeP50Ms ?? null,
      leadTimeP90Ms: f?.leadTimeP90Ms ?? null,
      outcomes,
    };
  }

  /** the model of a deployed version (cached: a deployed version never changes) */
  private model(source: AnalyticsSource, bpmnProcessId: string, version: number): Promise<ProcessModel> {
    const key = `${source.kind}:${bpmnProcessId}@${version}`;
    let model = this.models.get(key);
    if (!model) {
      model = source.modelXml(bpmnProcessId, version).then((xml) => {
        // not stored (yet): ask again next time
        if (!xml) this.models.delete(key);
        return xml ? readProcessModel(xml, bpmnProcessId) : { processName: null, elements: [] };
      });
      model.catch(() => this.models.delete(key));
      this.models.set(key, model);
    }
    return model;
  }
}
