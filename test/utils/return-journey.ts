import { addDays } from '../../src/common/calendar';
import type { Scenario } from './scenario';

/** the counselling form of a person who leaves with REAG/GARP support, alone */
export const REAG_GARP_COUNSELLING = {
  returnProgramme: 'reag-garp',
  travelDocumentStatus: 'valid-passport',
  returnProgrammeApplicationFiled: true,
  returnProgrammeWarningAcknowledged: true,
  travellingAdults: 1,
  travellingMinors: 0,
};

/**
 * Starts return management for a person whose obligation to leave arises today, and instructs the person
 * (Belehrung, in Georgian with an interpreter): the process goes on to its departure deadline.
 */
export async function startReturnCase(
  s: Scenario,
  person: { id: string; fileNumber: string },
  today: string,
  vars: Record<string, unknown>,
): Promise<string> {
  const pi = await s.start('return-management', {
    personId: person.id,
    caseId: person.fileNumber,
    obligationDate: today,
    ...vars,
  });
  await s.completeUserTask(pi, 'Task_PersonBelehren', {
    instructedOn: today,
    instructionLanguage: 'Georgisch',
    interpreterPresent: true,
    documentsHandedOver: true,
    returnProgrammesNoticeGiven: true,
  });
  return pi;
}

/**
 * The voluntary departure of return management as the outside world and the ABH drive it: the person
 * chooses to leave, counselling with REAG/GARP, the support is granted with a departure date, the
 * departure is confirmed and reported to the AZR. Answers the departure date.
 */
export async function departVoluntarily(
  s: Scenario,
  processInstanceKey: string,
  fileNumber: string,
  opts: { today: string; departureInDays: number; azrReference: string },
): Promise<string> {
  await s.publish('FreiwilligeAusreiseGewaehlt', fileNumber);
  await s.completeUserTask(processInstanceKey, 'Task_Rueckkehrberatung', {
    counsellingDate: opts.today,
    ...REAG_GARP_COUNSELLING,
  });
  const departureDate = addDays(opts.today, opts.departureInDays);
  await s.publish('FoerderungBewilligt', fileNumber, { departureDate });
  await s.waitForElement(processInstanceKey, 'Task_AusreiseBestaetigt', 'ELEMENT_ACTIVATED');
  await s.publish('AusreiseBestaetigt', fileNumber, { departedOn: departureDate });
  await s.completeUserTask(processInstanceKey, 'Task_AZRErfassen', {
    azrReportedOn: opts.today,
    azrReference: opts.azrReference,
  });
  return departureDate;
}
