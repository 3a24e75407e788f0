import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { keyParam } from './key-param.pipe';
import {
  CancelFormDto,
  InstancePageQueryDto,
  OperationsPageQueryDto,
  RetryFormDto,
} from './operations-pages.dto';
import { OperationsPagesService } from './operations-pages.service';
import { OperationsService, type ActionResultView } from './operations.service';

/**
 * The operations pages (issue 6 § 2): /betrieb (open incidents, running instances, recent
 * interventions) and /betrieb/instanzen/:key (diagram, incidents, history). Quality staff and admins
 * only. Plain form posts with the CSRF token; retry and cancel redirect (303) after success, the engine's
 * refusal is shown on the page again with its German message; cancelling needs a reason and a
 * confirmation page.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Roles('quality', 'admin')
@Controller('betrieb')
export class OperationsPagesController {
  constructor(
    private readonly pages: OperationsPagesService,
    private readonly operations: OperationsService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: OperationsPageQueryDto,
  ): Promise<void> {
    res
      .type('html')
      .send(this.views.render('operations', await this.pages.listPage(query, csrfTokenOf(req))));
  }

  @Get('instanzen/:key')
  async instance(
    @Req() req: Request,
    @Res() res: Response,
    @Param('key', keyParam('Prozessinstanz')) key: string,
    @Query() query: InstancePageQueryDto,
  ): Promise<void> {
    const context = await this.pages.instancePage(key, csrfTokenOf(req), {}, query.erfolg);
    res.type('html').send(this.views.render('operations-instance', context));
  }

  @Post('stoerungen/:key/erneut-versuchen')
  async retryIncident(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('key', keyParam('Störung')) key: string,
    @Body() body: RetryFormDto,
  ): Promise<void> {
    return this.act(req, res, body.zurueck, () => this.operations.retryIncident(actor, key, body));
  }

  @Post('jobs/:key/erneut-versuchen')
  async retryJob(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('key', keyParam('Job')) key: string,
    @Body() body: RetryFormDto,
  ): Promise<void> {
    return this.act(req, res, body.zurueck, () => this.operations.retryJob(actor, key, body));
  }

  /** without `bestaetigt=ja`: the confirmation page; with it: CancelProcessInstance */
  @Post('instanzen/:key/abbrechen')
  async cancel(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('key', keyParam('Prozessinstanz')) key: string,
    @Body() body: CancelFormDto,
  ): Promise<void> {
    if (body.bestaetigt !== 'ja') {
      const context = await this.pages.confirmPage(key, body.reason, csrfTokenOf(req));
      res.status(200).type('html').send(this.views.render('operations-confirm', context));
      return;
    }
    try {
      await this.operations.cancelInstance(actor, key, { reason: body.reason });
    } catch (error) {
      if (!(error instanceof DomainError) || error.httpStatus === HttpStatus.FORBIDDEN) throw error;
      const context = await this.pages.instancePage(key, csrfTokenOf(req), { errors: [error.message] });
      res.status(error.httpStatus).type('html').send(this.views.render('operations-instance', context));
      return;
    }
    res.redirect(303, `/betrieb/instanzen/${key}?erfolg=abgebrochen`);
  }

  /** runs a retry and goes back to the list or the instance; a refusal shows the page with its message */
  private async act(
    req: Request,
    res: Response,
    back: 'liste' | 'instanz' | undefined,
    action: () => Promise<ActionResultView>,
  ): Promise<void> {
    let result: ActionResultView;
    try {
      result = await action();
    } catch (error) {
      if (!(error instanceof DomainError) || error.httpStatus === HttpStatus.FORBIDDEN) throw error;
      const context = await this.pages.listPage({}, csrfTokenOf(req), { errors: [error.message] });
      res.status(error.httpStatus).type('html').send(this.views.render('operations', context));
      return;
    }
    const instanceKey = result.action.processInstanceKey;
    if (back === 'instanz' && instanceKey) {
      res.redirect(303, `/betrieb/instanzen/${instanceKey}?erfolg=wiederholt`);
    } else {
      res.redirect(303, '/betrieb?erfolg=wiederholt');
    }
  }
}
