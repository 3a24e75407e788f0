import { Injectable } from '@nestjs/common';
import type { PageContext } from '../web/views.service';
import { barChart, lineChart, pyramid, type ChartValue } from './lagebild.charts';
import type { Cell, Figure } from './lagebild.rules';
import {
  countryName,
  FIGURE_LABELS,
  SECTIONS,
  showCount,
  showDate,
  showPercent,
  TREND_LABELS,
} from './lagebild.view';
import { StatisticsService, type LagebildQuery } from './statistics.service';

const TREND_SYMBOLS = { up: '▲', down: '▼', equal: '►' } as const;

const MONTH_SERIES = ['foreigners', 'asylumSeekers', 'duldung', 'civilWar', 'umaStock'] as const;
const SERIES_NAMES: Record<(typeof MONTH_SERIES)[number], string> = {
  foreigners: 'Ausländerinnen und Ausländer',
  asylumSeekers: 'Asylsuchende',
  duldung: 'Duldung',
  civilWar: 'Bürgerkriegsflüchtlinge',
  umaStock: 'UMA',
};

/** the view model of /statistik: figures as shown (German numbers, "< 5"), trends in words, SVG charts */
@Injectable()
export class StatisticsPagesService {
  constructor(private readonly statistics: StatisticsService) {}

  async page(
    query: LagebildQuery,
    base: { userName: string; csrfToken: string | null },
  ): Promise<PageContext> {
    const l = await this.statistics.lagebild(query);
    const min = l.minCellCount;
    const count = (c: Cell): string => showCount(c.value, c.suppressed, min);
    const shownFigure = (f: Figure) => ({
      value: count(f),
      previous:
        f.previous === null && !f.previousSuppressed ? '–' : showCount(f.previous, f.previousSuppressed, min),
      trendSymbol: f.trend ? TREND_SYMBOLS[f.trend] : '',
      trendText: f.trend ? TREND_LABELS[f.trend] : 'nicht ausgewiesen',
    });
    const byKey = new Map(l.rows.map((r) => [r.key, r]));
    const sections = SECTIONS.map((s) => ({
      id: s.id,
      title: s.title,
      rows: s.keys.map((key) => ({
        key,
        label: FIGURE_LABELS[key],
        indent: FIGURE_LABELS[key].startsWith('davon'),
        ...shownFigure(byKey.get(key)!),
      })),
    }));
    const f = l.figures;
    const chartValue = (label: string, c: Cell): ChartValue => ({
      label,
      value: c.value,
      suppressed: c.suppressed,
    });
    const ranking = (r: typeof f.topCountries, name: (k: string) => string) =>
      r.rows.map((row, i) => ({
        rank: i + 1,
        key: row.key,
        name: name(row.key),
        ...shownFigure(row),
        percent:
          row.percent === null
            ? row.suppressed
              ? 'nicht ausgewiesen'
              : '–'
            : `${showPercent(row.percent)} %`,
      }));
    const months = f.months.map((m) => showDate(m.date).slice(3));
    return {
      title: 'Lagebild',
      ...base,
      form: { stichtag: l.stichtag, von: l.von, bis: l.bis },
      stichtag: showDate(l.stichtag),
      von: showDate(l.von),
      bis: showDate(l.bis),
      previous: {
        stichtag: showDate(l.previous.stichtag),
        von: showDate(l.previous.von),
        bis: showDate(l.previous.bis),
      },
      minCellCount: min,
      csvHref: `/api/statistics/lagebild.csv?stichtag=${l.stichtag}&von=${l.von}&bis=${l.bis}`,
      sections,
      jobcenter: {
        applied: count(f.jobcenter.applied),
        recognised: count(f.jobcenter.recognised),
        percent: f.jobcenter.percent === null ? 'nicht ausgewiesen' : `${showPercent(f.jobcenter.percent)} %`,
        windowMonths: f.jobcenter.windowMonths,
      },
      ageGroups: f.ageGroups.map((g) => ({
        band: g.band,
        female: count(g.female),
        male: count(g.male),
        other: count(g.other),
      })),
      pyramidSvg: pyramid(
        'chart-pyramide',
        `Asylsuchende nach Altersgruppe und Geschlecht am ${showDate(l.stichtag)}`,
        f.ageGroups.map((g) => ({
          band: g.band,
          female: chartValue('weiblich', g.female),
          male: chartValue('männlich', g.male),
        })),
        min,
      ),
      countriesBase: count(f.topCountries.base),
      countries: ranking(f.topCountries, countryName),
      countriesSvg: barChart(
        'chart-herkunft',
        `Top 5 Herkunftsländer am ${showDate(l.stichtag)}`,
        f.topCountries.rows.map((r) => chartValue(countryName(r.key), r)),
        min,
      ),
      municipalities: ranking(f.topMunicipalities, (k) => k),
      municipalitiesSvg: barChart(
        'chart-wohnorte',
        `Top 5 Wohnorte am ${showDate(l.stichtag)}`,
        f.topMunicipalities.rows.map((r) => chartValue(r.key, r)),
        min,
      ),
      monthsSvg: lineChart(
        'chart-verlauf',
        `Entwicklung der Bestände in den 12 Monaten bis ${showDate(l.stichtag)}`,
        months,
        MONTH_SERIES.map((k) => ({
          name: SERIES_NAMES[k],
          values: f.months.map((m) => chartValue(m.date, m[k])),
        })),
        min,
      ),
      monthSeries: MONTH_SERIES.map((k) => SERIES_NAMES[k]),
      months: f.months.map((m) => ({
        date: showDate(m.date),
        values: MONTH_SERIES.map((k) => count(m[k])),
      })),
    };
  }
}
