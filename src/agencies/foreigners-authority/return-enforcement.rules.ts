/**
 * Preconditions of a removal the ABH checks before it is carried out (BRIEF § 6, "Announcement" and
 * "UMA"). Pure: facts in, decision with reasons out.
 *
 * - Removal only after the departure deadline has expired (§ 58 Abs. 1 S. 1 AufenthG).
 * - Announcement: once the departure deadline has expired, the date of the removal must not be
 *   announced (§ 59 Abs. 1 S. 8 AufenthG). Exception: a Duldung held for more than one year is revoked
 *   and the person lives with children under 12: the removal is announced at least one month ahead
 *   (§ 60a Abs. 5a AufenthG, as the brief states it).
 * - Unaccompanied minor: before removal the ABH must be sure that the minor is handed over to a family
 *   member, a guardian or a suitable facility in the country of return (§ 58 Abs. 1a AufenthG).
 */
import { addMonths, ageOn } from '../../common/calendar';
import type { Reason } from './return-deadline.rules';

export const HANDOVER_RECIPIENTS = ['family', 'guardian', 'facility'] as const;
export type HandoverRecipient = (typeof HANDOVER_RECIPIENTS)[number];

export interface EnforcementFacts {
  /** the day of the check (ISO) */
  today: string;
  /** last day of the departure deadline (ISO); null = none was set */
  departureDeadline: string | null;
  /** the planned removal date (internal, never sent to the person) */
  plannedRemovalDate: string;
  /** a Duldung is being revoked for this removal */
  duldungRevoked?: boolean;
  /** start of the uninterrupted Duldung being revoked (ISO) */
  duldungSince?: string | null;
  /** dates of birth of the children living with the person (ISO) */
  childrenDatesOfBirth?: string[];
  /** the person is an unaccompanied minor on the planned removal date */
  unaccompaniedMinor?: boolean;
  /** § 58 Abs. 1a: the ABH has made sure of the handover */
  handoverEnsured?: boolean;
  handoverTo?: HandoverRecipient | null;
}

export interface EnforcementDecision {
  /** ready = the removal may go ahead; blocked = a precondition is missing */
  decision: 'ready' | 'blocked';
  /** must-not-announce (§ 59 Abs. 1 S. 8), announce (§ 60a Abs. 5a) or may-announce (deadline still running) */
  announcement: 'must-not-announce' | 'announce' | 'may-announce';
  /** latest day on which the announcement must reach the person (announce only) */
  announceBy: string | null;
  reasons: Reason[];
}

export function enforcementCheck(facts: EnforcementFacts): EnforcementDecision {
  const reasons: Reason[] = [];
  let blocked = false;

  if (facts.unaccompaniedMinor) {
    if (facts.handoverEnsured && facts.handoverTo) {
      reasons.push({
        code: 'UMA_HANDOVER_ENSURED',
        text: `Übergabe an ${HANDOVER_TEXT[facts.handoverTo]} im Rückkehrstaat ist sichergestellt`,
        paragraph: '§ 58 Abs. 1a AufenthG',
      });
    } else {
      blocked = true;
      reasons.push({
        code: 'UMA_HANDOVER_MISSING',
        text: 'Unbegleiteter Minderjähriger: Übergabe an Familienangehörige, Personensorgeberechtigte oder eine geeignete Aufnahmeeinrichtung ist nicht sichergestellt',
        paragraph: '§ 58 Abs. 1a AufenthG',
      });
    }
  }

  const deadlineExpired = facts.departureDeadline === null || facts.departureDeadline < facts.today;
  const heldOverOneYear =
    Boolean(facts.duldungRevoked && facts.duldungSince) &&
    addMonths(facts.duldungSince as string, 12) < facts.today;
  const childUnder12 = (facts.childrenDatesOfBirth ?? []).some(
    (dob) => ageOn(dob, facts.plannedRemovalDate) < 12,
  );

  if (heldOverOneYear && childUnder12) {
    const announceBy = addMonths(facts.plannedRemovalDate, -1);
    reasons.push({
      code: 'ANNOUNCE_ONE_MONTH',
      text: 'Widerruf einer seit mehr als einem Jahr bestehenden Duldung bei Kindern unter 12 Jahren: Abschiebung mindestens einen Monat vorher ankündigen',
      paragraph: '§ 60a Abs. 5a AufenthG',
    });
    if (announceBy < facts.today) {
      blocked = true;
      reasons.push({
        code: 'REMOVAL_DATE_TOO_EARLY',
        text: 'Der geplante Abschiebungstermin liegt weniger als einen Monat nach heute; die Ankündigungsfrist ist nicht einzuhalten',
        paragraph: '§ 60a Abs. 5a AufenthG',
      });
    }
    return { decision: blocked ? 'blocked' : 'ready', announcement: 'announce', announceBy, reasons };
  }

  if (facts.departureDeadline !== null && facts.plannedRemovalDate <= facts.departureDeadline) {
    blocked = true;
    reasons.push({
      code: 'REMOVAL_BEFORE_DEADLINE_END',
      text: 'Der geplante Abschiebungstermin liegt nicht nach dem Ende der Ausreisefrist',
      paragraph: '§ 58 Abs. 1 S. 1 AufenthG',
    });
  }
  const decision = blocked ? 'blocked' : 'ready';
  if (deadlineExpired) {
    reasons.push({
      code: 'NO_ANNOUNCEMENT',
      text: 'Die Ausreisefrist ist abgelaufen: der Termin der Abschiebung darf nicht angekündigt werden',
      paragraph: '§ 59 Abs. 1 S. 8 AufenthG',
    });
    return { decision, announcement: 'must-not-announce', announceBy: null, reasons };
  }
  reasons.push({
    code: 'DEADLINE_RUNNING',
    text: 'Die Ausreisefrist läuft noch: das Ankündigungsverbot gilt erst nach ihrem Ablauf',
    paragraph: '§ 59 Abs. 1 S. 8 AufenthG',
  });
  return { decision, announcement: 'may-announce', announceBy: null, reasons };
}

const HANDOVER_TEXT: Record<HandoverRecipient, string> = {
  family: 'ein Mitglied der Familie',
  guardian: 'eine zur Personensorge berechtigte Person',
  facility: 'eine geeignete Aufnahmeeinrichtung',
};
