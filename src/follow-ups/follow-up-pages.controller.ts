import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { CasePagesService } from '../cases/case-pages.service';
import { uuidParam } from '../common/uuid-param.pipe';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf, str, type PageForm } from '../web/page-form';
import { ViewsService } from '../web/views.service';
import {
  FollowUpPagesService,
  PERSON_SECTION_KEY,
  formErrors,
  type NewFollowUpForm,
  type ReturnTo,
} from './follow-up-pages.service';
import { FollowUpsService } from './follow-ups.service';

const LIST_MESSAGES: Record<string, string> = {
  verschoben: 'Die Wiedervorlage ist verschoben.',
  erledigt: 'Die Wiedervorlage ist erledigt.',
  abwesend: 'Ihre Abwesenheit ist gespeichert.',
  anwesend: 'Ihre Abwesenheit ist beendet.',
};

/**
 * The Wiedervorlagen pages: the list (/wiedervorlagen) and the forms of the person page's section.
 * Plain form posts with the session's CSRF token (field `_csrf`), 303 after success, the page again
 * with German messages (422) on invalid input; no access, unknown ids and a missing CSRF token get a
 * German error page (PageErrorFilter).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class FollowUpPagesController {
  constructor(
    private readonly pages: FollowUpPagesService,
    private readonly followUps: FollowUpsService,
    private readonly casePages: CasePagesService,
    private readonly views: ViewsService,
  ) {}

  @Get('wiedervorlagen')
  async list(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: PageForm,
  ): Promise<void> {
    const message = LIST_MESSAGES[str(query.erfolg) ?? ''] ?? '';
    const context = await this.pages.listPage(actor, csrfTokenOf(req), { message });
    res.type('html').send(this.views.render('follow-ups', context));
  }

  @Post('wiedervorlagen/abwesenheit')
  async absence(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: PageForm,
  ): Promise<void> {
    const end = str(body.aktion) === 'beenden';
    try {
      await this.followUps.setAbsence(actor, end ? null : (str(body.absentUntil) ?? '').trim() || null);
    } catch (error) {
      return this.listAgain(actor, req, res, error);
    }
    res.redirect(
      303,
      `/wiedervorlagen?erfolg=${end || !str(body.absentUntil)?.trim() ? 'anwesend' : 'abwesend'}`,
    );
  }

  @Post('personen/:id/wiedervorlagen')
  async create(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidParam('Person')) personId: string,
    @Body() body: PageForm,
  ): Promise<void> {
    const form = { unit: str(body.unit), dueOn: str(body.dueOn), reason: str(body.reason) };
    try {
      await this.followUps.create(actor, personId, form);
    } catch (error) {
      return this.personPageAgain(actor, req, res, personId, error, form);
    }
    res.redirect(303, `/personen/${personId}?wiedervorlage=angelegt#wiedervorlagen`);
  }

  @Post('wiedervorlagen/:id/verschieben')
  async move(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidParam('Wiedervorlage')) id: string,
    @Body() body: PageForm,
  ): Promise<void> {
    return this.change(actor, req, res, id, returnTo(body), 'verschoben', () =>
      this.followUps.move(actor, id, { dueOn: str(body.dueOn), comment: str(body.comment) }),
    );
  }

  @Post('wiedervorlagen/:id/erledigen')
  async done(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidParam('Wiedervorlage')) id: string,
    @Body() body: PageForm,
  ): Promise<void> {
    return this.change(actor, req, res, id, returnTo(body), 'erledigt', () =>
      this.followUps.done(actor, id, { comment: str(body.comment) }),
    );
  }

  /** runs a change and goes back where the form was: the person page or the list */
  private async change(
    actor: Actor,
    req: Request,
    res: Response,
    id: string,
    back: ReturnTo,
    outcome: 'verschoben' | 'erledigt',
    action: () => Promise<{ personId: string }>,
  ): Promise<void> {
    let personId: string;
    try {
      personId = (await action()).personId;
    } catch (error) {
      if (back === 'liste') return this.listAgain(actor, req, res, error);
      if (!formErrors(error)) throw error;
      const { personId: ofPerson } = await this.followUps.get(actor, id);
      return this.personPageAgain(actor, req, res, ofPerson, error);
    }
    if (back === 'person') res.redirect(303, `/personen/${personId}?wiedervorlage=${outcome}#wiedervorlagen`);
    else res.redirect(303, `/wiedervorlagen?erfolg=${outcome}`);
  }

  /** the person page again with the form's German messages (422); other errors go on to the filters */
  private async personPageAgain(
    actor: Actor,
    req: Request,
    res: Response,
    personId: string,
    error: unknown,
    form?: NewFollowUpForm,
  ): Promise<void> {
    const errors = formErrors(error);
    if (!errors) throw error;
    const context = await this.casePages.personPage(actor, personId, csrfTokenOf(req), {
      errors: errors.map((e) => `Wiedervorlage – ${e}`),
      ...(form ? { sections: { [PERSON_SECTION_KEY]: form } } : {}),
    });
    res.status(422).type('html').send(this.views.render('person', context));
  }

  private async listAgain(actor: Actor, req: Request, res: Response, error: unknown): Promise<void> {
    const errors = formErrors(error);
    if (!errors) throw error;
    const context = await this.pages.listPage(actor, csrfTokenOf(req), { errors });
    res.status(422).type('html').send(this.views.render('follow-ups', context));
  }
}

function returnTo(body: PageForm): ReturnTo {
  return str(body.zurueck) === 'person' ? 'person' : 'liste';
}
