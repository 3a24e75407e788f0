import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { NotificationListDto, NotificationSettingsDto } from './notifications.dto';
import {
  NotificationsService,
  type NotificationList,
  type NotificationSettings,
} from './notifications.service';
import { NotificationStreams } from './notification-streams.service';

/** Notifications over HTTP (issue 8 § 3): always the signed-in user's own. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly streams: NotificationStreams,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Eigene Benachrichtigungen (die neuesten 30) und die Zahl der ungelesenen' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentUser() actor: Actor): Promise<NotificationList> {
    return this.notifications.list(actor);
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'Live-Aktualisierung (Server-Sent Events): Ereignis "count" mit der Zahl der ungelesenen, "notification" bei einer neuen; Heartbeats',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'once', required: false, description: '1: nur den aktuellen Stand senden und schließen' })
  stream(@CurrentUser() actor: Actor, @Res() res: Response, @Query('once') once?: string): Promise<void> {
    return this.streams.open(actor, res, once === '1');
  }

  @Get('settings')
  @ApiOperation({ summary: 'Eigene E-Mail-Einstellungen' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  settings(@CurrentUser() actor: Actor): Promise<NotificationSettings> {
    return this.notifications.settings(actor);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Eigene E-Mail-Einstellungen ändern: Adresse und sofort, täglich oder keine' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  updateSettings(
    @CurrentUser() actor: Actor,
    @Body() body: NotificationSettingsDto,
  ): Promise<NotificationSettings> {
    return this.notifications.updateSettings(actor, body);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Alle eigenen Benachrichtigungen als gelesen markieren' })
  @ApiOkResponse({ type: NotificationListDto })
  readAll(@CurrentUser() actor: Actor): Promise<NotificationList> {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Eine eigene Benachrichtigung als gelesen markieren' })
  @ApiOkResponse({ type: NotificationListDto })
  read(@CurrentUser() actor: Actor, @Param('id') id: string): Promise<NotificationList> {
    return this.notifications.markRead(actor, id);
  }
}
