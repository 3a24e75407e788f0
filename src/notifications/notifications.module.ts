import { Global, Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { DeadlineNotificationsListener } from './deadline-notifications.listener';
import { NotificationMailer } from './notification-mailer.service';
import { NotificationPagesController } from './notification-pages.controller';
import { NotificationStreams } from './notification-streams.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsHub } from './notifications.hub';
import { NotificationsService } from './notifications.service';
import { TaskNotificationsSubscriber } from './task-notifications.subscriber';

/**
 * Notifications (issue 8 § 3): the bell with its live count (server-sent events), the page
 * /benachrichtigungen, e-mails (immediate or daily digest), and the task sources. Global, so that any
 * module (e.g. the deadlines) can call NotificationsService.notify.
 */
@Global()
@Module({
  imports: [WebModule],
  controllers: [NotificationsController, NotificationPagesController],
  providers: [
    NotificationsHub,
    NotificationsService,
    NotificationMailer,
    NotificationStreams,
    TaskNotificationsSubscriber,
    DeadlineNotificationsListener,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
