import { HttpStatus } from '@nestjs/common';
import { ConflictError, DomainError, NotFoundError } from '../common';
import type { FieldError } from './follow-up.rules';

/** the input breaks a rule of the follow-up; `errors` names each field with a German message */
export class FollowUpInvalidError extends DomainError {
  readonly code = 'FOLLOW_UP_INVALID';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(readonly errors: FieldError[]) {
    super('Die Angaben zur Wiedervorlage sind nicht gültig.');
  }
}

/** only members of the owning unit (and admins) see and change a follow-up */
export class FollowUpForbiddenError extends DomainError {
  readonly code = 'FOLLOW_UP_FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor(
    details?: Record<string, string>,
    message = 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
  ) {
    super(message, details);
  }
}

export class FollowUpNotFoundError extends NotFoundError {
  override readonly code = 'FOLLOW_UP_NOT_FOUND';

  constructor(details?: Record<string, string>) {
    super('Diese Wiedervorlage gibt es nicht.', details);
  }
}

/** a follow-up marked done is neither moved nor marked done again */
export class FollowUpAlreadyDoneError extends ConflictError {
  override readonly code = 'FOLLOW_UP_ALREADY_DONE';

  constructor(details?: Record<string, string>) {
    super('Die Wiedervorlage ist bereits erledigt.', details);
  }
}
