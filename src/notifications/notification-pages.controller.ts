import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { PageErrorFilter } from '../web/page-error.filter';
import { csrfTokenOf, str, type PageForm } from '../web/page-form';
import type { PageContext } from '../web/views.service';
import { ViewsService } from '../web/views.service';
import { NotificationMailer } from './notification-mailer.service';
import { NotificationSettingsInvalidError } from './notifications.errors';
import { NotificationsService, type NotificationSettings } from './notifications.service';
import { EMAIL_MODES, type EmailMode } from './notifications.types';

const MODE_LABELS: Record<EmailMode, string> = {
  immediate: 'sofort bei jeder Benachrichtigung',
  digest: 'einmal täglich als Tagesübersicht',
  off: 'keine E-Mails',
};

const MESSAGES: Record<string, string> = {
  gespeichert: 'Ihre E-Mail-Einstellungen sind gespeichert.',
  gelesen: 'Alle Benachrichtigungen sind als gelesen markiert.',
};

const formatWhen = (iso: string): string =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));

/** The page /benachrichtigungen: the user's notifications and their e-mail settings (plain form posts). */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('benachrichtigungen')
export class NotificationPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async page(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: PageForm,
  ): Promise<void> {
    const message = MESSAGES[str(query.erfolg) ?? ''] ?? '';
    const context = await this.context(actor, req, await this.notifications.settings(actor), message, []);
    res.type('html').send(this.views.render('notifications', context));
  }

  @Post('einstellungen')
  async saveSettings(
    @CurrentUser() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: PageForm,
  ): Promise<void> {
    const input = {
      email: (str(body.email) ?? '').trim() || null,
      emailMode: (str(body.emailMode) ?? 'off') as EmailMode,
    };
    try {
      await this.notifications.updateSettings(actor, input);
    } catch (error) {
      if (!(error instanceof NotificationSettingsInvalidError)) throw error;
      const context = await this.context(actor, req, input, '', [error.message]);
      res.status(422).type('html').send(this.views.render('notifications', context));
      return;
    }
    res.redirect(303, '/benachrichtigungen?erfolg=gespeichert');
  }

  @Post('gelesen')
  async readAll(@CurrentUser() actor: Actor, @Res() res: Response): Promise<void> {
    await this.notifications.markAllRead(actor);
    res.redirect(303, '/benachrichtigungen?erfolg=gelesen');
  }

  private async context(
    actor: Actor,
    req: Request,
    settings: NotificationSettings,
    message: string,
    errors: string[],
  ): Promise<PageContext> {
    const list = await this.notifications.list(actor);
    return {
      title: 'Benachrichtigungen',
      userName: actor.displayName,
      csrfToken: csrfTokenOf(req),
      message,
      errors,
      unread: list.unread,
      items: list.items.map((n) => ({ ...n, when: formatWhen(n.updatedAt) })),
      email: settings.email ?? '',
      mailOff: !this.mailer.enabled,
      modes: EMAIL_MODES.map((value) => ({
        value,
        label: MODE_LABELS[value],
        checked: value === settings.emailMode,
      })),
    };
  }
}
