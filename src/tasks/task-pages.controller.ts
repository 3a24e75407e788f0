import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { TaskListPageQueryDto } from './task-pages.dto';
import { TaskPagesService } from './task-pages.service';

/**
 * The caseworker's pages: the task list (/aufgaben) and the task page with its form (/aufgaben/:id).
 * A filter value the form does not send (31.02.) or a post without the CSRF token gets a German error
 * page naming the field (PageErrorFilter).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('aufgaben')
export class TaskPagesController {
  constructor(
    private readonly pages: TaskPagesService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async list(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: TaskListPageQueryDto,
  ): Promise<void> {
    const context = await this.pages.listPage(actor, query, csrfTokenOf(req));
    res.type('html').send(this.views.render('task-list', context));
  }

  @Get(':id')
  async task(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const { status, view, context } = await this.pages.taskPage(actor, id, csrfTokenOf(req));
    res.status(status).type('html').send(this.views.render(view, context));
  }

  /** the claim button (a plain form post, works without scripts) */
  @Post(':id/uebernehmen')
  async claim(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const outcome = await this.pages.claim(actor, id, csrfTokenOf(req));
    if (outcome.redirect) return res.redirect(303, outcome.redirect);
    res.status(outcome.status).type('html').send(this.views.render(outcome.view, outcome.context));
  }
}
