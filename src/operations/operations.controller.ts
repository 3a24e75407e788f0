import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { keyParam } from './key-param.pipe';
import {
  ActionDto,
  ActionResultDto,
  CancelDto,
  IncidentDto,
  InstanceDetailDto,
  InstanceListDto,
  InstanceListQueryDto,
  RetryDto,
} from './operations.dto';
import {
  instanceFilter,
  OperationsService,
  type ActionResultView,
  type ActionView,
  type IncidentView,
  type InstanceDetailView,
  type InstanceListView,
} from './operations.service';

/**
 * The operations view over HTTP (issue 6 § 2): quality staff and admins only. No variable values are
 * ever returned: the process state, not the case content.
 */
@ApiTags('operations')
@Roles('quality', 'admin')
@Controller('api/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('instances')
  @ApiOperation({
    summary: 'Laufende Prozessinstanzen (Filter: Prozess, Version, Startzeitraum; seitenweise)',
  })
  @ApiOkResponse({ type: InstanceListDto })
  instances(@Query() q: InstanceListQueryDto): Promise<InstanceListView> {
    return this.operations.listInstances(instanceFilter(q), q.page ?? 1);
  }

  @Get('instances/:key')
  @ApiOperation({ summary: 'Eine Prozessinstanz: aktive Elemente, Störungen, Elementverlauf, Eingriffe' })
  @ApiOkResponse({ type: InstanceDetailDto })
  instance(@Param('key', keyParam('Prozessinstanz')) key: string): Promise<InstanceDetailView> {
    return this.operations.instance(key);
  }

  @Get('instances/:key/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'BPMN-XML der Version, auf der die Instanz läuft (für das Diagramm)' })
  xml(@Param('key', keyParam('Prozessinstanz')) key: string): Promise<string> {
    return this.operations.instanceXml(key);
  }

  @Post('instances/:key/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Prozessinstanz abbrechen (CancelProcessInstance); Grund Pflicht' })
  @ApiOkResponse({ type: ActionResultDto })
  cancel(
    @CurrentUser() actor: Actor,
    @Param('key', keyParam('Prozessinstanz')) key: string,
    @Body() body: CancelDto,
  ): Promise<ActionResultView> {
    return this.operations.cancelInstance(actor, key, body);
  }

  @Get('incidents')
  @ApiOperation({
    summary:
      'Offene Störungen (eingebettete Engine: alle Incidents; echtes Zeebe: von Plattform-Workern fehlgeschlagene Jobs)',
  })
  @ApiOkResponse({ type: [IncidentDto] })
  incidents(): Promise<IncidentView[]> {
    return this.operations.incidents();
  }

  @Post('incidents/:key/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Störung erneut versuchen: UpdateJobRetries (Job-Störung) + ResolveIncident' })
  @ApiOkResponse({ type: ActionResultDto })
  retryIncident(
    @CurrentUser() actor: Actor,
    @Param('key', keyParam('Störung')) key: string,
    @Body() body: RetryDto,
  ): Promise<ActionResultView> {
    return this.operations.retryIncident(actor, key, body);
  }

  @Post('jobs/:key/retry')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Fehlgeschlagenen Job erneut versuchen: UpdateJobRetries (+ ResolveIncident, wenn die Störung bekannt ist)',
  })
  @ApiOkResponse({ type: ActionResultDto })
  retryJob(
    @CurrentUser() actor: Actor,
    @Param('key', keyParam('Job')) key: string,
    @Body() body: RetryDto,
  ): Promise<ActionResultView> {
    return this.operations.retryJob(actor, key, body);
  }

  @Get('actions')
  @ApiOperation({ summary: 'Die letzten Eingriffe (wer, wann, was, Ergebnis)' })
  @ApiOkResponse({ type: [ActionDto] })
  actions(): Promise<ActionView[]> {
    return this.operations.actions();
  }
}
