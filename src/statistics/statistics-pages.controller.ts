import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { StatisticsPagesService } from './statistics-pages.service';
import { LagebildQueryDto } from './statistics.dto';

/** /statistik: the Lagebild page (quality staff and admins; everyone else a German 403 page) */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Roles('quality', 'admin')
@Controller('statistik')
export class StatisticsPagesController {
  constructor(
    private readonly pages: StatisticsPagesService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async page(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: LagebildQueryDto,
  ): Promise<void> {
    const context = await this.pages.page(query, {
      userName: actor.displayName,
      csrfToken: csrfTokenOf(req),
    });
    res.type('html').send(this.views.render('statistics', context));
  }
}
