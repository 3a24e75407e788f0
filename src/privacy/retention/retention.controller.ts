import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { uuidParam } from '../../common/uuid-param.pipe';
import { ClockService } from '../../engine/clock.service';
import type { DeletionRecord, RetentionRun } from './deletion-record.entity';
import {
  DeletionListDto,
  DeletionListQueryDto,
  DeletionRecordDto,
  ErasureResultDto,
  RetentionRuleDto,
  RetentionRunDto,
} from './retention.dto';
import { RetentionService, type ErasureResult, type RetentionRunSummary } from './retention.service';

const PAGE_SIZE = 50;

const toDeletion = (d: DeletionRecord): DeletionRecordDto => ({
  id: d.id,
  runId: d.runId ?? null,
  occurredAt: d.occurredAt.toISOString(),
  trigger: d.trigger,
  actor: d.actor,
  ruleKey: d.ruleKey ?? null,
  ruleValidFrom: d.ruleValidFrom ?? null,
  category: d.category,
  recordType: d.recordType,
  count: d.count,
  places: d.places,
});

/**
 * GDPR retention over HTTP (issue 7 § 2): the rules in force, the erasure job (admins start a run),
 * the deletion records (admins and quality staff), erasure of a person on request (Art. 17 DSGVO).
 */
@ApiTags('privacy')
@Controller('api/privacy')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly clock: ClockService,
  ) {}

  @Get('retention/rules')
  @Roles('admin', 'quality')
  @ApiOperation({ summary: 'Löschfristen, die heute gelten (je Kategorie die gültige Version)' })
  @ApiOkResponse({ type: [RetentionRuleDto] })
  async rules(): Promise<RetentionRuleDto[]> {
    const rules = await this.retention.rules(await this.clock.today());
    return [...rules.values()].map((r) => ({
      key: r.key,
      category: r.category,
      validFrom: r.validFrom,
      period: r.period,
      source: r.source,
    }));
  }

  @Post('retention/run')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Löschlauf jetzt starten (sonst täglich automatisch)' })
  @ApiOkResponse({ type: RetentionRunDto })
  async run(@CurrentUser() actor: Actor): Promise<RetentionRunSummary> {
    const summary = await this.retention.run('manual', actor.username);
    if (!summary) throw new Error('unreachable: a manual run always starts');
    return summary;
  }

  @Get('retention/runs')
  @Roles('admin', 'quality')
  @ApiOperation({ summary: 'Die letzten Löschläufe (gelöscht, zurückgestellt)' })
  @ApiOkResponse({ type: [RetentionRunDto] })
  async runs(): Promise<
    (Omit<RetentionRun, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null })[]
  > {
    return (await this.retention.runs(PAGE_SIZE)).map((r) => ({
      ...r,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    }));
  }

  @Get('deletions')
  @Roles('admin', 'quality')
  @ApiOperation({
    summary: 'Löschprotokoll: Regel, Kategorie, Anzahl, Zeitpunkt – ohne personenbezogene Daten',
  })
  @ApiOkResponse({ type: DeletionListDto })
  async deletions(@Query() query: DeletionListQueryDto): Promise<DeletionListDto> {
    const page = query.page ?? 1;
    const { items, total } = await this.retention.deletions(page, PAGE_SIZE);
    return { items: items.map(toDeletion), total, page, pageSize: PAGE_SIZE };
  }

  @Delete('persons/:id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Person auf Antrag löschen (Art. 17 DSGVO); abgelehnt (409), solange ein Prozess läuft',
  })
  @ApiOkResponse({ type: ErasureResultDto })
  @ApiConflictResponse({ description: 'ERASURE_RUNNING_PROCESS' })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND' })
  erase(@CurrentUser() actor: Actor, @Param('id', uuidParam('Person')) id: string): Promise<ErasureResult> {
    return this.retention.eraseOnRequest(actor, id);
  }
}
