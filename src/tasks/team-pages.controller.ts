import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { TeamAssignFormDto, TeamPageQueryDto } from './team-pages.dto';
import { TeamPagesService } from './team-pages.service';
import type { PageOutcome } from './task-pages.service';

/**
 * The team lead's page: workload per person and bulk assignment (issue 4 § 2). A post without a valid
 * CSRF token or with input no form of the page sends gets a German error page (PageErrorFilter).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('aufgaben/team')
export class TeamPagesController {
  constructor(
    private readonly pages: TeamPagesService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async page(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: TeamPageQueryDto,
  ): Promise<void> {
    this.send(res, await this.pages.page(actor, query, csrfTokenOf(req)));
  }

  /** "Ausgewählte Aufgaben zuweisen an …" (a plain form post, works without scripts) */
  @Post('zuweisen')
  async assign(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() form: TeamAssignFormDto,
  ): Promise<void> {
    this.send(res, await this.pages.assign(actor, form, csrfTokenOf(req)));
  }

  private send(res: Response, outcome: PageOutcome): void {
    res.status(outcome.status).type('html').send(this.views.render(outcome.view, outcome.context));
  }
}
