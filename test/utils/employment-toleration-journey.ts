import { CasesService, type Person } from '../../src/cases';
import { addMonths } from '../../src/common/calendar';
import { createPerson } from '../factories/person.factory';
import type { Scenario } from './scenario';

/**
 * The Beschäftigungsduldung (§ 60d AufenthG) as the scenario specs drive it: a tolerated, employed person
 * who entered in 2019 (identity clarified 2023) with a Duldung § 60a for 2 years, and the forms of a
 * person meeting G1–G7.
 */
export async function tolerationApplicant(
  s: Scenario,
  today: string,
  options: { child?: boolean } = {},
): Promise<{ person: Person; child?: Person }> {
  return s.inContext(async () => {
    const cases = s.service(CasesService);
    const person = await createPerson(cases, {
      dateOfBirth: '1990-04-12',
      nationalities: ['AFG'],
      entryDate: '2019-05-10',
      identityEvidence: 'passport',
      identityClarifiedOn: '2023-03-01',
      municipality: 'Zeitz',
    });
    await cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: addMonths(today, -24),
        conditions: { workAllowed: true },
      },
      { idempotencyPrefix: `test-duldung-${person.id}` },
    );
    if (!options.child) return { person };
    const household = await cases.createHousehold({ municipality: 'Zeitz' });
    await cases.setHousehold(person.id, household.id);
    const child = await createPerson(cases, {
      givenNames: 'Samir',
      dateOfBirth: addMonths(today, -12 * 8),
      nationalities: ['AFG'],
      householdId: household.id,
    });
    return { person, child };
  });
}

/** the application form (abh-employment-toleration-application) of a person meeting G1–G7 */
export function employmentApplication(today: string, overrides: Record<string, unknown> = {}) {
  return {
    entryDate: '2019-05-10',
    identityEvidence: 'passport',
    identityClarifiedOn: '2023-03-01',
    identityAllStepsTaken: false,
    identityDelayNotAttributable: false,
    workBan: false,
    employerName: 'Muster Logistik GmbH',
    contractType: 'permanent',
    employmentSince: addMonths(today, -18),
    weeklyHours: 30,
    subjectToSocialInsurance: true,
    employmentInterruptionDays: 0,
    germanOralLevel: 'A2',
    germanCertificateDate: '2024-06-01',
    integrationCourseObliged: false,
    bzrReceivedOn: today,
    bzrApplicantConvictions: 0,
    extremistLinks: false,
    expulsionOrder: false,
    removalOrder58a: false,
    schoolAgeChildren: 0,
    docEmploymentContract: true,
    docPayslips: true,
    docSocialInsurance: true,
    docIdentity: true,
    docLanguageCertificate: true,
    ...overrides,
  };
}

/** the LG form: 12 net incomes above the need */
export function livelihood() {
  const incomes = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`netIncomeMonth${String(i + 1).padStart(2, '0')}`, 1650.5]),
  );
  return { ...incomes, currentNetIncome: 1700, monthlyNeed: 1200, benefitsReceivedLast12Months: false };
}
