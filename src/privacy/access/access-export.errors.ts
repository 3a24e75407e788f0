import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../common';

/** the actor may not answer a request for access (Art. 15 DSGVO) about this person */
export class AccessExportForbiddenError extends DomainError {
  readonly code = 'ACCESS_EXPORT_FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor(details?: Record<string, string>) {
    super(
      'Eine Auskunft nach Art. 15 DSGVO erteilen nur die Administration und die Teamleitungen mit Zugriff auf diese Fallakte.',
      details,
    );
  }
}
