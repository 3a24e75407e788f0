import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';

export class AnalyticsProcessNotFoundError extends DomainError {
  readonly code = 'PROCESS_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

export class AnalyticsVersionNotFoundError extends DomainError {
  readonly code = 'VERSION_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

export class AnalyticsElementNotFoundError extends DomainError {
  readonly code = 'ELEMENT_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

/** a bad `von`/`bis` (no date, or von after bis); the message names the parameter */
export class InvalidPeriodError extends DomainError {
  readonly code = 'INVALID_PERIOD';
  override readonly httpStatus = HttpStatus.BAD_REQUEST;
}
