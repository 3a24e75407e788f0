import type { Person } from '../../src/cases';
import type { Scenario } from './scenario';

/** form lg-benefits-record for a household in a flat with 400 € rent and no income */
export const benefitsRecord = (needKnownOn: string, overrides: Record<string, unknown> = {}) => ({
  recordedBy: 'SB1',
  needKnownOn,
  accommodationType: 'Wohnung',
  partnerInHousehold: false,
  earnedIncomeGross: 0,
  earnedIncomeNet: 0,
  otherIncome: 0,
  assets: 150,
  housingCosts: 400,
  paymentCardId: 'BK-ST-000123',
  reductionGround: 'none',
  significantInterruption: false,
  abuseFound: false,
  receivedAnalogOnCutoff: false,
  ...overrides,
});

/** the four-eyes release of the benefits decision */
export const benefitsApproval = { approvedBy: 'ZP2', approvalDecision: 'approved' };

/** starts asylblg-benefits for a person, records and releases: the benefits run (Gw_Leistungsbezug) */
export async function grantBenefits(s: Scenario, person: Person, needKnownOn: string): Promise<string> {
  const pi = await s.start('asylblg-benefits', {
    personId: person.id,
    caseId: person.fileNumber,
    needKnownOn,
  });
  await s.completeUserTask(pi, 'Task_DatenErfassen', benefitsRecord(needKnownOn));
  await s.completeUserTask(pi, 'Task_Freigeben', benefitsApproval);
  await s.waitForElement(pi, 'Gw_Leistungsbezug', 'ELEMENT_ACTIVATED');
  return pi;
}
