import type { CasesService, NewPerson, Person } from '../../src/cases';

let counter = 0;

/** A person with valid defaults (synthetic names), inserted through the real CasesService. */
export async function createPerson(cases: CasesService, overrides: Partial<NewPerson> = {}): Promise<Person> {
  counter += 1;
  return cases.createPerson({
    familyName: `Testperson${counter}`,
    givenNames: 'Amal',
    dateOfBirth: '1995-04-12',
    sex: 'female',
    nationalities: ['SYR'],
    entryDate: '2023-03-01',
    identityClarified: true,
    identityEvidence: 'passport',
    identityClarifiedOn: '2023-04-01',
    language: 'ar',
    municipality: 'Naumburg (Saale)',
    ...overrides,
  });
}
