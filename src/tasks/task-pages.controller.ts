import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { ViewsService } from '../web/views.service';
import { TaskListPageQueryDto } from './task-pages.dto';
import { TaskPagesService } from './task-pages.service';

/** The caseworker's pages: the task list (/aufgaben) and the task page with its form (/aufgaben/:id). */
@ApiExcludeController()
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
    const context = await this.pages.listPage(actor, query, req.session.csrfToken ?? null);
    res.type('html').send(this.views.render('task-list', context));
  }

  @Get(':id')
  async task(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const { status, view, context } = await this.pages.taskPage(actor, id, req.session.csrfToken ?? null);
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
    const outcome = await this.pages.claim(actor, id, req.session.csrfToken ?? null);
    if (outcome.redirect) return res.redirect(303, outcome.redirect);
    res.status(outcome.status).type('html').send(this.views.render(outcome.view, outcome.context));
  }
}
