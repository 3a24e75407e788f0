import {
  acknowledgementContent,
  closingOutcome,
  complaintDeadlines,
  complaintReference,
  statementDueOn,
} from './complaint.rules';

const params = { acknowledgementWorkingDays: 3, statementWorkingDays: 10, replyMonths: 1 };

describe('complaintDeadlines: acknowledgement within 3 working days [local]', () => {
  it.each([
    ['§ 187 Abs. 1 BGB', 'Monday → Thursday', '2026-03-02', '2026-03-05'],
    ['§ 187 Abs. 1 BGB', 'Thursday, over a weekend → Tuesday', '2026-03-05', '2026-03-10'],
    ['§ 187 Abs. 1 BGB', 'Friday, over a weekend → Wednesday', '2026-03-06', '2026-03-11'],
    ['§ 187 Abs. 1 BGB', 'received on a Saturday → Wednesday', '2026-03-07', '2026-03-11'],
    [
      '§ 187 Abs. 1 BGB',
      'Maundy Thursday, over Good Friday and Easter Monday → Thursday',
      '2026-04-02',
      '2026-04-09',
    ],
    [
      '§ 187 Abs. 1 BGB',
      'Tuesday before Epiphany (06.01., holiday in Saxony-Anhalt) → Friday',
      '2026-01-05',
      '2026-01-09',
    ],
    [
      '§ 187 Abs. 1 BGB',
      'Friday before Reformation Day (31.10.2025 is a Friday, holiday in Saxony-Anhalt)',
      '2025-10-30',
      '2025-11-05',
    ],
  ])('%s: %s', (paragraph, _case, receivedOn, acknowledgeBy) => {
    const result = complaintDeadlines(receivedOn, params);
    expect(result.acknowledgeBy).toBe(acknowledgeBy);
    expect(result.reasons.find((r) => r.code === 'ACKNOWLEDGE_WORKING_DAYS')?.paragraph).toContain(paragraph);
  });

  it.each([
    ['§ 188 Abs. 2 BGB', '2026-03-02', '2026-04-02'],
    ['§ 188 Abs. 3 BGB', '2026-01-31', '2026-02-28'],
  ])('%s: reply within 1 month of %s → %s', (_paragraph, receivedOn, replyBy) => {
    expect(complaintDeadlines(receivedOn, params).replyBy).toBe(replyBy);
  });

  it('takes the period from the parameter', () => {
    expect(complaintDeadlines('2026-03-02', { ...params, acknowledgementWorkingDays: 5 }).acknowledgeBy).toBe(
      '2026-03-09',
    );
  });
});

describe('statementDueOn: statement within 10 working days [local]', () => {
  it.each([
    ['Monday → Monday two weeks later', '2026-03-02', '2026-03-16'],
    ['over Easter (Good Friday, Easter Monday)', '2026-03-30', '2026-04-15'],
  ])('%s', (_case, requestedOn, due) => {
    expect(statementDueOn(requestedOn, params)).toBe(due);
  });
});

describe('acknowledgementContent', () => {
  it.each([
    [
      '§ 70 VwGO, § 84 SGG',
      'decision: notice that deadlines are not stopped',
      'decision',
      true,
      'NO_SUSPENSION_OF_DEADLINES',
      true,
    ],
    [
      'Servicestandard der Beschwerdestelle [local]',
      'service: no notice',
      'service',
      true,
      'ACKNOWLEDGED_IN_TIME',
      false,
    ],
    [
      'Servicestandard der Beschwerdestelle [local]',
      'anonymous without contact: no letter',
      'staff-conduct',
      false,
      'NO_CONTACT',
      false,
    ],
  ] as const)('%s: %s', (paragraph, _case, category, contactAvailable, code, notice) => {
    const result = acknowledgementContent({
      category,
      contactAvailable,
      acknowledgedOn: '2026-03-03',
      acknowledgeBy: '2026-03-05',
    });
    expect(result.deadlineNotice).toBe(notice);
    expect(result.letter).toBe(contactAvailable);
    expect(result.reasons.find((r) => r.code === code)?.paragraph).toBe(paragraph);
  });

  it('flags a late acknowledgement', () => {
    const result = acknowledgementContent({
      category: 'service',
      contactAvailable: true,
      acknowledgedOn: '2026-03-06',
      acknowledgeBy: '2026-03-05',
    });
    expect(result.inTime).toBe(false);
    expect(result.reasons.map((r) => r.code)).toContain('ACKNOWLEDGED_LATE');
  });
});

describe('complaintReference', () => {
  it.each([
    [2026, 1, 'BS-2026-00001'],
    [2026, 12345, 'BS-2026-12345'],
  ])('%i / %i → %s', (year, n, ref) => expect(complaintReference(year, n)).toBe(ref));

  it.each([0, 100000, 1.5])('refuses %p', (n) =>
    expect(() => complaintReference(2026, n)).toThrow(RangeError),
  );
});

describe('closingOutcome (ComplaintClosed.outcome)', () => {
  it.each([
    ['§ 70 Abs. 1 VwGO', 'legal-remedy', null, 'legal remedy'],
    ['Servicestandard der Beschwerdestelle [local]', 'other-authority', null, 'forwarded'],
    ['Servicestandard der Beschwerdestelle [local]', 'praise', null, 'praise'],
    ['Servicestandard der Beschwerdestelle [local]', 'internal', 'justified', 'justified'],
    ['Servicestandard der Beschwerdestelle [local]', 'internal', 'partly justified', 'partly justified'],
    ['Servicestandard der Beschwerdestelle [local]', 'internal', 'unfounded', 'unfounded'],
  ] as const)('%s: %s / %s → %s', (paragraph, route, assessment, outcome) => {
    const result = closingOutcome(route, assessment);
    expect(result.outcome).toBe(outcome);
    expect(result.reasons[0].paragraph).toBe(paragraph);
  });

  it('refuses an internal complaint without assessment', () => {
    expect(() => closingOutcome('internal', null)).toThrow(RangeError);
  });
});
