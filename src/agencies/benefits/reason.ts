import type { Reason } from '../../common/rules/rule-result';

/** One reason of a benefits decision: a stable code, a German text for the caseworker, the paragraph. */
export type BenefitReason = Reason;
