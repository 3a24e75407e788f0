/**
 * What every legal rule (a pure `*.rules.ts` function) answers: the decision and the reasons for it,
 * each with a stable code, a German text for the caseworker (and the notice) and the paragraph that
 * decides it.
 */
export interface Reason {
  code: string;
  /** German, for the caseworker and quoted in notices */
  text: string;
  paragraph: string;
}

export interface RuleResult<D> {
  decision: D;
  reasons: Reason[];
}
