/** One reason of a benefits decision: a stable code, a German text for the caseworker, the paragraph. */
export interface BenefitReason {
  code: string;
  /** German, for the caseworker and the notice */
  text: string;
  paragraph: string;
}
