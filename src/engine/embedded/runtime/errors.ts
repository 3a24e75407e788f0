/** A command rejection, mapped to the gRPC status of the same name (as Zeebe's gateway does). */
export type RejectionCode =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED';

export class EngineError extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * What a log line may say of an error: its code or class, never its message (a database error
 * message can quote variable values, which may be personal data).
 */
export function errorCode(e: unknown): string {
  const x = e as { code?: unknown; name?: unknown };
  return typeof x?.code === 'string' ? x.code : typeof x?.name === 'string' ? x.name : 'unknown';
}
