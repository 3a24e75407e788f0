import { departureDeadline, type DepartureDeadlineFacts } from './return-deadline.rules';

const params = { removalWarningDefaultDays: 30, manifestlyUnfoundedDays: 7, withdrawalDays: 7 };

describe('departureDeadline (Ausreisefrist)', () => {
  it.each<
    [
      string,
      string,
      Partial<DepartureDeadlineFacts> & Pick<DepartureDeadlineFacts, 'basis'>,
      string,
      string | null,
      string,
    ]
  >([
    [
      '§ 59 Abs. 1 S. 1 AufenthG',
      'removal warning, default period [local]',
      { basis: 'removal-warning' },
      'deadline',
      '2026-04-02',
      'REMOVAL_WARNING',
    ],
    [
      '§ 59 Abs. 1 S. 1 AufenthG',
      'removal warning, 7 days (minimum)',
      { basis: 'removal-warning', requestedDays: 7 },
      'deadline',
      '2026-03-10',
      'REMOVAL_WARNING',
    ],
    [
      '§ 59 Abs. 1 S. 1 AufenthG',
      'removal warning, 30 days (maximum)',
      { basis: 'removal-warning', requestedDays: 30 },
      'deadline',
      '2026-04-02',
      'REMOVAL_WARNING',
    ],
    [
      '§ 59 Abs. 1 S. 1 und 2 AufenthG',
      'under 7 days without a reason is invalid',
      { basis: 'removal-warning', requestedDays: 3 },
      'invalid',
      null,
      'PERIOD_TOO_SHORT',
    ],
    [
      '§ 59 Abs. 1 S. 2 Nr. 1 AufenthG',
      'absconding risk: 3 days',
      { basis: 'removal-warning', requestedDays: 3, abscondingRisk: true },
      'deadline',
      '2026-03-06',
      'ABSCONDING_RISK',
    ],
    [
      '§ 59 Abs. 1 S. 2 Nr. 2 AufenthG',
      'danger: no period at all',
      { basis: 'removal-warning', requestedDays: 0, publicSafetyDanger: true },
      'no-deadline',
      '2026-03-03',
      'PUBLIC_SAFETY_DANGER',
    ],
    [
      '§ 59 Abs. 1 S. 1 und 4 AufenthG',
      'over 30 days without special circumstances is invalid',
      { basis: 'removal-warning', requestedDays: 45 },
      'invalid',
      null,
      'PERIOD_TOO_LONG',
    ],
    [
      '§ 59 Abs. 1 S. 4 AufenthG',
      'special circumstances: 45 days',
      { basis: 'removal-warning', requestedDays: 45, specialCircumstances: true },
      'deadline',
      '2026-04-17',
      'PERIOD_EXTENDED',
    ],
    [
      '§ 38 Abs. 1 S. 1 AsylG',
      'asylum rejected: 30 days',
      { basis: 'asylum-rejected' },
      'deadline',
      '2026-04-02',
      'ASYLUM_REJECTED',
    ],
    [
      '§ 38 Abs. 1 S. 2 AsylG',
      'after an action: 30 days after the final decision',
      { basis: 'asylum-rejected', finalCourtDecisionDate: '2026-06-15' },
      'deadline',
      '2026-07-15',
      'ASYLUM_REJECTED_AFTER_ACTION',
    ],
    [
      '§ 36 Abs. 1 AsylG',
      'manifestly unfounded: one week [?]',
      { basis: 'asylum-manifestly-unfounded' },
      'deadline',
      '2026-03-10',
      'MANIFESTLY_UNFOUNDED',
    ],
    [
      '§ 38 Abs. 2 AsylG',
      'withdrawal: one week [?]',
      { basis: 'asylum-withdrawn' },
      'deadline',
      '2026-03-10',
      'WITHDRAWAL',
    ],
    [
      '§ 38 Abs. 3 AsylG',
      'withdrawal with declaration: 3 months',
      { basis: 'asylum-withdrawn', voluntaryDepartureDeclared: true },
      'deadline',
      '2026-06-03',
      'WITHDRAWAL_VOLUNTARY',
    ],
    [
      '§ 38 Abs. 3 AsylG',
      'withdrawal with declaration: 2 months asked',
      { basis: 'asylum-withdrawn', voluntaryDepartureDeclared: true, requestedMonths: 2 },
      'deadline',
      '2026-05-03',
      'WITHDRAWAL_VOLUNTARY',
    ],
    [
      '§ 38 Abs. 3 AsylG',
      'more than 3 months is invalid',
      { basis: 'asylum-withdrawn', voluntaryDepartureDeclared: true, requestedMonths: 4 },
      'invalid',
      null,
      'WITHDRAWAL_PERIOD_TOO_LONG',
    ],
  ])('%s: %s', (paragraph, _case, facts, decision, deadline, code) => {
    const result = departureDeadline({ obligationDate: '2026-03-03', ...facts }, params);
    expect(result.decision).toBe(decision);
    expect(result.deadline).toBe(deadline);
    expect(result.reasons.map((r) => r.code)).toContain(code);
    expect(result.reasons.map((r) => r.paragraph)).toContain(paragraph);
  });

  it('§ 188 Abs. 2 BGB: a month period ends on the same day number, or the last day of a shorter month', () => {
    const result = departureDeadline(
      { basis: 'asylum-withdrawn', obligationDate: '2026-11-30', voluntaryDepartureDeclared: true },
      params,
    );
    expect(result.deadline).toBe('2027-02-28');
  });

  it('takes the [?] one-week period from the parameter, not a constant', () => {
    const result = departureDeadline(
      { basis: 'asylum-manifestly-unfounded', obligationDate: '2026-03-03' },
      { ...params, manifestlyUnfoundedDays: 10 },
    );
    expect(result.deadline).toBe('2026-03-13');
  });
});
