import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common';
import type { FieldError } from '../forms';

export class TaskNotFoundError extends DomainError {
  readonly code = 'TASK_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

/** the actor is in none of the task's candidate groups and not its assignee */
export class TaskForbiddenError extends DomainError {
  readonly code = 'TASK_FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;
}

/** the action needs the team-lead role for one of the task's units */
export class TeamLeadRequiredError extends DomainError {
  readonly code = 'TEAM_LEAD_REQUIRED';
  override readonly httpStatus = HttpStatus.FORBIDDEN;
}

/** someone else holds the task */
export class TaskAssignedToOtherError extends DomainError {
  readonly code = 'TASK_ASSIGNED_TO_OTHER';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

/** the engine cancelled the task (interrupting event, process cancelled); nothing was completed */
export class TaskCancelledError extends DomainError {
  readonly code = 'TASK_CANCELLED';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

export class TaskAlreadyCompletedError extends DomainError {
  readonly code = 'TASK_ALREADY_COMPLETED';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

/** the submitted data does not pass the task's form; `errors` names each field */
export class FormInvalidError extends DomainError {
  readonly code = 'FORM_INVALID';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(
    readonly errors: FieldError[],
    details?: Record<string, string | number | boolean>,
  ) {
    super('Die Eingaben sind nicht gültig.', details);
  }
}
