import {
  asylblgAnalogDue,
  baApprovalFictionDue,
  complaintAcknowledgementDue,
  DEADLINE_KIND_CODES,
  DEADLINE_KINDS,
  departureDue,
  duldungExpiryDue,
  hearingDue,
  month27Due,
  timerInstant,
  trainingEndDue,
  umaDistributionDue,
  umaNotificationDue,
  wiedervorlageDue,
} from './deadline-kinds';

const RETURN_PARAMS = { removalWarningDefaultDays: 30, manifestlyUnfoundedDays: 7, withdrawalDays: 7 };

describe('deadline kinds', () => {
  it('every kind names its legal basis and what it counts', () => {
    for (const code of DEADLINE_KIND_CODES) {
      expect(DEADLINE_KINDS[code].code).toBe(code);
      expect(DEADLINE_KINDS[code].legalBasis).not.toBe('');
    }
    expect(DEADLINE_KINDS['uma-notification'].counting).toBe('werktage');
    expect(DEADLINE_KINDS['complaint-acknowledgement'].counting).toBe('working-days');
  });

  // § 42a Abs. 4 S. 1 SGB VIII: 7 Werktage (Mon–Sat without holidays in Saxony-Anhalt), start day not counted
  it.each([
    ['Mon start, Saturday counts', '2026-11-23', '2026-12-01'],
    ['Fri start: Saturdays 28.11. and 5.12. count', '2026-11-27', '2026-12-05'],
    ['Christmas and New Year not counted, Saturday 2.1. ends it', '2026-12-22', '2027-01-02'],
    ['Reformationstag (31.10., Saxony-Anhalt) not counted', '2026-10-27', '2026-11-05'],
  ])('uma-notification (§ 42a Abs. 4 S. 1 SGB VIII): %s', (_, start, due) => {
    expect(umaNotificationDue(start)).toBe(due);
  });

  // § 42b Abs. 4 Nr. 4 SGB VIII with § 188 Abs. 2, 3 BGB
  it.each([
    ['ordinary month', '2026-11-28', '2026-12-28'],
    ['month end of a short month', '2027-01-31', '2027-02-28'],
    ['leap year: 29 February', '2028-01-31', '2028-02-29'],
    ['from 29 February', '2028-02-29', '2028-03-29'],
  ])('uma-distribution (§ 42b Abs. 4 Nr. 4 SGB VIII): %s', (_, start, due) => {
    expect(umaDistributionDue(start)).toBe(due);
  });

  // complaint standard [local], § 187 Abs. 1 BGB: 3 working days Mon–Fri
  it.each([
    ['Friday receipt: Saturday is no working day', '2026-11-27', '2026-12-02'],
    ['Easter: Good Friday and Easter Monday not counted', '2027-03-25', '2027-04-01'],
    ['Christmas Day not counted, 24.12. is a working day', '2026-12-23', '2026-12-29'],
    ['Reformationstag 2025 (Friday) not counted', '2025-10-30', '2025-11-05'],
  ])('complaint-acknowledgement (Servicestandard [local], § 187 Abs. 1 BGB): %s', (_, received, due) => {
    expect(complaintAcknowledgementDue(received)).toBe(due);
  });

  // § 28 VwVfG: 2 weeks as calendar days, not moved by the platform (the BPMN timer waits exactly this)
  it.each([
    ['ordinary', '2026-11-28', '2026-12-12'],
    ['over the turn of the year', '2026-12-20', '2027-01-03'],
    ['February of a leap year', '2028-02-20', '2028-03-05'],
    ['February of a common year', '2027-02-20', '2027-03-06'],
  ])('hearing (§ 28 VwVfG): %s', (_, letterOn, due) => {
    expect(hearingDue(letterOn)).toBe(due);
  });

  it.each([
    ['ordinary', '2026-11-28', '2026-12-12'],
    ['into a holiday (26.12.)', '2026-12-12', '2026-12-26'],
  ])('ba-approval-fiction (§ 36 Abs. 2 BeschV): %s', (_, requestedOn, due) => {
    expect(baApprovalFictionDue(requestedOn)).toBe(due);
  });

  // § 60d with § 25b Abs. 6 AufenthG, § 188 Abs. 2, 3 BGB
  it.each([
    ['ordinary', '2026-01-15', '2028-04-15'],
    ['month end into February', '2024-11-30', '2027-02-28'],
    ['into a leap day', '2025-11-29', '2028-02-29'],
  ])('month-27-60d (§ 60d AufenthG): %s', (_, validFrom, due) => {
    expect(month27Due(validFrom)).toBe(due);
  });

  // § 2 Abs. 1 S. 1 AsylbLG (36 months since 27.02.2024)
  it.each([
    ['ordinary', '2023-03-15', undefined, '2026-03-15'],
    ['from 29 February (leap) to a common year', '2024-02-29', undefined, '2027-02-28'],
    ['restarted after a significant interruption', '2023-03-15', '2024-05-10', '2027-05-10'],
  ])('asylblg-36-months (§ 2 Abs. 1 S. 1 AsylbLG): %s', (_, stayStart, interruptionEndedOn, due) => {
    expect(asylblgAnalogDue(stayStart, { interruptionEndedOn })).toBe(due);
  });

  // § 38 Abs. 1, 3 AsylG; § 36 Abs. 1 AsylG; § 59 Abs. 1 AufenthG: not moved off a Sunday
  it.each([
    ['§ 38 Abs. 1 AsylG: 30 days, ending on a Sunday', 'asylum-rejected', '2026-11-27', {}, '2026-12-27'],
    ['§ 36 Abs. 1 AsylG: one week', 'asylum-manifestly-unfounded', '2026-11-27', {}, '2026-12-04'],
    [
      '§ 38 Abs. 3 AsylG: 3 months, month end',
      'asylum-withdrawn',
      '2026-11-30',
      { voluntaryDepartureDeclared: true, requestedMonths: 3 },
      '2027-02-28',
    ],
  ])('departure: %s', (_, basis, obligationDate, extra, due) => {
    expect(
      departureDue({ basis, obligationDate, ...extra } as Parameters<typeof departureDue>[0], RETURN_PARAMS),
    ).toBe(due);
  });

  it('duldung-expiry (§ 60a Abs. 4 AufenthG), training-end-60c (§ 60c Abs. 1 AufenthG), wiedervorlage: the date itself', () => {
    expect(duldungExpiryDue('2028-02-29')).toBe('2028-02-29');
    expect(trainingEndDue('2027-07-31')).toBe('2027-07-31');
    expect(wiedervorlageDue('2026-12-24')).toBe('2026-12-24');
    expect(() => duldungExpiryDue('2027-02-29')).toThrow(RangeError);
  });

  it.each([
    ['end of the due day, winter time', 'uma-notification', '2026-12-01', '2026-12-01T23:00:00Z'],
    ['end of the due day, summer time', 'duldung-expiry', '2026-07-31', '2026-07-31T22:00:00Z'],
    ['start of the day (month 27)', 'month-27-60d', '2027-02-28', '2027-02-27T23:00:00Z'],
    ['start of the day (Wiedervorlage), summer time', 'wiedervorlage', '2027-06-01', '2027-05-31T22:00:00Z'],
  ] as const)('timer instant: %s', (_, kind, dueOn, at) => {
    expect(timerInstant(kind, dueOn)).toBe(at);
  });
});
