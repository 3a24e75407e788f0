/**
 * End of AsylbLG benefits when the return procedure ends (BRIEF § 6 Nr. 8, 14: "Eligibility ends with
 * departure"; "if not found … end benefits"). Pure: the person's benefit events and the outcome in,
 * decision with reasons out. Benefits are running when the latest BenefitStarted is later than the
 * latest BenefitEnded.
 */
import type { BenefitReason } from './reason';

export type ReturnOutcome = 'voluntary' | 'deported' | 'absconded';

export interface BenefitEventFact {
  type: string;
  occurredOn: string;
  /** order of recording (events of the same day) */
  seq: number;
}

export interface ReturnBenefitDecision {
  decision: 'end' | 'nothing-running';
  reason: 'departure' | 'absconded' | null;
  /** last day of entitlement (ISO) */
  endOn: string | null;
  reasons: BenefitReason[];
}

export function benefitsEndOnReturn(
  events: BenefitEventFact[],
  outcome: ReturnOutcome,
  on: string,
): ReturnBenefitDecision {
  const latest = (type: string) =>
    events
      .filter((e) => e.type === type)
      .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.seq - b.seq)
      .pop();
  const started = latest('BenefitStarted');
  const ended = latest('BenefitEnded');
  const running = Boolean(
    started &&
    (!ended ||
      ended.occurredOn < started.occurredOn ||
      (ended.occurredOn === started.occurredOn && ended.seq < started.seq)),
  );
  if (!running) {
    return {
      decision: 'nothing-running',
      reason: null,
      endOn: null,
      reasons: [
        {
          code: 'NO_BENEFITS',
          text: 'Es werden keine Leistungen nach dem AsylbLG bezogen',
          paragraph: '§ 1 Abs. 3 AsylbLG',
        },
      ],
    };
  }
  if (outcome === 'absconded') {
    return {
      decision: 'end',
      reason: 'absconded',
      endOn: on,
      reasons: [
        {
          code: 'WHEREABOUTS_UNKNOWN',
          text: 'Aufenthalt unbekannt: ein tatsächlicher Aufenthalt im Bundesgebiet ist nicht feststellbar, Leistungen werden eingestellt',
          paragraph: '§ 1 Abs. 1 AsylbLG',
        },
      ],
    };
  }
  return {
    decision: 'end',
    reason: 'departure',
    endOn: on,
    reasons: [
      {
        code: outcome === 'voluntary' ? 'DEPARTED' : 'DEPORTED',
        text:
          outcome === 'voluntary'
            ? 'Ausreise: die Leistungsberechtigung endet'
            : 'Abschiebung: die Leistungsberechtigung endet',
        paragraph: '§ 1 Abs. 3 S. 1 AsylbLG',
      },
    ],
  };
}
