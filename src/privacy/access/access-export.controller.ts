import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { uuidParam } from '../../common/uuid-param.pipe';
import { AccessExportService } from './access-export.service';

/**
 * The right of access (Art. 15 DSGVO) over HTTP: everything about one person as a JSON file or a German
 * PDF, both as downloads (attachment). Admins and team leads with access to the case file.
 */
@ApiTags('privacy')
@Controller('api/privacy/persons')
export class AccessExportController {
  constructor(private readonly access: AccessExportService) {}

  @Get(':id/access-export')
  @Roles('admin', 'team-lead')
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'Auskunft nach Art. 15 DSGVO als JSON: alle Daten der Plattform zu einer Person (Download)',
  })
  @ApiOkResponse({ description: 'JSON-Datei (Format mia-auskunft-art15/1), als Anhang' })
  @ApiForbiddenResponse({ description: 'ACCESS_EXPORT_FORBIDDEN: keine Berechtigung für diese Person' })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND' })
  async json(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Person')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const data = await this.access.exportJson(actor, id);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="auskunft-${data.person.fileNumber}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(JSON.stringify(data, null, 2), 'utf8'));
  }

  @Get(':id/access-export.pdf')
  @Roles('admin', 'team-lead')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Auskunft nach Art. 15 DSGVO als lesbares PDF (Download)' })
  @ApiOkResponse({ description: 'PDF-Datei, als Anhang' })
  @ApiForbiddenResponse({ description: 'ACCESS_EXPORT_FORBIDDEN: keine Berechtigung für diese Person' })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND' })
  async pdf(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Person')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { pdf, fileNumber } = await this.access.exportPdf(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="auskunft-${fileNumber}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(pdf);
  }
}
