import { scriptJson } from '../web/format';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { PageContext } from '../web/views.service';
import { TARGET_UNITS, type HeatmapView, type TargetFormDto } from './analytics.dto';
import { AnalyticsService, MAX_TARGET_MINUTES, type ProcessSummary } from './analytics.service';
import { ComplaintStatisticsService, type ComplaintFigures } from './complaint-statistics.service';
import {
  formatDay,
  formatDuration,
  formatNumber,
  formatShare,
  formatWorkingDays,
  HEAT_CLASSES,
} from './format';
import { parsePeriod, PeriodError, type Period } from './period';

export interface PageOutcome {
  view: string;
  context: PageContext;
}

const SOURCE_NOTE = {
  embedded:
    'Quelle: das Ereignisprotokoll der eingebetteten Engine – alle Elemente, Ergebnisse und Abbrüche.',
  observed:
    'Quelle: was die Plattform selbst beobachtet (Instanzprotokoll, Aufgaben) – gegen Zeebe gibt es keine Ergebnisse je Endereignis, keine Abbrüche und nur Benutzeraufgaben im Diagramm.',
};

/** a period from the page's query, or a German 400 page naming the field */
function pagePeriod(von?: string, bis?: string): Period {
  try {
    return parsePeriod(von, bis);
  } catch (error) {
    if (error instanceof PeriodError) throw new BadRequestException([error.message]);
    throw error;
  }
}

const count = (n: number | null): string => (n === null ? '–' : formatNumber(n));

function periodText(period: Period): string {
  if (period.von && period.bis) return `${formatDay(period.von)} bis ${formatDay(period.bis)}`;
  if (period.von) return `ab ${formatDay(period.von)}`;
  if (period.bis) return `bis ${formatDay(period.bis)}`;
  return 'gesamter Zeitraum';
}

function summaryRow(s: ProcessSummary) {
  return {
    href: `/analyse/${encodeURIComponent(s.bpmnProcessId)}?version=${s.version}`,
    name: s.name,
    bpmnProcessId: s.bpmnProcessId,
    version: s.version,
    started: count(s.started),
    completed: count(s.completed),
    terminated: count(s.terminated),
    running: count(s.running),
    leadP50: formatDuration(s.leadTimeP50Ms),
    leadP90: formatDuration(s.leadTimeP90Ms),
    outcomes:
      s.outcomes === null
        ? null
        : s.outcomes.map((o) => ({ name: o.name, count: count(o.count), share: formatShare(o.share) })),
  };
}

function targetText(minutes: number | null): string {
  if (minutes === null) return '–';
  return formatDuration(minutes * 60_000);
}

/** The analytics pages' view models: German figures, links keeping the period. */
@Injectable()
export class AnalyticsPagesService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly complaints: ComplaintStatisticsService,
  ) {}

  async overviewPage(von?: string, bis?: string): Promise<PageOutcome> {
    const period = pagePeriod(von, bis);
    const overview = await this.analytics.overview(period);
    const keep = this.periodQuery(period);
    return {
      view: 'analytics-overview',
      context: {
        title: 'Prozessanalyse',
        von: period.von ?? '',
        bis: period.bis ?? '',
        periodText: periodText(period),
        sourceNote: SOURCE_NOTE[overview.source],
        complaintsHref: `/analyse/beschwerden${keep ? `?${keep}` : ''}`,
        processes: overview.processes.map((s) => {
          const row = summaryRow(s);
          return { ...row, href: `${row.href}${keep ? `&${keep}` : ''}` };
        }),
      },
    };
  }

  async processPage(
    bpmnProcessId: string,
    q: { version?: number; von?: string; bis?: string; ansicht?: HeatmapView },
    csrfToken: string | null,
    notice?: string,
  ): Promise<PageOutcome> {
    const period = pagePeriod(q.von, q.bis);
    const view: HeatmapView = q.ansicht ?? 'haeufigkeit';
    const [p, targets] = await Promise.all([
      this.analytics.process(bpmnProcessId, period, q.version),
      this.analytics.targets(bpmnProcessId),
    ]);
    const s = summaryRow(p.summary);
    const base = `/analyse/${encodeURIComponent(bpmnProcessId)}`;
    return {
      view: 'analytics-process',
      context: {
        title: `Prozessanalyse: ${p.name}`,
        csrfToken,
        name: p.name,
        bpmnProcessId,
        version: p.version,
        versionOptions: p.versions
          .slice()
          .sort((a, b) => b - a)
          .map((v) => ({ value: v, selected: v === p.version })),
        von: period.von ?? '',
        bis: period.bis ?? '',
        periodText: periodText(period),
        frequencyChecked: view === 'haeufigkeit',
        durationChecked: view === 'dauer',
        sourceNote: SOURCE_NOTE[p.source],
        summary: s,
        hasOutcomes: (s.outcomes?.length ?? 0) > 0,
        notice: notice === 'gespeichert' ? 'Die Zielzeit wurde gespeichert.' : null,
        heatClasses: Array.from({ length: HEAT_CLASSES }, (_, i) => ({ index: i })),
        elements: p.elements.map((e) => ({
          elementId: e.elementId,
          name: e.name,
          typeLabel: e.typeLabel,
          measured: e.measured,
          started: e.measured ? count(e.started) : 'nicht verfügbar',
          completed: e.measured ? count(e.completed) : '–',
          running: e.measured ? count(e.running) : '–',
          p50: formatDuration(e.durationP50Ms),
          p90: formatDuration(e.durationP90Ms),
          waiting: e.userTask ? formatDuration(e.userTask.waitingP50Ms) : '–',
          working: e.userTask ? formatDuration(e.userTask.workingP50Ms) : '–',
          overdue: e.userTask ? count(e.userTask.overdueOpen) : '–',
          target: targetText(e.targetMinutes),
          breaches:
            e.targetMinutes === null
              ? '–'
              : `${count(e.breachesEnded)} abgeschlossen, ${count(e.breachesRunning)} laufend`,
        })),
        targetOptions: p.elements
          .filter((e) => e.type !== 'SequenceFlow')
          .map((e) => ({ value: e.elementId, label: `${e.name} (${e.typeLabel})` })),
        targetsAction: `${base}/zielzeiten`,
        changes: targets.changes.map((c) => ({
          name: c.name,
          previous: targetText(c.previousMinutes),
          target: c.targetMinutes === null ? 'entfernt' : targetText(c.targetMinutes),
          changedBy: c.changedBy,
          changedAt: new Intl.DateTimeFormat('de-DE', {
            timeZone: 'Europe/Berlin',
            dateStyle: 'medium',
            timeStyle: 'short',
          }).format(new Date(c.changedAt)),
        })),
        pageData: scriptJson({
          bpmnProcessId,
          version: p.version,
          von: period.von,
          bis: period.bis,
          ansicht: view,
        }),
      },
    };
  }

  /** the target form: value in minutes, hours or days (German decimals); empty removes the target */
  async saveTarget(actor: Actor, bpmnProcessId: string, form: TargetFormDto): Promise<void> {
    const raw = (form.zielzeit ?? '').trim();
    let minutes: number | null = null;
    if (raw !== '') {
      minutes = Math.round(Number(raw.replace(',', '.')) * TARGET_UNITS[form.einheit]);
      if (!(minutes >= 1 && minutes <= MAX_TARGET_MINUTES))
        throw new BadRequestException([
          `Zielzeit: bitte einen Wert zwischen 1 Minute und ${MAX_TARGET_MINUTES / 1440} Tagen angeben.`,
        ]);
    }
    await this.analytics.setTarget(actor, bpmnProcessId, form.elementId, minutes);
  }

  async complaintsPage(von?: string, bis?: string): Promise<PageOutcome> {
    const period = pagePeriod(von, bis);
    const stats = await this.complaints.statistics(period);
    const row = (f: ComplaintFigures) => ({
      label: f.label,
      received: count(f.received),
      acknowledged: count(f.acknowledged),
      acknowledgeMedian: formatWorkingDays(f.acknowledgeMedianWorkingDays),
      answered: count(f.answered),
      answerMedian: formatWorkingDays(f.answerMedianWorkingDays),
      assessed: count(f.assessed),
      justifiedShare: formatShare(f.justifiedShare),
      justifiedDetail: `${count(f.justified)} begründet, ${count(f.partlyJustified)} teilweise`,
    });
    return {
      view: 'analytics-complaints',
      context: {
        title: 'Beschwerdestatistik',
        von: period.von ?? '',
        bis: period.bis ?? '',
        periodText: periodText(period),
        total: row(stats.total),
        byCategory: stats.byCategory.map(row),
        byUnit: stats.byUnit.map(row),
      },
    };
  }

  private periodQuery(period: Period): string {
    const params = new URLSearchParams();
    if (period.von) params.set('von', period.von);
    if (period.bis) params.set('bis', period.bis);
    return params.toString();
  }
}
