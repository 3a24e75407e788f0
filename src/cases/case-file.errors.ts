import { HttpStatus } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common';

/** the actor may not read this person's case file (no unit of theirs works on it) */
export class CaseFileForbiddenError extends DomainError {
  readonly code = 'CASE_FILE_FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor(details?: Record<string, string>) {
    super('Sie haben keinen Zugriff auf diese Fallakte.', details);
  }
}

/** searching and creating persons (intake) needs a caseworker, team-lead or admin role */
export class IntakeForbiddenError extends DomainError {
  readonly code = 'INTAKE_FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor() {
    super('Für die Eingangszone fehlt Ihnen die Berechtigung.');
  }
}

export class DocumentNotFoundError extends NotFoundError {
  override readonly code = 'DOCUMENT_NOT_FOUND';
}

/** the process is not on the list of processes a caseworker may start for a person */
export class ProcessNotStartableError extends DomainError {
  readonly code = 'PROCESS_NOT_STARTABLE';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;
}

/** start variables missing or of the wrong type; `errors` names each one */
export class StartVariablesInvalidError extends DomainError {
  readonly code = 'START_VARIABLES_INVALID';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(readonly errors: { key: string; message: string }[]) {
    super('Die Startangaben sind nicht gültig.');
  }
}

export class ProcessModelNotFoundError extends NotFoundError {
  override readonly code = 'PROCESS_MODEL_NOT_FOUND';
}
