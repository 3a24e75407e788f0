import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
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
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf, str } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import { CaseFileService } from './case-file.service';
import { CasePagesService, type PersonForm } from './case-pages.service';

type Form = Record<string, string | undefined>;

/** confirmations after the Wiedervorlagen forms of the person page (src/follow-ups) */
const FOLLOW_UP_MESSAGES: Record<string, string> = {
  angelegt: 'Die Wiedervorlage ist gespeichert.',
  verschoben: 'Die Wiedervorlage ist verschoben.',
  erledigt: 'Die Wiedervorlage ist erledigt.',
};

/**
 * The case file pages: the Eingangszone (/eingang: search, create a person) and the person page
 * (/personen/:id: master data, status timeline, processes with their diagram, tasks, documents, notes).
 * Forms post with the session's CSRF token (field `_csrf`) and redirect (303) after success.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class CasePagesController {
  constructor(
    private readonly pages: CasePagesService,
    private readonly caseFile: CaseFileService,
    private readonly views: ViewsService,
  ) {}

  @Get('eingang')
  async intake(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Form,
  ): Promise<void> {
    const q = {
      q: str(query.q),
      name: str(query.name),
      geburtsdatum: str(query.geburtsdatum),
      aktenzeichen: str(query.aktenzeichen),
    };
    const context = await this.pages.intakePage(actor, q, csrfTokenOf(req));
    res.type('html').send(this.views.render('intake', context));
  }

  @Post('eingang/personen')
  async create(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Form,
  ): Promise<void> {
    const form: PersonForm = {
      familyName: str(body.familyName),
      givenNames: str(body.givenNames),
      nameVariants: str(body.nameVariants),
      dateOfBirth: str(body.dateOfBirth),
      nationality: str(body.nationality),
    };
    const { dto, errors } = await this.pages.personFromForm(form);
    if (!dto) {
      const context = await this.pages.intakePage(actor, {}, csrfTokenOf(req), { errors, form });
      res.status(422).type('html').send(this.views.render('intake', context));
      return;
    }
    const person = await this.caseFile.createPerson(actor, dto);
    res.redirect(303, `/personen/${person.id}?angelegt=1`);
  }

  @Get('personen/:id')
  async person(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: Form,
  ): Promise<void> {
    const message =
      query.angelegt === '1'
        ? 'Die Person ist angelegt.'
        : query.gestartet === '1'
          ? 'Der Prozess ist gestartet.'
          : (FOLLOW_UP_MESSAGES[str(query.wiedervorlage) ?? ''] ?? '');
    const context = await this.pages.personPage(actor, id, csrfTokenOf(req), { message });
    res.type('html').send(this.views.render('person', context));
  }

  @Post('personen/:id/prozesse')
  async start(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Form,
  ): Promise<void> {
    const { errors } = await this.pages.startFromForm(actor, id, body);
    if (errors.length) {
      const context = await this.pages.personPage(actor, id, csrfTokenOf(req), { errors });
      res.status(422).type('html').send(this.views.render('person', context));
      return;
    }
    res.redirect(303, `/personen/${id}?gestartet=1#vorgaenge`);
  }

  @Post('personen/:id/notizen')
  async note(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Form,
  ): Promise<void> {
    const text = str(body.text)?.trim() ?? '';
    if (!text || text.length > 5000) {
      const errors = ['Notiz: bitte einen Text mit höchstens 5000 Zeichen eingeben.'];
      const context = await this.pages.personPage(actor, id, csrfTokenOf(req), { errors });
      res.status(422).type('html').send(this.views.render('person', context));
      return;
    }
    await this.caseFile.addNote(actor, id, text);
    res.redirect(303, `/personen/${id}#notizen`);
  }
}
