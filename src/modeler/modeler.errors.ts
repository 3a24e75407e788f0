import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common';

export class ModelNotFoundError extends DomainError {
  readonly code = 'MODEL_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

export class VersionNotFoundError extends DomainError {
  readonly code = 'VERSION_NOT_FOUND';
  override readonly httpStatus = HttpStatus.NOT_FOUND;
}

/** the upload is larger than the platform accepts (2 MB) */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  override readonly httpStatus = HttpStatus.PAYLOAD_TOO_LARGE;
}

/** a file the platform refuses to store; `errors` has one German line per problem */
abstract class InvalidModelError extends DomainError {
  override readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor(
    message: string,
    /** one German line per problem (line and column where known) */
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

/** not well-formed XML, a DOCTYPE or entity, unknown elements, or not the expected process */
export class InvalidBpmnError extends InvalidModelError {
  readonly code = 'INVALID_BPMN';
}

/** not JSON, or not a form-js schema (type "default", components array), or not the expected form */
export class InvalidFormError extends InvalidModelError {
  readonly code = 'INVALID_FORM';
}

/** the file name names neither a .bpmn nor a .form file */
export class UnsupportedFileError extends DomainError {
  readonly code = 'UNSUPPORTED_FILE';
  override readonly httpStatus = HttpStatus.BAD_REQUEST;
}

export interface LintErrorEntry {
  elementId: string;
  rule: string;
  message: string;
}

/** lint errors block submission; each names the element */
export class LintErrorsError extends DomainError {
  readonly code = 'LINT_ERRORS';
  override readonly httpStatus = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(readonly errors: LintErrorEntry[]) {
    super(
      `Die Version hat ${errors.length === 1 ? 'einen Prüffehler' : `${errors.length} Prüffehler`} und kann nicht eingereicht werden: ${errors
        .slice(0, 5)
        .map((e) => `${e.elementId}: ${e.message}`)
        .join('; ')}${errors.length > 5 ? ' …' : ''}`,
    );
  }
}

/** nobody approves or rejects a version they saved or submitted themselves (four-eyes principle) */
export class SelfApprovalError extends DomainError {
  readonly code = 'SELF_APPROVAL';
  override readonly httpStatus = HttpStatus.FORBIDDEN;
}

/** the action does not fit the version's status (e.g. approving a draft) */
export class VersionStatusError extends DomainError {
  readonly code = 'VERSION_STATUS';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

/** the version was edited from an older version than the one deployed since */
export class StaleVersionError extends DomainError {
  readonly code = 'STALE_VERSION';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

/** the engine refused the deployment; the version stays submitted */
export class DeploymentFailedError extends DomainError {
  readonly code = 'DEPLOYMENT_FAILED';
  override readonly httpStatus = HttpStatus.BAD_GATEWAY;
}
