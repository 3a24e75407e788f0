import { enforcementCheck, type EnforcementFacts } from './return-enforcement.rules';

const base: EnforcementFacts = {
  today: '2026-05-04',
  departureDeadline: '2026-04-02',
  plannedRemovalDate: '2026-06-10',
};

describe('enforcementCheck (announcement and UMA handover)', () => {
  it.each<[string, string, Partial<EnforcementFacts>, string, string, string]>([
    [
      '§ 59 Abs. 1 S. 8 AufenthG',
      'deadline expired: must not announce',
      {},
      'ready',
      'must-not-announce',
      'NO_ANNOUNCEMENT',
    ],
    [
      '§ 59 Abs. 1 S. 8 AufenthG',
      'no deadline set: must not announce',
      { departureDeadline: null },
      'ready',
      'must-not-announce',
      'NO_ANNOUNCEMENT',
    ],
    [
      '§ 59 Abs. 1 S. 8 AufenthG',
      'deadline still running: announcing is not yet barred',
      { departureDeadline: '2026-05-10' },
      'ready',
      'may-announce',
      'DEADLINE_RUNNING',
    ],
    [
      '§ 58 Abs. 1 S. 1 AufenthG',
      'removal planned before the deadline ends',
      { departureDeadline: '2026-06-10' },
      'blocked',
      'may-announce',
      'REMOVAL_BEFORE_DEADLINE_END',
    ],
    [
      '§ 60a Abs. 5a AufenthG',
      'Duldung > 1 year revoked, child under 12: announce one month ahead',
      { duldungRevoked: true, duldungSince: '2025-01-15', childrenDatesOfBirth: ['2018-02-01'] },
      'ready',
      'announce',
      'ANNOUNCE_ONE_MONTH',
    ],
    [
      '§ 60a Abs. 5a AufenthG',
      'removal date under a month away is too early',
      {
        duldungRevoked: true,
        duldungSince: '2025-01-15',
        childrenDatesOfBirth: ['2018-02-01'],
        plannedRemovalDate: '2026-05-20',
      },
      'blocked',
      'announce',
      'REMOVAL_DATE_TOO_EARLY',
    ],
    [
      '§ 59 Abs. 1 S. 8 AufenthG',
      'Duldung held under 1 year: exception does not apply',
      { duldungRevoked: true, duldungSince: '2025-09-01', childrenDatesOfBirth: ['2018-02-01'] },
      'ready',
      'must-not-announce',
      'NO_ANNOUNCEMENT',
    ],
    [
      '§ 59 Abs. 1 S. 8 AufenthG',
      'children 12 or older: exception does not apply',
      { duldungRevoked: true, duldungSince: '2025-01-15', childrenDatesOfBirth: ['2013-01-01'] },
      'ready',
      'must-not-announce',
      'NO_ANNOUNCEMENT',
    ],
    [
      '§ 58 Abs. 1a AufenthG',
      'UMA without handover: blocked',
      { unaccompaniedMinor: true },
      'blocked',
      'must-not-announce',
      'UMA_HANDOVER_MISSING',
    ],
    [
      '§ 58 Abs. 1a AufenthG',
      'UMA with handover to a guardian: ready',
      { unaccompaniedMinor: true, handoverEnsured: true, handoverTo: 'guardian' },
      'ready',
      'must-not-announce',
      'UMA_HANDOVER_ENSURED',
    ],
  ])('%s: %s', (paragraph, _case, facts, decision, announcement, code) => {
    const result = enforcementCheck({ ...base, ...facts });
    expect(result.decision).toBe(decision);
    expect(result.announcement).toBe(announcement);
    const reason = result.reasons.find((r) => r.code === code);
    expect(reason?.paragraph).toBe(paragraph);
  });

  it('§ 60a Abs. 5a AufenthG: announce by one month before the planned date', () => {
    const result = enforcementCheck({
      ...base,
      duldungRevoked: true,
      duldungSince: '2025-01-15',
      childrenDatesOfBirth: ['2020-03-01'],
    });
    expect(result.announceBy).toBe('2026-05-10');
  });
});
