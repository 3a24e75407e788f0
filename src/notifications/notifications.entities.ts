import { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';

export const NOTIFICATIONS_ENTITIES = [Notification, NotificationPreference];
