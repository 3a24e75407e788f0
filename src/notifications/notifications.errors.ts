import { HttpStatus } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common';

export class NotificationNotFoundError extends NotFoundError {
  override readonly code = 'NOTIFICATION_NOT_FOUND';

  constructor() {
    super('Benachrichtigung nicht gefunden.');
  }
}

/** the e-mail settings break a rule; the message names the field */
export class NotificationSettingsInvalidError extends DomainError {
  readonly code = 'NOTIFICATION_SETTINGS_INVALID';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;
}
