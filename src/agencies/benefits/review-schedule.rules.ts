/**
 * The next Prüftermin of a running benefit case (BRIEF § 3, "Events"): the earliest of
 * - the reminder one month before the waiting period of § 2 AsylbLG is completed (§ 3 recipients),
 * - the day it is completed, when the § 2 gateway is run again,
 * - the review of a § 1a reduction after 6 months (§ 14 Abs. 2 AsylbLG),
 * - the Wiedervorlage every 6 months [local].
 * Only dates after today count (a reminder whose day has passed has been dealt with by the check that
 * computed it). Periods come in as parameters.
 */
import { addMonths } from '../../common/calendar';
import type { BenefitBasis } from './benefit-basis.rules';

export type ReviewReason = 'analog-reminder' | 'analog-due' | 'reduction-review' | 'wiedervorlage';

export const REVIEW_REASON_TEXT: Record<ReviewReason, string> = {
  'analog-reminder': 'Erinnerung: in einem Monat ist die Wartezeit für Leistungen nach § 2 AsylbLG erfüllt',
  'analog-due': 'Wartezeit nach § 2 Abs. 1 AsylbLG erfüllt: Leistungsgrundlage neu bestimmen',
  'reduction-review': 'Überprüfung der Anspruchseinschränkung nach § 14 Abs. 2 AsylbLG',
  wiedervorlage: 'Regelmäßige Wiedervorlage des Leistungsfalls',
};

export interface ReviewFacts {
  today: string;
  basis: BenefitBasis;
  analogDueOn: string | null;
  reductionReviewOn: string | null;
}

export interface ReviewParams {
  /** reminder this many months before the waiting period is completed (1) */
  analogReminderMonths: number;
  /** Wiedervorlage interval in months (6 [local]) */
  wiedervorlageMonths: number;
}

/** candidates in priority order for equal dates */
export function nextReview(
  facts: ReviewFacts,
  params: ReviewParams,
): { on: string; reason: ReviewReason; text: string } {
  const candidates: { on: string; reason: ReviewReason }[] = [];
  if (facts.basis === '§3' && facts.analogDueOn) {
    candidates.push({ on: facts.analogDueOn, reason: 'analog-due' });
  }
  if (facts.reductionReviewOn) candidates.push({ on: facts.reductionReviewOn, reason: 'reduction-review' });
  if (facts.basis === '§3' && facts.analogDueOn) {
    candidates.push({
      on: addMonths(facts.analogDueOn, -params.analogReminderMonths),
      reason: 'analog-reminder',
    });
  }
  candidates.push({ on: addMonths(facts.today, params.wiedervorlageMonths), reason: 'wiedervorlage' });
  const future = candidates.filter((c) => c.on > facts.today);
  const next = future.reduce((best, c) => (c.on < best.on ? c : best));
  return { ...next, text: REVIEW_REASON_TEXT[next.reason] };
}
