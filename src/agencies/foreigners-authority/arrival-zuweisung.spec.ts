import { mainPersonIndex, zuweisungProblems, type ZuweisungPerson } from './arrival-zuweisung';

const adult = (
  role: ZuweisungPerson['role'],
  dateOfBirth: string | null = '1990-01-01',
): ZuweisungPerson => ({ familyName: 'Test', givenNames: 'A', dateOfBirth, role });
const minor = (role: ZuweisungPerson['role'] = 'child'): ZuweisungPerson => ({
  familyName: 'Test',
  givenNames: 'K',
  dateOfBirth: '2015-01-01',
  role,
});

describe('mainPersonIndex (the person whose file number is the caseId)', () => {
  it.each<[string, ZuweisungPerson[], number]>([
    ['the adult applicant', [minor(), adult('spouse'), adult('applicant')], 2],
    [
      'the first adult when the applicant is a minor (married minor with adult spouse)',
      [minor('applicant'), adult('spouse')],
      1,
    ],
    ['a person of unknown age counts as adult', [minor(), adult('other', null)], 1],
    ['the first person when all are minors (UMA candidate)', [minor('applicant'), minor('child')], 0],
  ])('%s', (_label, persons, index) => {
    expect(mainPersonIndex(persons, '2026-12-01')).toBe(index);
  });
});

describe('zuweisungProblems', () => {
  const ok = { reference: 'ZASt-1', arrivalDate: '2026-12-01', persons: [adult('applicant')] };

  it('accepts a complete Zuweisung', () => {
    expect(zuweisungProblems(ok)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['no payload', undefined, 'variable zuweisung is missing'],
    ['no reference', { ...ok, reference: ' ' }, 'zuweisung.reference is missing'],
    [
      'arrival date not ISO',
      { ...ok, arrivalDate: '01.12.2026' },
      'zuweisung.arrivalDate must be YYYY-MM-DD',
    ],
    ['no persons', { ...ok, persons: [] }, 'zuweisung.persons must list at least one person'],
    [
      'a person without family name',
      { ...ok, persons: [{ ...adult('applicant'), familyName: '' }] },
      'zuweisung.persons[0].familyName is missing',
    ],
    [
      'an unknown role',
      { ...ok, persons: [{ ...adult('applicant'), role: 'uncle' }] },
      'zuweisung.persons[0].role must be one of applicant, spouse, child, other',
    ],
    [
      'a date of birth not ISO',
      { ...ok, persons: [{ ...adult('applicant'), dateOfBirth: '1990' }] },
      'zuweisung.persons[0].dateOfBirth must be YYYY-MM-DD or null',
    ],
  ])('refuses %s', (_label, payload, problem) => {
    expect(zuweisungProblems(payload)).toContain(problem);
  });
});
