import { Injectable } from '@nestjs/common';
import { addDays, addMonths } from '../common/calendar';
import { ClockService } from '../engine/clock.service';
import { ParametersService } from '../parameters/parameters.service';
import { LagebildProjection } from './lagebild.projection';
import {
  computeLagebild,
  flowIn,
  lagebildDates,
  presentLagebild,
  type LagebildDates,
  type LagebildFigures,
  type LagebildParameters,
} from './lagebild.rules';
import { lagebildCsv, lagebildRows, type LagebildRow } from './lagebild.view';
import { StatisticsPeriodInvalidError } from './statistics.errors';
import { StatisticsRepository } from './statistics.repository';

export interface LagebildQuery {
  stichtag?: string;
  von?: string;
  bis?: string;
}

export interface Lagebild {
  stichtag: string;
  von: string;
  bis: string;
  previous: LagebildDates['previous'];
  minCellCount: number;
  basePopulation: string;
  rows: LagebildRow[];
  figures: LagebildFigures;
}

/** the versioned parameters of the Lagebild (Migration20261128182000) */
export const LAGEBILD_PARAMETER_KEYS = {
  euEeaChCountries: 'statistics.euEeaChCountries',
  dualNationalRule: 'statistics.dualNationalRule',
  ageBands: 'statistics.ageBands',
  jobcenterWindowMonths: 'statistics.jobcenterWindowMonths',
  duldungCategoryRules: 'statistics.duldungCategoryMapping',
  civilWarLegalBases: 'statistics.civilWarLegalBases',
  minCellCount: 'statistics.minCellCount',
} as const;

/**
 * The Lagebild (issue 6 § 1): resolves the dates, reads the parameters in force on the Stichtag, loads
 * the snapshot and applies the definitions of lagebild.rules.ts. Access (quality staff, admins) is
 * checked by the controllers' @Roles.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repository: StatisticsRepository,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
    private readonly projection: LagebildProjection,
  ) {}

  /** Stichtag default today; bis default the Stichtag; von default one month before bis, plus a day */
  async dates(query: LagebildQuery): Promise<LagebildDates> {
    const stichtag = query.stichtag ?? (await this.clock.today());
    const bis = query.bis ?? stichtag;
    const von = query.von ?? addDays(addMonths(bis, -1), 1);
    if (von > bis) throw new StatisticsPeriodInvalidError(von, bis);
    return lagebildDates(stichtag, von, bis);
  }

  async parametersOn(date: string): Promise<LagebildParameters> {
    const keys = Object.entries(LAGEBILD_PARAMETER_KEYS) as [keyof LagebildParameters, string][];
    const values = await this.parameters.getAll<Record<string, unknown>>(
      keys.map(([, key]) => key),
      date,
    );
    return Object.fromEntries(
      keys.map(([name, key]) => [name, values[key]]),
    ) as unknown as LagebildParameters;
  }

  async lagebild(query: LagebildQuery): Promise<Lagebild> {
    const dates = await this.dates(query);
    const params = await this.parametersOn(dates.stichtag);
    const figures = await this.figures(dates, params);
    return {
      stichtag: dates.stichtag,
      von: dates.von,
      bis: dates.bis,
      previous: dates.previous,
      minCellCount: params.minCellCount,
      basePopulation: 'Ausländerinnen und Ausländer im Landkreis am Stichtag',
      rows: lagebildRows(figures, dates),
      figures,
    };
  }

  /**
   * The stock figures from the projection (brought up to date first: only the persons changed since the
   * last request are recomputed), the flow figures from the few events of both periods; the definitions
   * are lagebild.rules.ts throughout.
   */
  private async figures(dates: LagebildDates, params: LagebildParameters): Promise<LagebildFigures> {
    await this.projection.refresh(params);
    const stockDates = [...new Set([dates.stichtag, dates.previous.stichtag, ...dates.months])];
    const [stocks, flowEvents] = await Promise.all([
      this.projection.stocks(stockDates, [dates.stichtag, dates.previous.stichtag], params),
      this.repository.flowEvents(dates, params.jobcenterWindowMonths),
    ]);
    const flowSnapshot = { persons: [], episodesByPerson: new Map(), eventsByPerson: flowEvents };
    return presentLagebild(
      {
        stock: stocks.get(dates.stichtag)!,
        flow: flowIn(flowSnapshot, dates.von, dates.bis, params),
      },
      {
        stock: stocks.get(dates.previous.stichtag)!,
        flow: flowIn(flowSnapshot, dates.previous.von, dates.previous.bis, params),
      },
      dates.months.map((d) => stocks.get(d)!),
      params,
    );
  }

  /** the same figures from the full snapshot, without the projection: the reference (tests, benchmark) */
  async referenceFigures(query: LagebildQuery): Promise<LagebildFigures> {
    const dates = await this.dates(query);
    const params = await this.parametersOn(dates.stichtag);
    const snapshot = await this.repository.snapshot(dates, params.jobcenterWindowMonths);
    return computeLagebild(snapshot, dates, params);
  }

  async csv(query: LagebildQuery): Promise<{ fileName: string; content: string }> {
    const lagebild = await this.lagebild(query);
    return {
      fileName: `lagebild-${lagebild.stichtag}.csv`,
      content: lagebildCsv(lagebild.rows, lagebild.minCellCount),
    };
  }
}
