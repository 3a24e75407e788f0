import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { csrfTokenOf } from '../web/page-form';
import { PageErrorFilter } from '../web/page-error.filter';
import { ViewsService } from '../web/views.service';
import { HeatmapPageQueryDto, PeriodQueryDto, ProcessParamsDto, TargetFormDto } from './analytics.dto';
import { AnalyticsPagesService, type PageOutcome } from './analytics-pages.service';

/**
 * The analytics pages (header link "Prozessanalyse"): /analyse overview, /analyse/beschwerden,
 * /analyse/<bpmnProcessId> with the heatmap, the element table and the target times. Quality staff
 * and admins only; every other user gets the German 403 page.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Roles('quality', 'admin')
@Controller('analyse')
export class AnalyticsPagesController {
  constructor(
    private readonly pages: AnalyticsPagesService,
    private readonly views: ViewsService,
  ) {}

  /** the page in the layout with the signed-in user (header, sign-out form) */
  private send(actor: Actor, req: Request, res: Response, outcome: PageOutcome): void {
    res
      .status(200)
      .type('html')
      .send(
        this.views.render(outcome.view, {
          userName: actor.displayName,
          csrfToken: csrfTokenOf(req),
          ...outcome.context,
        }),
      );
  }

  @Get()
  async overview(
    @CurrentUser() actor: Actor,
    @Query() q: PeriodQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.send(actor, req, res, await this.pages.overviewPage(q.von, q.bis));
  }

  /** declared before :bpmnProcessId so that it is not taken for a process id */
  @Get('beschwerden')
  async complaints(
    @CurrentUser() actor: Actor,
    @Query() q: PeriodQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.send(actor, req, res, await this.pages.complaintsPage(q.von, q.bis));
  }

  @Get(':bpmnProcessId')
  async process(
    @CurrentUser() actor: Actor,
    @Param() p: ProcessParamsDto,
    @Query() q: HeatmapPageQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.send(actor, req, res, await this.pages.processPage(p.bpmnProcessId, q, csrfTokenOf(req), q.hinweis));
  }

  @Post(':bpmnProcessId/zielzeiten')
  async saveTarget(
    @CurrentUser() actor: Actor,
    @Param() p: ProcessParamsDto,
    @Body() form: TargetFormDto,
    @Res() res: Response,
  ): Promise<void> {
    await this.pages.saveTarget(actor, p.bpmnProcessId, form);
    res.redirect(303, `/analyse/${encodeURIComponent(p.bpmnProcessId)}?hinweis=gespeichert#zielzeiten`);
  }
}
