import { CasesService, type Person } from '../../src/cases';
import { addDays, addMonths } from '../../src/common/calendar';
import { createPerson } from '../factories/person.factory';
import type { Scenario } from './scenario';

/**
 * The Ausbildungsduldung (§ 60c AufenthG) as the scenario specs drive it: a tolerated person who entered
 * three years ago (passport two months after entry, asylum claim rejected), the application form of a
 * company training as Anlagenmechaniker, and the register answers (AZR/BZR) without exclusions.
 */
export function toleratedPerson(s: Scenario, today: string, duldungSince: string): Promise<Person> {
  return s.inContext(async () => {
    const cases = s.service(CasesService);
    const entryDate = addMonths(today, -36);
    const person = await createPerson(cases, {
      nationalities: ['SYR'],
      entryDate,
      identityEvidence: 'passport',
      identityClarifiedOn: addMonths(entryDate, 2),
    });
    await cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: duldungSince,
        conditions: { workAllowed: true },
      },
      { idempotencyPrefix: `test-duldung-${person.id}` },
    );
    return person;
  });
}

/** the application form (case Nr. 2 unless overridden) */
export function trainingApplication(
  today: string,
  trainingStart: string,
  overrides: Record<string, unknown> = {},
) {
  const entryDate = addMonths(today, -36);
  return {
    applicationDate: today,
    occupation: 'Anlagenmechaniker für Sanitär-, Heizungs- und Klimatechnik',
    trainingType: 'company',
    stateRecognised: true,
    regularDurationMonths: 42,
    trainingStart,
    trainingEnd: addDays(addMonths(trainingStart, 36), -1),
    trainingProvider: 'Muster Haustechnik GmbH',
    trainingProviderAddress: 'Industriestraße 4\n06618 Naumburg (Saale)',
    chamber: 'HWK',
    chamberRegistrationNumber: 'HWK 2026/0815',
    chamberRegistrationAppliedOn: today,
    caseType: 'nr2',
    enteredToObtainBenefits: false,
    removalBlockedByOwnFault: false,
    withdrawalAfterCounselling: false,
    umaChildInterest: false,
    toleratedOnCutoffWithoutApplication: false,
    identityEvidence: 'passport',
    identityClarifiedOn: addMonths(entryDate, 2),
    allReasonableStepsInTime: false,
    delayNotOwnFault: false,
    residencePermitWanted: false,
    ...overrides,
  };
}

/** the AZR/BZR answers of the check: asylum rejected, no conviction, no exclusion */
export function trainingRegisters(
  today: string,
  duldungSince: string,
  overrides: Record<string, unknown> = {},
) {
  const entryDate = addMonths(today, -36);
  return {
    entryDate,
    duldungSince,
    duldung60bDays: 0,
    asylumOutcome: 'rejected',
    asylumApplicationDate: addDays(entryDate, 10),
    asylumOutcomeDate: addMonths(entryDate, 14),
    bzrIntentionalConviction: false,
    extremistLinks: false,
    expulsionOrder: false,
    removalOrder58a: false,
    obviousAbuse: false,
    ...overrides,
  };
}

/** the active instance of a called process under the case's instance (waits for it) */
export async function activeChild(
  s: Scenario,
  parent: string,
  processId: string,
  skip: string[] = [],
): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const rows = await s.inContext(() =>
      s.orm.em
        .getConnection()
        .execute<{ key: string }[]>(
          `select key::text as key from engine.process_instance where parent_process_instance_key = ? and bpmn_process_id = ? and state = 'ACTIVE' order by key`,
          [parent, processId],
        ),
    );
    const found = rows.map((r) => r.key).find((k) => !skip.includes(k));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no active ${processId} under ${parent}`);
}
