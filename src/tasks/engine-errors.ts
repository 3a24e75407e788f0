/** gRPC status 5 (NOT_FOUND) as the SDK reports it: a number `code`, or "5 NOT_FOUND: …" in the message. */
export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 5 || code === 'NOT_FOUND') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /^5 NOT_FOUND\b/.test(message) || /\bNOT_FOUND\b/.test(message);
}
