import { benefitsEndOnReturn, type BenefitEventFact } from './return-benefits.rules';

const started: BenefitEventFact = { type: 'BenefitStarted', occurredOn: '2025-01-10', seq: 1 };
const ended: BenefitEventFact = { type: 'BenefitEnded', occurredOn: '2025-06-30', seq: 2 };
const restarted: BenefitEventFact = { type: 'BenefitStarted', occurredOn: '2025-09-01', seq: 3 };

describe('benefitsEndOnReturn', () => {
  it.each<
    [
      string,
      string,
      BenefitEventFact[],
      'voluntary' | 'deported' | 'absconded',
      string,
      string | null,
      string,
    ]
  >([
    [
      '§ 1 Abs. 3 S. 1 AsylbLG',
      'voluntary departure ends running benefits',
      [started],
      'voluntary',
      'end',
      'departure',
      'DEPARTED',
    ],
    [
      '§ 1 Abs. 3 S. 1 AsylbLG',
      'deportation ends running benefits',
      [started],
      'deported',
      'end',
      'departure',
      'DEPORTED',
    ],
    [
      '§ 1 Abs. 1 AsylbLG',
      'absconded: benefits stopped',
      [started],
      'absconded',
      'end',
      'absconded',
      'WHEREABOUTS_UNKNOWN',
    ],
    [
      '§ 1 Abs. 3 AsylbLG',
      'no benefits ever started',
      [],
      'voluntary',
      'nothing-running',
      null,
      'NO_BENEFITS',
    ],
    [
      '§ 1 Abs. 3 AsylbLG',
      'benefits already ended',
      [started, ended],
      'voluntary',
      'nothing-running',
      null,
      'NO_BENEFITS',
    ],
    [
      '§ 1 Abs. 3 S. 1 AsylbLG',
      'started again after an end',
      [started, ended, restarted],
      'voluntary',
      'end',
      'departure',
      'DEPARTED',
    ],
  ])('%s: %s', (paragraph, _case, events, outcome, decision, reason, code) => {
    const result = benefitsEndOnReturn(events, outcome, '2026-04-20');
    expect(result.decision).toBe(decision);
    expect(result.reason).toBe(reason);
    expect(result.endOn).toBe(decision === 'end' ? '2026-04-20' : null);
    expect(result.reasons.find((r) => r.code === code)?.paragraph).toBe(paragraph);
  });
});
