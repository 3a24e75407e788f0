import { Controller, Get, Header, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { CaseFileService } from './case-file.service';

/** Files the case file shows: a document's PDF (checked against the case file) and process diagrams. */
@ApiTags('persons')
@Controller('api')
export class CaseFileResourcesController {
  constructor(private readonly caseFile: CaseFileService) {}

  @Get('documents/:id/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Dokument als PDF herunterladen (nur mit Zugriff auf die Fallakte)' })
  async pdf(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { pdf } = await this.caseFile.documentPdf(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="dokument-${id}.pdf"`);
    return new StreamableFile(pdf);
  }

  @Get('processes/:bpmnProcessId/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'BPMN-XML eines Fallprozesses (für das Diagramm in der Fallakte)' })
  xml(@Param('bpmnProcessId') bpmnProcessId: string): string {
    return this.caseFile.processXml(bpmnProcessId);
  }
}
