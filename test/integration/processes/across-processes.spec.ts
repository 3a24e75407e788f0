/**
 * One person across processes: a running AsylbLG case and a bed in a GU; the return management ends in a
 * voluntary departure, which ends the benefit case (message AusreiseOderUntertauchen from LG's closing
 * step), frees the bed (start listener of the end event) and leaves only "Ausgereist" in force. The case
 * file links both processes.
 */
import { AccommodationService } from '../../../src/agencies/accommodation/accommodation.service';
import { CasesService } from '../../../src/cases';
import { addMonths } from '../../../src/common/calendar';
import { createFacility } from '../../factories/accommodation.factory';
import { createPerson } from '../../factories/person.factory';
import { departVoluntarily } from '../../utils/return-journey';
import { useScenarioApp } from '../../utils/scenario';

describe('a person across processes: benefits, accommodation, return', () => {
  const s = useScenarioApp();

  it('a voluntary departure ends the benefit case, frees the bed and ends the status', async () => {
    const today = await s.today();
    const cases = s.service(CasesService);
    const accommodation = s.service(AccommodationService);
    const person = await createPerson(cases, {
      nationalities: ['GEO'],
      entryDate: addMonths(today, -10),
      dateOfBirth: '1990-04-12',
    });
    await cases.startStatusEpisode(
      person.id,
      { type: 'Aufenthaltsgestattung', legalBasis: '§ 55 AsylG', validFrom: addMonths(today, -10) },
      { idempotencyPrefix: `test-${person.id}` },
    );
    await createFacility(accommodation, { rooms: [2] });
    const bed = await accommodation.allocate({
      personIds: [person.id],
      vulnerable: false,
      preferFlat: false,
      on: addMonths(today, -9),
    });
    expect(bed.bedIds).toHaveLength(1);

    // the running § 3 benefit case
    const benefits = await s.start('asylblg-benefits', {
      personId: person.id,
      caseId: person.fileNumber,
      needKnownOn: today,
    });
    await s.completeUserTask(benefits, 'Task_DatenErfassen', {
      recordedBy: 'SB1',
      needKnownOn: today,
      accommodationType: 'GU',
      partnerInHousehold: false,
      earnedIncomeGross: 0,
      earnedIncomeNet: 0,
      otherIncome: 0,
      assets: 0,
      housingCosts: 0,
      paymentCardId: 'BK-ST-000999',
      reductionGround: 'none',
      significantInterruption: false,
      abuseFound: false,
      receivedAnalogOnCutoff: false,
    });
    await s.completeUserTask(benefits, 'Task_Freigeben', { approvedBy: 'ZP2', approvalDecision: 'approved' });
    await s.waitForElement(benefits, 'Gw_Leistungsbezug', 'ELEMENT_ACTIVATED');

    // return management: asylum rejected, voluntary departure with REAG/GARP
    const ret = await s.start('return-management', {
      personId: person.id,
      caseId: person.fileNumber,
      obligationBasis: 'asylum-rejected',
      obligationDate: today,
    });
    await s.completeUserTask(ret, 'Task_PersonBelehren', {
      instructedOn: today,
      instructionLanguage: 'Georgisch',
      interpreterPresent: true,
      documentsHandedOver: true,
      returnProgrammesNoticeGiven: true,
    });
    const departureDate = await departVoluntarily(s, ret, person.fileNumber, {
      today,
      departureInDays: 10,
      azrReference: 'AZR-0815',
    });
    expect(await s.waitForEnd(ret)).toEqual(['End_Abgeschlossen']);

    // the benefit case ended through the message, with one BenefitEnded(departure)
    expect(await s.waitForEnd(benefits)).toEqual(['End_Eingestellt']);
    const events = await cases.events(person.id);
    expect(events.filter((e) => e.type === 'BenefitEnded').map((e) => e.payload)).toEqual([
      { reason: 'departure', on: departureDate },
    ]);
    expect(events.filter((e) => e.type === 'VoluntaryDeparture').map((e) => e.occurredOn)).toEqual([
      departureDate,
    ]);

    // the bed is free from the departure day, the status is "Ausgereist"
    expect(await accommodation.currentAllocation(person.id)).toBeNull();
    expect((await cases.statusAt(person.id, departureDate)).map((e) => e.type)).toEqual(['Ausgereist']);
    expect((await cases.processLinks(person.id)).map((l) => l.bpmnProcessId).sort()).toEqual([
      'asylblg-benefits',
      'return-management',
    ]);
  });
});
