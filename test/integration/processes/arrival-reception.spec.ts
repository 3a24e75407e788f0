/**
 * Arrival and reception after Zuweisung (BRIEF § 2, Process 1) with the UMA subprocess, end to end:
 * the embedded engine, the real workers and PostgreSQL. A family from Zuweisung to "in Regelbetreuung"
 * (AsylbLG case started, status episodes and events); a household that never arrives; no capacity,
 * settled by hand; an unaccompanied minor through provisional custody, the one-month timer and the
 * Vormund message; a minor reported directly and distributed to another Land.
 */
import { AccommodationService } from '../../../src/agencies/accommodation/accommodation.service';
import { BenefitCaseStartWorker } from '../../../src/agencies/benefits/benefit-case-start.worker';
import { ArrivalImportWorker } from '../../../src/agencies/foreigners-authority/arrival-import.worker';
import { CasesService } from '../../../src/cases';
import { addDays, addMonths, addWerktage } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import type { ZeebeJob } from '../../../src/engine/zeebe.types';
import { createFacility } from '../../factories/accommodation.factory';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp, type Scenario } from '../../utils/scenario';

const german = (iso: string): string => iso.split('-').reverse().join('.');
let serial = 0;

/** publishes a Zuweisung (message start, no correlation) and returns the new instance's key */
async function publishZuweisung(s: Scenario, zuweisung: Record<string, unknown>): Promise<string> {
  const before = new Set(await s.instancesOf('arrival-reception'));
  // a message start event ignores the correlation key, but Zeebe starts one instance per key at a time
  await s.publish('Zuweisung', String(zuweisung.reference), { zuweisung });
  for (let i = 0; i < 200; i++) {
    const created = (await s.instancesOf('arrival-reception')).filter((k) => !before.has(k));
    if (created.length) return created[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no arrival-reception instance started');
}

async function waitForInstanceOf(s: Scenario, processId: string, known: Set<string>): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const created = (await s.instancesOf(processId)).filter((k) => !known.has(k));
    if (created.length) return created[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${processId} instance started`);
}

/** a job as the engine hands it to a worker, recording the job action the handler takes */
function fakeJob<V>(
  variables: V,
  processInstanceKey: string,
): { job: ZeebeJob<V>; actions: { action: string; value?: unknown }[] } {
  const actions: { action: string; value?: unknown }[] = [];
  const ack = (action: string) => (value?: unknown) => {
    actions.push({ action, value });
    return Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT');
  };
  const job = {
    key: String(BigInt(processInstanceKey) + 1n),
    processInstanceKey,
    bpmnProcessId: 'arrival-reception',
    elementId: 'Test',
    variables,
    customHeaders: {},
    complete: ack('complete'),
    fail: ack('fail'),
    error: ack('error'),
  };
  return { job: job as unknown as ZeebeJob<V>, actions };
}

function family(today: string, name: string) {
  serial += 1;
  return {
    reference: `ZASt-TEST-${serial}-${name}`,
    arrivalDate: today,
    municipality: 'Zeitz',
    receptionCentreSince: addMonths(today, -4),
    persons: [
      {
        familyName: name,
        givenNames: 'Amina',
        dateOfBirth: '1990-04-12',
        sex: 'female',
        nationalities: ['SYR'],
        language: 'ar',
        entryDate: addMonths(today, -4),
        asylumApplicationDate: addMonths(today, -4),
        role: 'applicant',
        vulnerabilities: ['illness'],
      },
      {
        familyName: name,
        givenNames: 'Karim',
        dateOfBirth: '1988-01-30',
        sex: 'male',
        nationalities: ['SYR'],
        entryDate: addMonths(today, -4),
        role: 'spouse',
      },
      {
        familyName: name,
        givenNames: 'Lina',
        dateOfBirth: addMonths(today, -12 * 8),
        sex: 'female',
        nationalities: ['SYR'],
        entryDate: addMonths(today, -4),
        role: 'child',
      },
    ],
  };
}

describe('arrival-reception', () => {
  const s = useScenarioApp();

  beforeAll(async () => {
    // capacity of the district: one GU with three rooms of four beds
    await createFacility(s.service(AccommodationService), {
      name: 'GU Zeitz (Test)',
      municipality: 'Zeitz',
      address: 'Teststraße 1, 06712 Zeitz',
      rooms: [4, 4, 4],
    });
  });

  async function untilArrival(pi: string, today: string, azrExtra: Record<string, unknown> = {}) {
    await s.completeUserTask(pi, 'Task_AzrAuskunftErfassen', {
      azrNumber: '123456789012',
      azrRecordFound: true,
      azrPersonalDataMatch: true,
      azrFurtherRecords: false,
      ...azrExtra,
    });
    await s.completeUserTask(pi, 'Task_UnterbringungBestaetigen', {
      accommodationConfirmed: true,
      zastInformedOn: today,
      accommodationMunicipality: 'Zeitz',
    });
    await s.waitForElement(pi, 'Task_AnkunftAbwarten', 'ELEMENT_ACTIVATED');
  }

  it('family: Zuweisung → GU place → arrival → Aufenthaltsgestattung → AsylbLG case → integration → in Regelbetreuung', async () => {
    const today = await s.today();
    const pi = await publishZuweisung(s, family(today, 'Haddad'));
    await untilArrival(pi, today);

    const variables = await s.variables(pi);
    const caseId = String(variables.caseId);
    const personId = String(variables.personId);
    expect(caseId).toMatch(/^MIA-\d{4}-\d{6}$/);
    expect(variables.umaCandidate).toBe(false);
    expect(variables.householdSize).toBe(3);
    expect(variables.arrivalDeadlineOn).toBe(addDays(today, 2)); // [local] 2 days
    expect(variables.receptionCentreCheck).toMatchObject({ decision: 'assignable' }); // § 47 Abs. 1 AsylG
    expect(variables.accommodation).toMatchObject({ facilityName: 'GU Zeitz (Test)', kind: 'GU' });
    expect((variables.accommodation as { bedIds: string[] }).bedIds).toHaveLength(3);

    const cases = s.service(CasesService);
    const members = variables.members as { personId: string; role: string }[];
    expect(members.map((m) => m.role)).toEqual(['applicant', 'spouse', 'child']);
    // nobody counts as arrived before the arrival is confirmed
    expect((await cases.events(personId)).map((e) => e.type)).not.toContain('PersonArrived');

    const benefitsBefore = new Set(await s.instancesOf('asylblg-benefits'));
    await s.publish('AnkunftBestaetigt', caseId, { arrivedOn: today });
    await s.completeUserTask(pi, 'Task_IdentitaetPruefen', {
      identityEvidence: 'passport',
      identityClarified: true,
      statusDocumentNumber: 'AG1234567',
      statusDocumentValidTo: addMonths(today, 6),
      wohnsitzauflage: 'Zeitz',
      language: 'ar',
      vulnerabilities: ['pregnancy'],
      azrUpdated: true,
    });
    const benefitsInstance = await waitForInstanceOf(s, 'asylblg-benefits', benefitsBefore);

    const firstTalk = await s.userTask(pi, 'Task_Erstgespraech');
    // the first talk is due 14 days [local] after arrival (end of that day, Berlin)
    expect(firstTalk.customHeaders['io.camunda.zeebe:dueDate']).toBeDefined();
    expect(new Date(String(firstTalk.customHeaders['io.camunda.zeebe:dueDate'])).getTime()).toBe(
      new Date(String((await s.variables(pi)).integrationTalkDueAt)).getTime(),
    );
    expect((await s.variables(pi)).integrationTalkDueOn).toBe(addDays(today, 14));
    await s.completeUserTask(pi, 'Task_Erstgespraech', {
      firstTalkOn: addDays(today, 3),
      languageMediatorPresent: true,
      talkLanguage: 'Arabisch',
      consentSigned: true,
      schoolAgeChildren: 1,
      kitaAgeChildren: 0,
      languageCourseNeeded: true,
      counsellingNeeded: false,
    });
    // entry four months ago: the § 61 waiting period of three months has passed
    expect((await s.variables(pi)).workAccessDecision).toBe('possible');
    await s.completeUserTask(pi, 'Task_BildungVermitteln', {
      schoolRegistrationDone: true,
      kitaReferralDone: true,
      courseReferral: 'integrationskurs',
    });
    await s.completeUserTask(pi, 'Task_Profiling', {
      profilingOn: addDays(today, 5),
      highestQualification: 'vocational',
      germanLevel: 'A1',
      workPermitApplicationRecommended: true,
      placementType: 'employment subject to social insurance',
      placementStart: addDays(today, 30),
    });
    await s.completeUserTask(pi, 'Task_IntegrationsplanErstellen', {
      integrationGoals: 'Deutsch A2, Schulbesuch von Lina',
      integrationMeasures: 'Integrationskurs, Schulanmeldung Grundschule Zeitz',
      ksbReferral: true,
      integrationPlanAgreedOn: addDays(today, 10),
    });
    await s.waitForElement(pi, 'Timer_Wiedervorlage', 'ELEMENT_ACTIVATED');
    expect((await s.variables(pi)).wiedervorlageOn).toBe(addMonths(addDays(today, 10), 3)); // [local] 3 months
    await s.advanceClock('P3M');
    await s.advanceClock('P11D');
    expect(await s.waitForEnd(pi)).toEqual(['End_Regelbetreuung']);

    const path = await s.path(pi);
    const order = [
      'Start_Zuweisung',
      'Task_ZuweisungUebernehmen',
      'Task_AzrAnfragen',
      'Task_AzrAuskunftErfassen',
      'Task_UnterkunftZuweisen',
      'Task_UnterbringungBestaetigen',
      'Task_UnterbringungszuweisungErstellen',
      'Task_AnkunftAbwarten',
      'Task_IdentitaetPruefen',
      'Task_AufenthaltErfassen',
      'Task_LeistungenStarten',
      'Task_BezahlkarteAusgeben',
      'Task_Erstgespraech',
      'Task_IntegrationsplanErstellen',
      'Task_IntegrationsplanAusfertigen',
      'Timer_Wiedervorlage',
    ];
    expect(path.filter((id) => order.includes(id))).toEqual(order);
    expect(path).toEqual(
      expect.arrayContaining(['Task_BildungVermitteln', 'Task_Profiling', 'Gateway_ParallelEnde']),
    );
    expect(path).not.toContain('Call_Uma');
    expect(path).not.toContain('Boundary_NichtAngekommen');
    expect(await s.incidents(pi)).toEqual([]);

    // every member: arrived, Aufenthaltsgestattung with Wohnsitzauflage and no permission to work
    for (const member of members) {
      const episodes = await cases.statusAt(member.personId, today);
      expect(
        episodes.map((e) => ({
          type: e.type,
          legalBasis: e.legalBasis,
          validTo: e.validTo,
          conditions: e.conditions,
        })),
      ).toEqual([
        {
          type: 'Aufenthaltsgestattung',
          legalBasis: '§ 55 Abs. 1 AsylG',
          validTo: addMonths(today, 6),
          conditions: {
            workAllowed: false,
            wohnsitzauflage: 'Zeitz',
            other: ['Wohnsitzauflage: Zeitz (§ 60 Abs. 2 AsylG)'],
          },
        },
      ]);
      const types = (await cases.events(member.personId)).map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['PersonArrived', 'StatusEpisodeStarted', 'AccommodationAllocated']),
      );
      expect(types.filter((t) => t === 'PersonArrived')).toHaveLength(1);
      expect((await cases.getPerson(member.personId)).municipality).toBe('Zeitz');
    }
    const mainEvents = await cases.events(personId);
    expect(mainEvents.find((e) => e.type === 'HouseholdCreated')?.payload).toMatchObject({ members: 3 });
    expect(mainEvents.find((e) => e.type === 'PersonArrived')?.payload).toEqual({
      arrivalDate: today,
      zuweisungReference: expect.stringMatching(/^ZASt-TEST-/),
    });
    // BK's referral and IvAF's placement (counted by the Lagebild as a new job, BRIEF § 8), recorded by
    // the end listeners of the two user tasks
    expect(mainEvents.find((e) => e.type === 'EducationReferralMade')?.payload).toMatchObject({
      schoolRegistration: true,
      kitaReferral: true,
      course: 'integrationskurs',
    });
    const placement = mainEvents.find((e) => e.type === 'IvAFPlacement');
    expect(placement?.payload).toEqual({
      type: 'employment subject to social insurance',
      start: addDays(today, 30),
    });
    expect(placement?.occurredOn).toBe(addDays(today, 30));
    const main = await cases.getPerson(personId);
    expect({
      azrNumber: main.azrNumber,
      identityEvidence: main.identityEvidence,
      identityClarified: main.identityClarified,
    }).toEqual({
      azrNumber: '123456789012',
      identityEvidence: 'passport',
      identityClarified: true,
    });

    // the AsylbLG case runs on its own, linked to the person and the household
    const links = await cases.processLinks(personId);
    expect(links.find((l) => l.bpmnProcessId === 'asylblg-benefits')).toMatchObject({
      processInstanceKey: benefitsInstance,
      role: 'subject',
      caseId,
    });
    expect(
      (await cases.processLinks(members[2].personId)).find((l) => l.bpmnProcessId === 'asylblg-benefits')
        ?.role,
    ).toBe('household-member');
    const benefitVariables = await s.variables(benefitsInstance);
    expect({
      personId: benefitVariables.personId,
      caseId: benefitVariables.caseId,
      needKnownOn: benefitVariables.needKnownOn,
    }).toEqual({ personId, caseId, needKnownOn: today });
    expect(await s.instancesOf('asylblg-benefits')).toHaveLength(benefitsBefore.size + 1);

    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.map((d) => d.templateId).sort()).toEqual([
      'bezahlkarte-uebergabe',
      'einwilligung-datenschutz',
      'integrationsplan',
      'unterbringungszuweisung',
    ]);
    const notice = docs.find((d) => d.templateId === 'unterbringungszuweisung')!;
    expect(notice.html).toContain('GU Zeitz (Test)');
    expect(notice.html).toContain('Hausordnung');
    expect(notice.html).toContain('Rechtsbehelfsbelehrung');
    expect(docs.find((d) => d.templateId === 'bezahlkarte-uebergabe')!.html).toContain('50,00 €');
    expect(docs.find((d) => d.templateId === 'integrationsplan')!.html).toContain(
      german(addMonths(addDays(today, 10), 3)),
    );
  });

  it('not arrived: the timer at arrival date + 2 days ends the case with the notice to the ZASt', async () => {
    const today = await s.today();
    serial += 1;
    // the same person is already in the local register (other spelling): the ABH decides
    const existing = await createPerson(s.service(CasesService), {
      familyName: 'Yusef',
      givenNames: 'Samir',
      dateOfBirth: '1996-07-01',
    });
    const pi = await publishZuweisung(s, {
      reference: `ZASt-TEST-${serial}-single`,
      arrivalDate: today,
      municipality: 'Zeitz',
      persons: [
        {
          familyName: 'Yousef',
          givenNames: 'Samir',
          dateOfBirth: '1996-07-01',
          nationalities: ['AFG'],
          role: 'applicant',
        },
      ],
    });
    const azrTask = await s.userTask(pi, 'Task_AzrAuskunftErfassen');
    expect(azrTask.variables.duplicateCandidateFileNumbers).toBe(existing.fileNumber);
    expect(
      s.formErrors('Task_AzrAuskunftErfassen', { azrRecordFound: true }, azrTask.variables).map((e) => e.key),
    ).toEqual(['localDuplicateDecision']);
    await untilArrival(pi, today, {
      localDuplicateDecision: 'same-person',
      duplicateFileNumber: existing.fileNumber,
    });
    const { personId } = await s.variables(pi);
    // a bed is held for the announced arrival
    expect(await s.service(AccommodationService).currentAllocation(String(personId))).not.toBeNull();
    await s.advanceClock('P2D');
    // not yet: the deadline ends at 24:00 on arrival date + 2
    await new Promise((r) => setTimeout(r, 400));
    expect(await s.path(pi)).not.toContain('Boundary_NichtAngekommen');
    await s.advanceClock('P1D');
    expect(await s.waitForEnd(pi)).toEqual(['End_NichtAngekommen']);
    expect(await s.path(pi)).toContain('Boundary_NichtAngekommen');

    const cases = s.service(CasesService);
    expect((await cases.events(String(personId))).map((e) => e.type)).not.toContain('PersonArrived');
    expect(await cases.statusHistory(String(personId))).toEqual([]);
    // the bed held for the person is free again
    expect(await s.service(AccommodationService).currentAllocation(String(personId))).toBeNull();
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.map((d) => d.templateId).sort()).toEqual(['meldung-nichtankunft', 'unterbringungszuweisung']);
    expect(docs.find((d) => d.templateId === 'meldung-nichtankunft')!.html).toContain(
      german(addDays(today, 2)),
    );
  });

  it('no capacity: UV settles it by hand, then the allocation runs again', async () => {
    const today = await s.today();
    serial += 1;
    // ten persons: the GU has nine free beds left (the household that never arrived freed its bed), and a
    // household is never split across facilities
    const persons = Array.from({ length: 10 }, (_, i) => ({
      familyName: 'Rahimi',
      givenNames: `Kind${i}`,
      dateOfBirth: i < 2 ? `198${i}-01-01` : `201${i}-01-01`,
      nationalities: ['AFG'],
      role: i === 0 ? 'applicant' : i === 1 ? 'spouse' : 'child',
    }));
    const pi = await publishZuweisung(s, {
      reference: `ZASt-TEST-${serial}-large`,
      arrivalDate: today,
      municipality: 'Zeitz',
      persons,
    });
    await s.completeUserTask(pi, 'Task_AzrAuskunftErfassen', {
      azrRecordFound: false,
      azrPersonalDataMatch: false,
      azrFurtherRecords: false,
    });
    await s.waitForElement(pi, 'Boundary_KeineKapazitaet');
    await createFacility(s.service(AccommodationService), {
      kind: 'flat',
      name: 'Wohnung Zeitz (Test)',
      municipality: 'Zeitz',
      address: 'Testweg 2, 06712 Zeitz',
      rooms: [5, 5],
    });
    await s.completeUserTask(pi, 'Task_KapazitaetSchaffen', {
      capacityMeasure: 'new-facility',
      capacityRecorded: true,
      capacityNote: 'Wohnung Testweg 2 angemietet',
    });
    await s.waitForElement(pi, 'Task_UnterbringungBestaetigen', 'ELEMENT_ACTIVATED');
    expect((await s.variables(pi)).accommodation).toMatchObject({
      facilityName: 'Wohnung Zeitz (Test)',
      kind: 'flat',
    });
    const path = await s.path(pi);
    expect(path.filter((id) => id === 'Gateway_UnterbringungStart')).toHaveLength(2);
  });

  it('UMA: provisional custody, age by papers, notification within 7 Werktage, no distribution within a month, Vormund', async () => {
    const today = await s.today();
    serial += 1;
    const dateOfBirth = addMonths(today, -12 * 16);
    const pi = await publishZuweisung(s, {
      reference: `ZASt-TEST-${serial}-uma`,
      arrivalDate: today,
      municipality: 'Zeitz',
      persons: [
        {
          familyName: 'Ahmadi',
          givenNames: 'Farid',
          dateOfBirth,
          nationalities: ['AFG'],
          role: 'applicant',
          enteredWith: 'none',
        },
      ],
    });
    const umaBefore = new Set(await s.instancesOf('uma-reception'));
    await s.completeUserTask(pi, 'Task_AzrAuskunftErfassen', {
      azrRecordFound: false,
      azrPersonalDataMatch: false,
      azrFurtherRecords: false,
    });
    const uma = await waitForInstanceOf(s, 'uma-reception', umaBefore);
    const { personId, caseId } = await s.variables(pi);

    await s.completeUserTask(uma, 'Task_AlterFeststellen', {
      idPapersPresented: true,
      idPapersConclusive: true,
      idPapersShowMinor: true,
      ageAssessedDateOfBirth: dateOfBirth,
    });
    await s.waitForElement(uma, 'Task_Screening', 'ELEMENT_ACTIVATED');
    const v = await s.variables(uma);
    expect(v.ageDecision).toBe('minor');
    expect(v.umaNotificationDueOn).toBe(addWerktage(today, 7)); // § 42a Abs. 4 S. 1 SGB VIII
    expect(v.umaDistributionDeadlineOn).toBe(addMonths(today, 1)); // § 42b Abs. 4 Nr. 4 SGB VIII
    await s.completeUserTask(uma, 'Task_Screening', {
      welfareEndangeredByDistribution: false,
      healthPreventsDistribution: false,
      relativeReunificationSoon: false,
      siblingsTogether: false,
      screeningDoneOn: addDays(today, 2),
    });
    await s.waitForElement(uma, 'Gateway_Verteilung', 'ELEMENT_ACTIVATED');
    expect((await s.variables(uma)).distributionExcluded).toBe(false);

    // no distribution decision within one month: excluded, regular custody (§ 42 Abs. 1 Nr. 3)
    await s.advanceClock('P1M');
    await s.advanceClock('P1D');
    await s.completeUserTask(uma, 'Task_VormundAnregen', {
      familyCourtRequestedOn: addMonths(today, 1),
      familyCourt: 'Amtsgericht Naumburg',
      asylumApplicationNeeded: true,
      asylumApplicationFiledOn: addMonths(today, 1),
      identificationMeasuresNeeded: false,
    });
    await s.publish('VormundBestellt', String(caseId), { vormundAppointedOn: addMonths(today, 1) });
    await s.completeUserTask(uma, 'Task_Hilfeplan', {
      carePlanOn: addMonths(today, 1),
      placement: 'group-home',
      abhInformed: true,
      bkInformed: true,
      carePlanGoals: 'Schulbesuch, Deutschkurs, Clearing abgeschlossen',
    });
    expect(await s.waitForEnd(uma)).toEqual(['End_Jugendhilfe']);
    expect(await s.waitForEnd(pi)).toEqual(['End_Jugendhilfe']);

    const umaPath = await s.path(uma);
    expect(umaPath).toEqual(
      expect.arrayContaining([
        'Task_UmaPruefen',
        'Task_VorlaeufigeInobhutnahme',
        'Task_LandesstelleMelden',
        'Timer_EinMonat',
        'Task_Inobhutnahme',
        'Catch_Vormund',
      ]),
    );
    expect(umaPath).not.toContain('Catch_Verteilung');
    expect(umaPath).not.toContain('Boundary_Meldefrist');
    expect(await s.path(pi)).not.toContain('Task_UnterkunftZuweisen');

    const events = await s.service(CasesService).events(String(personId));
    expect(events.find((e) => e.type === 'UMAProvisionalCustodyStarted')?.payload).toEqual({ on: today });
    expect(events.find((e) => e.type === 'UMACustodyStarted')?.payload).toEqual({
      on: addDays(addMonths(today, 1), 1),
    });
    const docs = await s.service(DocumentsService).forProcessInstance(uma);
    expect(docs.map((d) => d.templateId)).toEqual(['uma-meldung-landesverteilstelle']);
    expect(docs[0].html).toContain(german(addWerktage(today, 7)));
  });

  it('UMA found to be of age (§ 42f): the arrival continues on the adult path', async () => {
    const today = await s.today();
    serial += 1;
    const pi = await publishZuweisung(s, {
      reference: `ZASt-TEST-${serial}-age`,
      arrivalDate: today,
      municipality: 'Zeitz',
      persons: [
        {
          familyName: 'Barzani',
          givenNames: 'Aram',
          dateOfBirth: addMonths(today, -12 * 17),
          dateOfBirthEstimated: true,
          nationalities: ['IRQ'],
          role: 'applicant',
        },
      ],
    });
    const umaBefore = new Set(await s.instancesOf('uma-reception'));
    await s.completeUserTask(pi, 'Task_AzrAuskunftErfassen', {
      azrRecordFound: false,
      azrPersonalDataMatch: false,
      azrFurtherRecords: false,
    });
    const uma = await waitForInstanceOf(s, 'uma-reception', umaBefore);
    await s.completeUserTask(uma, 'Task_AlterFeststellen', {
      idPapersPresented: false,
      visualAssessment: 'adult',
      ageAssessedDateOfBirth: '2000-01-01',
      ageAssessmentNote: 'Qualifizierte Inaugenscheinnahme durch zwei Fachkräfte',
    });
    expect(await s.waitForEnd(uma)).toEqual(['End_Volljaehrig']);
    await s.waitForElement(pi, 'Task_UnterbringungBestaetigen', 'ELEMENT_ACTIVATED');
    expect(await s.path(pi)).toEqual(
      expect.arrayContaining(['Call_Uma', 'Gateway_Volljaehrig', 'Task_UnterkunftZuweisen']),
    );

    const { personId } = await s.variables(pi);
    const cases = s.service(CasesService);
    const person = await cases.getPerson(String(personId));
    expect({ dateOfBirth: person.dateOfBirth, estimated: person.dateOfBirthEstimated }).toEqual({
      dateOfBirth: '2000-01-01',
      estimated: true,
    });
    const events = await cases.events(person.id);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['UMAProvisionalCustodyStarted', 'UMAEnded']),
    );
    expect(events.find((e) => e.type === 'UMAEnded')?.payload).toEqual({ on: today, reason: 'of age' });
    expect((await s.variables(pi)).umaOutcome).toBe('adult');
  });

  it('family with a minor cousin who entered without a guardian: the cousin is referred to the Jugendamt', async () => {
    const today = await s.today();
    const zuweisung = family(today, 'Saleh');
    zuweisung.persons.push({
      familyName: 'Darwish',
      givenNames: 'Yara',
      dateOfBirth: addMonths(today, -12 * 15),
      sex: 'female',
      nationalities: ['SYR'],
      entryDate: addMonths(today, -4),
      role: 'other',
      enteredWith: 'other-adult',
    } as (typeof zuweisung.persons)[number]);
    const umaBefore = new Set(await s.instancesOf('uma-reception'));
    const pi = await publishZuweisung(s, zuweisung);
    const uma = await waitForInstanceOf(s, 'uma-reception', umaBefore);
    await s.waitForElement(uma, 'Task_AlterFeststellen', 'ELEMENT_ACTIVATED');
    const { members } = await s.variables(pi);
    const cousin = (members as { personId: string; fileNumber: string; role: string }[]).find(
      (m) => m.role === 'other',
    )!;
    const umaVariables = await s.variables(uma);
    expect({ personId: umaVariables.personId, caseId: umaVariables.caseId }).toEqual({
      personId: cousin.personId,
      caseId: cousin.fileNumber,
    });
    expect((umaVariables.umaReasons as { code: string }[]).map((r) => r.code)).toEqual([
      'UNDER_18',
      'UNACCOMPANIED',
    ]);
    // the family itself goes on the regular path
    expect((await s.variables(pi)).umaCandidate).toBe(false);
    await s.completeUserTask(pi, 'Task_AzrAuskunftErfassen', {
      azrRecordFound: true,
      azrPersonalDataMatch: true,
      azrFurtherRecords: false,
    });
    await s.waitForElement(pi, 'Task_UnterkunftZuweisen', 'ELEMENT_ACTIVATED');
    expect(await s.path(pi)).not.toContain('Call_Uma');
  });

  it('a job that arrives twice: the import creates the persons once, the benefits case is started once', async () => {
    const today = await s.today();
    const importer = s.service(ArrivalImportWorker);
    const zuweisung = family(today, 'Twice');
    const first = fakeJob({ zuweisung }, '2251799999990001');
    await importer.importZuweisung(first.job);
    const again = fakeJob({ zuweisung }, '2251799999990001');
    await importer.importZuweisung(again.job);
    const [a, b] = [first.actions[0], again.actions[0]];
    expect(a.action).toBe('complete');
    const va = a.value as { caseId: string; members: unknown[]; localDuplicateSuspected: boolean };
    expect(b.value).toMatchObject({ caseId: va.caseId, members: va.members, localDuplicateSuspected: false });
    const cases = s.service(CasesService);
    expect(
      await cases.findDuplicates({ familyName: 'Twice', givenNames: 'Amina', dateOfBirth: '1990-04-12' }),
    ).toHaveLength(1);

    // a later Zuweisung of the same persons is a possible duplicate for the ABH
    const later = fakeJob(
      { zuweisung: { ...zuweisung, reference: `${zuweisung.reference}-2` } },
      '2251799999990101',
    );
    await importer.importZuweisung(later.job);
    expect(later.actions[0].value).toMatchObject({ localDuplicateSuspected: true });

    const starter = s.service(BenefitCaseStartWorker);
    const person = await createPerson(cases);
    const before = (await s.instancesOf('asylblg-benefits')).length;
    const vars = { personId: person.id, caseId: person.fileNumber, arrivedOn: today };
    const one = fakeJob(vars, '2251799999990201');
    await starter.start(one.job);
    const two = fakeJob(vars, '2251799999990201');
    await starter.start(two.job);
    const key = (one.actions[0].value as { benefitCaseInstanceKey: string }).benefitCaseInstanceKey;
    expect(two.actions[0].value).toEqual({ benefitCaseInstanceKey: key });
    expect((await s.instancesOf('asylblg-benefits')).length).toBe(before + 1);
  });

  it('UMA reported directly: not distributed yet when the 7 Werktage end, then handed over to another Land', async () => {
    const today = await s.today();
    const pi = await (async () => {
      const before = new Set(await s.instancesOf('uma-reception'));
      await s.publish('UMAGemeldet', `report-${today}-${Math.random().toString(36).slice(2, 8)}`, {
        uma: {
          familyName: 'Nouri',
          givenNames: 'Sara',
          dateOfBirth: null,
          sex: 'female',
          nationalities: ['ERI'],
          foundOn: today,
          source: 'found-in-district',
          enteredWith: 'none',
        },
      });
      return waitForInstanceOf(s, 'uma-reception', before);
    })();
    // no papers, visual assessment doubtful → medical examination, which finds her a minor
    await s.completeUserTask(pi, 'Task_AlterFeststellen', {
      idPapersPresented: false,
      visualAssessment: 'doubtful',
      medicalConsent: 'yes',
    });
    await s.waitForElement(pi, 'Task_AlterEntscheiden');
    expect((await s.variables(pi)).ageDecision).toBe('medical-examination-required');
    await s.completeUserTask(pi, 'Task_AlterFeststellen', {
      idPapersPresented: false,
      visualAssessment: 'doubtful',
      medicalConsent: 'yes',
      medicalExamination: 'doubtful',
    });
    await s.waitForElement(pi, 'Task_Screening', 'ELEMENT_ACTIVATED');
    expect((await s.variables(pi)).ageDecision).toBe('minor'); // § 42f Abs. 2: doubts go in favour of the minor

    // the screening is not done when the 7 Werktage end: the Land office is notified anyway (past the
    // due time: around the turn of the year, holidays stretch 7 Werktage beyond ten calendar days)
    const dueAt = Date.parse(String((await s.variables(pi)).umaNotificationDueAt));
    await s.advanceClock(
      Math.max(10 * 86_400_000, dueAt - Date.parse(`${await s.today()}T00:00:00Z`) + 86_400_000),
    );
    await s.waitForElement(pi, 'Task_LandesstelleMelden');
    const { caseId, personId } = await s.variables(pi);
    await s.publish('UMAVerteilungEntschieden', String(caseId), {
      distributionOutcome: 'other-land',
      receivingYouthOffice: 'Jugendamt Kassel',
    });
    await s.completeUserTask(pi, 'Task_Uebergabe', {
      handoverOn: addDays(today, 12),
      receivingYouthOffice: 'Jugendamt Kassel',
      handoverEscorted: true,
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Uebergeben']);
    expect(await s.path(pi)).toEqual(
      expect.arrayContaining(['Task_UmaErfassen', 'Boundary_Meldefrist', 'Catch_Verteilung']),
    );

    const cases = s.service(CasesService);
    const person = await cases.getPerson(String(personId));
    expect(person.fileNumber).toBe(caseId);
    const events = await cases.events(person.id);
    expect(events.map((e) => e.type)).toEqual(['UMAProvisionalCustodyStarted', 'UMAEnded']);
    expect(events[1].payload).toEqual({ on: addDays(today, 12), reason: 'distributed' });
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs[0].html).toContain('noch nicht abgeschlossen');
  });
});
