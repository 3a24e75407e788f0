import { nextReview, type ReviewFacts } from './review-schedule.rules';

const PARAMS = { analogReminderMonths: 1, wiedervorlageMonths: 6 };
const facts = (overrides: Partial<ReviewFacts>): ReviewFacts => ({
  today: '2026-03-10',
  basis: '§3',
  analogDueOn: null,
  reductionReviewOn: null,
  ...overrides,
});

describe('next Prüftermin of a running case', () => {
  it.each<[string, Partial<ReviewFacts>, string, string]>([
    ['Wiedervorlage every 6 months [local]', { basis: '§2' }, '2026-09-10', 'wiedervorlage'],
    [
      '§ 2 Abs. 1 AsylbLG: reminder 1 month before 36 months',
      { analogDueOn: '2026-06-01' },
      '2026-05-01',
      'analog-reminder',
    ],
    [
      '§ 2 Abs. 1 AsylbLG: reminder passed → the day 36 months are reached',
      { analogDueOn: '2026-03-25' },
      '2026-03-25',
      'analog-due',
    ],
    [
      '§ 2 Abs. 1 AsylbLG: far away → Wiedervorlage first',
      { analogDueOn: '2028-01-01' },
      '2026-09-10',
      'wiedervorlage',
    ],
    [
      '§ 2 Abs. 1 AsylbLG: no timer for § 2 recipients',
      { basis: '§2', analogDueOn: '2026-04-01' },
      '2026-09-10',
      'wiedervorlage',
    ],
    [
      '§ 14 Abs. 2 AsylbLG: review of a reduction',
      { reductionReviewOn: '2026-08-01' },
      '2026-08-01',
      'reduction-review',
    ],
    [
      '§ 14 Abs. 2 AsylbLG before § 2 Abs. 1 on the same day',
      { analogDueOn: '2026-08-01', reductionReviewOn: '2026-08-01' },
      '2026-07-01',
      'analog-reminder',
    ],
  ])('%s', (_p, overrides, on, reason) => {
    expect(nextReview(facts(overrides), PARAMS)).toMatchObject({ on, reason });
  });

  it('§ 2 Abs. 1 AsylbLG: the 36-month day wins a tie with the reduction review', () => {
    expect(
      nextReview(
        facts({ today: '2026-07-15', analogDueOn: '2026-08-01', reductionReviewOn: '2026-08-01' }),
        PARAMS,
      ),
    ).toMatchObject({ on: '2026-08-01', reason: 'analog-due' });
  });
});
