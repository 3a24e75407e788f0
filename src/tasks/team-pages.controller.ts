import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Injectable,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { CsrfTokenInvalidError } from '../auth/auth.errors';
import { ViewsService } from '../web/views.service';
import { TeamAssignFormDto, TeamPageQueryDto } from './team-pages.dto';
import { TeamPagesService } from './team-pages.service';
import type { PageOutcome } from './task-pages.service';

/**
 * A form post of the team page without a valid CSRF token (a stale page, or a forged request) or with
 * input no form of the page sends: a German page instead of the API's JSON answer.
 */
@Catch(CsrfTokenInvalidError, BadRequestException)
@Injectable()
export class TeamPageErrorFilter implements ExceptionFilter {
  constructor(private readonly views: ViewsService) {}

  catch(exception: CsrfTokenInvalidError | BadRequestException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const csrf = exception instanceof CsrfTokenInvalidError;
    res
      .status(csrf ? 403 : 400)
      .type('html')
      .send(
        this.views.render('task-error', {
          title: csrf ? 'Sicherheitsprüfung fehlgeschlagen' : 'Ungültige Eingabe',
          userName: req.user?.displayName ?? null,
          csrfToken: req.session?.csrfToken ?? null,
          heading: csrf ? 'Sicherheitsprüfung fehlgeschlagen' : 'Ungültige Eingabe',
          text: csrf
            ? 'Das Sicherheitstoken fehlt oder ist ungültig; es wurde nichts geändert. Bitte öffnen Sie die Teamübersicht neu.'
            : 'Die Angaben konnten nicht verarbeitet werden; es wurde nichts geändert. Bitte öffnen Sie die Teamübersicht neu.',
        }),
      );
  }
}

/** The team lead's page: workload per person and bulk assignment (issue 4 § 2). */
@ApiExcludeController()
@UseFilters(TeamPageErrorFilter)
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
    this.send(res, await this.pages.page(actor, query, req.session.csrfToken ?? null));
  }

  /** "Ausgewählte Aufgaben zuweisen an …" (a plain form post, works without scripts) */
  @Post('zuweisen')
  async assign(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() form: TeamAssignFormDto,
  ): Promise<void> {
    this.send(res, await this.pages.assign(actor, form, req.session.csrfToken ?? null));
  }

  private send(res: Response, outcome: PageOutcome): void {
    res.status(outcome.status).type('html').send(this.views.render(outcome.view, outcome.context));
  }
}
