import { OTHER_PERSON, withoutOtherPersons } from './access-export.redaction';

const subject = { id: 'p-1', familyName: 'Haddad', givenNames: 'Amina' };

describe('withoutOtherPersons (Art. 15 Abs. 4 DSGVO)', () => {
  it.each([
    [
      'a Zuweisung keeps the subject and hides the other household members',
      {
        zuweisung: {
          reference: 'ZASt-1',
          persons: [
            { familyName: 'Haddad', givenNames: 'Amina', dateOfBirth: '1990-04-12', role: 'applicant' },
            { familyName: 'Haddad', givenNames: 'Karim', dateOfBirth: '1988-01-30', role: 'spouse' },
          ],
        },
      },
      {
        zuweisung: {
          reference: 'ZASt-1',
          persons: [
            { familyName: 'Haddad', givenNames: 'Amina', dateOfBirth: '1990-04-12', role: 'applicant' },
            OTHER_PERSON,
          ],
        },
      },
    ],
    [
      'members by person id',
      {
        members: [
          { personId: 'p-1', role: 'applicant' },
          { personId: 'p-2', role: 'child' },
        ],
      },
      { members: [{ personId: 'p-1', role: 'applicant' }, OTHER_PERSON] },
    ],
    [
      'names compared without case and surrounding blanks',
      { spouse: { familyName: ' haddad ', givenNames: 'AMINA' } },
      { spouse: { familyName: ' haddad ', givenNames: 'AMINA' } },
    ],
    [
      'values that name nobody stay',
      { personId: 'p-1', caseId: 'MIA-2026-000001', amounts: [1, 2], decision: { code: 'X' } },
      { personId: 'p-1', caseId: 'MIA-2026-000001', amounts: [1, 2], decision: { code: 'X' } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(withoutOtherPersons(input, subject)).toEqual(expected);
  });
});
