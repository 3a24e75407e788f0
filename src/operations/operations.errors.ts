import { HttpStatus } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common';

export class InstanceNotFoundError extends NotFoundError {
  override readonly code = 'PROCESS_INSTANCE_NOT_FOUND';

  constructor(details?: Record<string, string>) {
    super('Diese Prozessinstanz gibt es nicht (mehr).', details);
  }
}

/** also the engine's answer for an incident that is already resolved */
export class IncidentNotFoundError extends NotFoundError {
  override readonly code = 'INCIDENT_NOT_FOUND';

  constructor(details?: Record<string, string>) {
    super(
      'Diese Störung gibt es nicht (mehr): Sie ist bereits behoben oder die Instanz ist beendet.',
      details,
    );
  }
}

export class FailedJobNotFoundError extends NotFoundError {
  override readonly code = 'FAILED_JOB_NOT_FOUND';

  constructor(details?: Record<string, string>) {
    super(
      'Diesen fehlgeschlagenen Job gibt es nicht (mehr): Er wurde bereits erneut versucht oder die Instanz ist beendet.',
      details,
    );
  }
}

/** the instance has ended: there is nothing to cancel */
export class InstanceNotRunningError extends DomainError {
  readonly code = 'PROCESS_INSTANCE_NOT_RUNNING';
  override readonly httpStatus = HttpStatus.CONFLICT;

  constructor(details?: Record<string, string>) {
    super('Diese Prozessinstanz läuft nicht mehr; es gibt nichts abzubrechen.', details);
  }
}

/** the engine refused the command (details.engineCode: the gRPC status name) */
export class EngineRefusedError extends DomainError {
  readonly code = 'ENGINE_REFUSED';
  override readonly httpStatus = HttpStatus.CONFLICT;
}

/** the engine did not answer */
export class EngineUnavailableError extends DomainError {
  readonly code = 'ENGINE_UNAVAILABLE';
  override readonly httpStatus = HttpStatus.BAD_GATEWAY;

  constructor(details?: Record<string, string>) {
    super(
      'Die Prozess-Engine ist nicht erreichbar; es wurde nichts geändert. Bitte später erneut versuchen.',
      details,
    );
  }
}
