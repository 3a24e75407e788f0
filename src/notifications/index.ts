export { NotificationsModule } from './notifications.module';
export {
  NotificationsService,
  type NotificationList,
  type NotificationSettings,
} from './notifications.service';
export { NotificationMailer } from './notification-mailer.service';
export * from './notifications.types';
