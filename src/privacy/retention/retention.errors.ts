import { ConflictError, NotFoundError } from '../../common';

/** a person about whom a process still runs is not erased (issue 7 § 2) */
export class ErasureRefusedRunningProcessError extends ConflictError {
  override readonly code = 'ERASURE_RUNNING_PROCESS';

  constructor(details?: Record<string, string>) {
    super(
      'Die Person kann nicht gelöscht werden: Für sie läuft noch ein Prozess oder eine offene Aufgabe. Bitte den Prozess zuerst abschließen oder abbrechen.',
      details,
    );
  }
}

export class ErasurePersonNotFoundError extends NotFoundError {
  override readonly code = 'PERSON_NOT_FOUND';

  constructor(details?: Record<string, string>) {
    super('Diese Person gibt es nicht (oder sie ist bereits gelöscht).', details);
  }
}
