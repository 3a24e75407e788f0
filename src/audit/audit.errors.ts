import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common';

/** "von" after "bis" */
export class AuditPeriodInvalidError extends DomainError {
  readonly code = 'AUDIT_PERIOD_INVALID';
  override readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor() {
    super('Zeitraum: „Von“ liegt nach „Bis“.');
  }
}
