import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { ElementTemplate } from './element-templates';
import type { LintIssue, PlatformFacts } from './lint/lint.types';
import type { ModelDiff } from './model-diff';
import {
  ApproveDto,
  CatalogueQueryDto,
  DiffQueryDto,
  ImportDto,
  LintDto,
  RejectDto,
  ReleasesQueryDto,
  ResourceParamsDto,
  SaveVersionDto,
  SubmitDto,
  VersionParamsDto,
} from './modeler.dto';
import { ModelerService, type QueueEntry, type ResourceSummary, type VersionDetail } from './modeler.service';

/** The process editor's API (issue 5): catalogue, versions, import/export, lint, diff, four-eyes release. */
@ApiTags('modeler')
@Controller('api/modeler')
@Roles('process-manager', 'quality', 'admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN (Rolle fehlt) oder SELF_APPROVAL (Vier-Augen-Prinzip)' })
export class ModelerController {
  constructor(private readonly modeler: ModelerService) {}

  @Get('resources')
  @ApiOperation({ summary: 'Katalog: Prozesse und Formulare mit Versionen, Status und laufenden Instanzen' })
  catalogue(@Query() q: CatalogueQueryDto): Promise<ResourceSummary[]> {
    return this.modeler.catalogue(q.kind);
  }

  @Get('resources/:kind/:resourceId')
  @ApiOperation({ summary: 'Ein Prozess oder Formular mit allen Versionen' })
  resource(@Param() p: ResourceParamsDto): Promise<ResourceSummary> {
    return this.modeler.resource(p.kind, p.resourceId);
  }

  @Get('resources/:kind/:resourceId/versions/:n')
  @ApiOperation({ summary: 'Eine Version mit Inhalt und Freigabeschritten' })
  version(@Param() p: VersionParamsDto): Promise<VersionDetail> {
    return this.modeler.version(p.kind, p.resourceId, p.n);
  }

  @Get('resources/:kind/:resourceId/versions/:n/file')
  @ApiOperation({ summary: 'Eine Version als Datei (.bpmn oder .form) herunterladen' })
  @ApiProduces('application/xml', 'application/json')
  @Header('X-Content-Type-Options', 'nosniff')
  async file(
    @Param() p: VersionParamsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.modeler.file(p.kind, p.resourceId, p.n);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
    );
    return new StreamableFile(Buffer.from(file.content, 'utf8'));
  }

  @Post('resources/:kind/:resourceId/versions')
  @Roles('process-manager', 'admin')
  @ApiOperation({ summary: 'Entwurf speichern: jede Speicherung ist eine neue Version' })
  @ApiCreatedResponse({ description: 'die neue Version (Status draft)' })
  @ApiBadRequestResponse({ description: 'INVALID_BPMN, INVALID_FORM' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE (mehr als 2 MB)' })
  save(
    @CurrentUser() actor: Actor,
    @Param() p: ResourceParamsDto,
    @Body() body: SaveVersionDto,
  ): Promise<VersionDetail> {
    return this.modeler.save(actor, p.kind, p.resourceId, body);
  }

  @Post('import')
  @Roles('process-manager', 'admin')
  @ApiOperation({ summary: '.bpmn- oder .form-Datei als neuen Entwurf importieren' })
  @ApiCreatedResponse({ description: 'die neue Version (Status draft)' })
  @ApiBadRequestResponse({ description: 'INVALID_BPMN, INVALID_FORM, UNSUPPORTED_FILE' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE (mehr als 2 MB)' })
  import(@CurrentUser() actor: Actor, @Body() body: ImportDto): Promise<VersionDetail> {
    return this.modeler.importFile(actor, body.fileName, body.content, body.comment);
  }

  @Post('lint')
  @HttpCode(200)
  @ApiOperation({ summary: 'BPMN prüfen: bpmnlint, camunda-compat (Zeebe 8.6) und Regeln der Plattform' })
  @ApiBadRequestResponse({ description: 'INVALID_BPMN' })
  async lint(@Body() body: LintDto): Promise<{ issues: LintIssue[] }> {
    return { issues: await this.modeler.lint(body.content) };
  }

  @Get('diff/:kind/:resourceId')
  @ApiOperation({
    summary: 'Unterschiede zweier Versionen: hinzugefügt, entfernt, geändert (mit Eigenschaften), verschoben',
  })
  diff(@Param() p: ResourceParamsDto, @Query() q: DiffQueryDto): Promise<ModelDiff> {
    return this.modeler.diff(p.kind, p.resourceId, q.from, q.to);
  }

  @Post('resources/:kind/:resourceId/versions/:n/submit')
  @HttpCode(200)
  @Roles('process-manager', 'admin')
  @ApiOperation({ summary: 'Entwurf mit Begründung zur Freigabe einreichen' })
  @ApiUnprocessableEntityResponse({ description: 'LINT_ERRORS mit errors: [{ elementId, rule, message }]' })
  @ApiConflictResponse({ description: 'VERSION_STATUS' })
  submit(
    @CurrentUser() actor: Actor,
    @Param() p: VersionParamsDto,
    @Body() body: SubmitDto,
  ): Promise<VersionDetail> {
    return this.modeler.submit(actor, p.kind, p.resourceId, p.n, body.reason);
  }

  @Post('resources/:kind/:resourceId/versions/:n/approve')
  @HttpCode(200)
  @Roles('quality')
  @ApiOperation({
    summary:
      'Freigeben (Qualitätssicherung, nicht die eigene Änderung): stellt die Version in der Engine bereit',
  })
  @ApiOkResponse({ schema: { properties: { engineVersion: { type: 'integer' } } } })
  @ApiConflictResponse({ description: 'VERSION_STATUS, STALE_VERSION' })
  async approve(
    @CurrentUser() actor: Actor,
    @Param() p: VersionParamsDto,
    @Body() body: ApproveDto,
  ): Promise<VersionDetail & { engineVersion: number }> {
    const { engineVersion, version } = await this.modeler.approve(
      actor,
      p.kind,
      p.resourceId,
      p.n,
      body.comment,
    );
    return { ...version, engineVersion };
  }

  @Post('resources/:kind/:resourceId/versions/:n/reject')
  @HttpCode(200)
  @Roles('quality')
  @ApiOperation({ summary: 'Ablehnen mit Begründung (Qualitätssicherung, nicht die eigene Änderung)' })
  @ApiConflictResponse({ description: 'VERSION_STATUS' })
  reject(
    @CurrentUser() actor: Actor,
    @Param() p: VersionParamsDto,
    @Body() body: RejectDto,
  ): Promise<VersionDetail> {
    return this.modeler.reject(actor, p.kind, p.resourceId, p.n, body.comment);
  }

  @Get('releases')
  @ApiOperation({ summary: 'Freigaben: eingereichte Versionen (Warteschlange der Qualitätssicherung)' })
  releases(@Query() q: ReleasesQueryDto): Promise<QueueEntry[]> {
    return this.modeler.queue(q.status);
  }

  @Get('element-templates')
  @ApiOperation({ summary: 'Zeebe-Elementvorlagen der Job-Typen der Plattform' })
  elementTemplates(): Promise<ElementTemplate[]> {
    return this.modeler.elementTemplates();
  }

  @Get('platform-facts')
  @ApiOperation({ summary: 'Job-Typen, Formulare und Einheiten für die Prüfregeln im Editor' })
  facts(): Promise<PlatformFacts> {
    return this.modeler.facts();
  }
}
