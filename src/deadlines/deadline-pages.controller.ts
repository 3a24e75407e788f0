import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { PageErrorFilter } from '../web/page-error.filter';
import { str, type PageForm } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { DeadlinePagesService } from './deadline-pages.service';

/** The Fristen board (issue 8 § 1): overdue and this week's deadlines of the user's units. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class DeadlinePagesController {
  constructor(
    private readonly pages: DeadlinePagesService,
    private readonly views: ViewsService,
  ) {}

  @Get('fristen')
  async board(@CurrentUser() actor: Actor, @Res() res: Response, @Query() query: PageForm): Promise<void> {
    const context = await this.pages.boardPage(actor, str(query.einheit) ?? null);
    res.type('html').send(this.views.render('deadlines', context));
  }
}
