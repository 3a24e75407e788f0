import { HttpStatus } from '@nestjs/common';

/**
 * Base of all domain errors. `code` is stable (clients and tests match on it); the message is for
 * people and must not contain personal data. The global filter maps `httpStatus` to the response.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly httpStatus: HttpStatus = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(
    message: string,
    /** ids/keys only, never personal data */
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly code: string = 'NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

export class ConflictError extends DomainError {
  readonly code: string = 'CONFLICT';
  override readonly httpStatus = HttpStatus.CONFLICT;
}
