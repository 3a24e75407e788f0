/**
 * The federal registers the agency must consult but the platform cannot reach: the Ausländerzentral-
 * register (AZR, Bundesverwaltungsamt), the Bundeszentralregister (BZR, Bundesamt für Justiz) and the
 * BAMF's asylum file. Each sits behind an adapter; the default adapter answers nothing itself: it records
 * that a request is due and the process lets a caseworker record the register's answer in a user task.
 * Never invent a register answer.
 */
export const REGISTERS = ['AZR', 'BZR', 'BAMF'] as const;
export type Register = (typeof REGISTERS)[number];

export interface RegisterQuery {
  register: Register;
  personId: string;
  caseId: string;
  /** whose record: "applicant", "spouse", "child", … */
  subject: string;
  /** why the agency asks (purpose limitation), e.g. "Prüfung § 60d AufenthG" */
  purpose: string;
}

export type RegisterResponse =
  | { mode: 'manual'; requestedAt: string }
  | { mode: 'automatic'; requestedAt: string; answer: Record<string, unknown> };

export interface RegisterAdapter {
  readonly register: Register;
  request(query: RegisterQuery): Promise<RegisterResponse>;
}

/** injection token of the adapters (one per register) */
export const REGISTER_ADAPTERS = Symbol('REGISTER_ADAPTERS');

/** The default: the caseworker queries the register through the agency's existing access and records the answer. */
export class ManualRegisterAdapter implements RegisterAdapter {
  constructor(readonly register: Register) {}

  request(): Promise<RegisterResponse> {
    return Promise.resolve({ mode: 'manual', requestedAt: new Date().toISOString() });
  }
}
