import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { PageErrorFilter } from '../../web/page-error.filter';
import { ViewsService } from '../../web/views.service';
import { DiffPageQueryDto, EditorPageQueryDto, VersionPageQueryDto } from './modeler-pages.dto';
import { ModelerPagesService, type PageOutcome } from './modeler-pages.service';

/**
 * The process editor's pages (issue 5): catalogue, BPMN and form editors, version page with the
 * release decision, diff. Readable by process managers, quality and admins, like the API.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Roles('process-manager', 'quality', 'admin')
@Controller('modeler')
export class ModelerPagesController {
  constructor(
    private readonly pages: ModelerPagesService,
    private readonly views: ViewsService,
  ) {}

  private send(res: Response, outcome: PageOutcome): void {
    res.status(outcome.status).type('html').send(this.views.render(outcome.view, outcome.context));
  }

  @Get()
  async catalogue(@CurrentUser() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.send(res, await this.pages.cataloguePage(actor, req.session.csrfToken ?? null));
  }

  /** /modeler/bpmn/:id (process editor) and /modeler/form/:id (form editor); other kinds: 404 page */
  @Get(':kind/:resourceId')
  async editor(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('kind') kind: string,
    @Param('resourceId') resourceId: string,
    @Query() query: EditorPageQueryDto,
  ): Promise<void> {
    this.send(
      res,
      await this.pages.editorPage(actor, kind, resourceId, query.version, req.session.csrfToken ?? null),
    );
  }

  @Get(':kind/:resourceId/versionen/:number')
  async version(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('kind') kind: string,
    @Param('resourceId') resourceId: string,
    @Param('number') number: string,
    @Query() query: VersionPageQueryDto,
  ): Promise<void> {
    this.send(
      res,
      await this.pages.versionPage(
        actor,
        kind,
        resourceId,
        number,
        query.hinweis,
        req.session.csrfToken ?? null,
      ),
    );
  }

  @Get(':kind/:resourceId/vergleich')
  async diff(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('kind') kind: string,
    @Param('resourceId') resourceId: string,
    @Query() query: DiffPageQueryDto,
  ): Promise<void> {
    this.send(
      res,
      await this.pages.diffPage(actor, kind, resourceId, query.von, query.bis, req.session.csrfToken ?? null),
    );
  }
}
