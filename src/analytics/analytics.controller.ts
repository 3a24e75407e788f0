import { Body, Controller, Get, Header, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  ElementParamsDto,
  PeriodQueryDto,
  ProcessParamsDto,
  ProcessQueryDto,
  SetTargetDto,
} from './analytics.dto';
import { InvalidPeriodError } from './analytics.errors';
import {
  AnalyticsService,
  type AnalyticsOverview,
  type HeatmapData,
  type ProcessAnalytics,
  type TargetsView,
} from './analytics.service';
import { ComplaintStatisticsService, type ComplaintStatistics } from './complaint-statistics.service';
import { parsePeriod, PeriodError, type Period } from './period';

/** ?von=&bis= as a period, or 400 INVALID_PERIOD naming the parameter */
export function periodOf(q: PeriodQueryDto): Period {
  try {
    return parsePeriod(q.von, q.bis);
  } catch (error) {
    if (error instanceof PeriodError) throw new InvalidPeriodError(error.message, { field: error.field });
    throw error;
  }
}

/** Process analytics and complaint statistics (issue 6 § 2): quality staff and admins only. */
@ApiTags('analytics')
@Controller('api/analytics')
@Roles('quality', 'admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN: nur Qualitätsmanagement und Administration' })
@ApiBadRequestResponse({
  description: 'INVALID_PERIOD (von/bis) oder VALIDATION_FAILED, mit dem Parameter in der Meldung',
})
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly complaints: ComplaintStatisticsService,
  ) {}

  @Get('source')
  @ApiOperation({
    summary: 'Datenquelle der Kennzahlen: eingebettete Engine (Ereignisprotokoll) oder beobachtet (Zeebe)',
  })
  source(): { source: string } {
    return { source: this.analytics.source.kind };
  }

  @Get('processes')
  @ApiOperation({
    summary:
      'Je Prozess und Version: gestartet, abgeschlossen, abgebrochen, laufend, Durchlaufzeit p50/p90, Anteile je Endereignis',
  })
  @ApiOkResponse({ description: 'AnalyticsOverview' })
  overview(@Query() q: PeriodQueryDto): Promise<AnalyticsOverview> {
    return this.analytics.overview(periodOf(q));
  }

  @Get('processes/:bpmnProcessId')
  @ApiOperation({
    summary:
      'Ein Prozess in einer Version: Kennzahlen und je Element Anzahl, Dauer p50/p90, Warte-/Bearbeitungszeit, überfällige Aufgaben, Zielzeitüberschreitungen',
  })
  @ApiNotFoundResponse({ description: 'PROCESS_NOT_FOUND, VERSION_NOT_FOUND' })
  process(@Param() p: ProcessParamsDto, @Query() q: ProcessQueryDto): Promise<ProcessAnalytics> {
    return this.analytics.process(p.bpmnProcessId, periodOf(q), q.version);
  }

  @Get('processes/:bpmnProcessId/heatmap')
  @ApiOperation({ summary: 'Daten der Heatmap: je Element Häufigkeit und Dauer (p50)' })
  @ApiNotFoundResponse({ description: 'PROCESS_NOT_FOUND, VERSION_NOT_FOUND' })
  heatmap(@Param() p: ProcessParamsDto, @Query() q: ProcessQueryDto): Promise<HeatmapData> {
    return this.analytics.heatmap(p.bpmnProcessId, periodOf(q), q.version);
  }

  @Get('processes/:bpmnProcessId/xml')
  @ApiOperation({ summary: 'Das BPMN-Modell einer Version (für das Diagramm der Heatmap)' })
  @ApiProduces('application/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiNotFoundResponse({ description: 'PROCESS_NOT_FOUND, VERSION_NOT_FOUND' })
  async xml(@Param() p: ProcessParamsDto, @Query() q: ProcessQueryDto): Promise<string> {
    return (await this.analytics.modelXml(p.bpmnProcessId, q.version)).xml;
  }

  @Get('processes/:bpmnProcessId/targets')
  @ApiOperation({ summary: 'Zielzeiten je Element und jede Änderung (wer, wann, von, auf)' })
  @ApiNotFoundResponse({ description: 'PROCESS_NOT_FOUND' })
  targets(@Param() p: ProcessParamsDto): Promise<TargetsView> {
    return this.analytics.targets(p.bpmnProcessId);
  }

  @Put('processes/:bpmnProcessId/targets/:elementId')
  @ApiOperation({
    summary:
      'Zielzeit eines Elements setzen (Minuten) oder mit null entfernen; jede Änderung wird protokolliert',
  })
  @ApiNotFoundResponse({ description: 'PROCESS_NOT_FOUND, ELEMENT_NOT_FOUND' })
  setTarget(
    @CurrentUser() actor: Actor,
    @Param() p: ElementParamsDto,
    @Body() body: SetTargetDto,
  ): Promise<TargetsView> {
    return this.analytics.setTarget(actor, p.bpmnProcessId, p.elementId, body.targetMinutes);
  }

  @Get('complaints')
  @ApiOperation({
    summary:
      'Beschwerden nach Kategorie und Stelle: Eingänge, Zeit bis Eingangsbestätigung und Antwort (Median, Arbeitstage), Anteil begründet',
  })
  complaintStatistics(@Query() q: PeriodQueryDto): Promise<ComplaintStatistics> {
    return this.complaints.statistics(periodOf(q));
  }
}
