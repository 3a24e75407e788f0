/**
 * Beschäftigungsduldung (§ 60d AufenthG; processes/employment-toleration.bpmn), end to end through the
 * embedded engine, the real workers and PostgreSQL: granted for the applicant and a minor child,
 * refused after missing documents were supplied and an Anhörung, revoked after the employer reported
 * the end of the employment (with the Anhörung before the Widerruf), and the invitation under § 25b
 * Abs. 6 in month 27.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths, deadlineEnd, shiftOffClosedDay } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import { grantValidTo } from '../../../src/agencies/foreigners-authority/employment-toleration.rules';
import { createPerson } from '../../factories/person.factory';
import {
  employmentApplication,
  livelihood,
  tolerationApplicant,
} from '../../utils/employment-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';

const PROCESS = 'employment-toleration';

/** TT.MM.JJJJ as printed in the letters */
const de = (iso: string): string => iso.split('-').reverse().join('.');

describe('process employment-toleration (§ 60d AufenthG)', () => {
  const s = useScenarioApp();

  const applicant = (today: string, options: { child?: boolean } = {}) =>
    tolerationApplicant(s, today, options);
  const application = employmentApplication;

  const fourEyes = (decision: 'grant' | 'refuse', extra: Record<string, unknown> = {}) => ({
    decision,
    decisionReasoning:
      decision === 'grant'
        ? 'Alle Voraussetzungen des § 60d Abs. 1 AufenthG liegen vor.'
        : 'Die Voraussetzungen liegen auch nach der Anhörung nicht vor.',
    secondReviewer: 'MK',
    fourEyesConfirmed: true,
    ...extra,
  });

  /** moves the engine clock just past an instant (a timer's due time) */
  async function advancePast(instant: string): Promise<void> {
    const now = (await s.engine.clock.now()).getTime();
    await s.advanceClock(Math.max(0, Date.parse(instant) - now) + 60_000);
  }

  /** expects `expected` to occur in `path` in this order (other elements may lie between) */
  function expectInOrder(path: string[], expected: string[]): void {
    let i = 0;
    for (const id of path) if (id === expected[i]) i += 1;
    expect({ path, reached: expected.slice(0, i) }).toEqual({ path, reached: expected });
  }

  /** runs a person through to the grant; returns the instance key once it monitors the Duldung */
  async function grantFor(
    person: Person,
    today: string,
    applicationOverrides: Record<string, unknown> = {},
  ): Promise<string> {
    const pi = await s.start(PROCESS, {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(pi, 'Task_AntragErfassen', application(today, applicationOverrides));
    const lg = await s.userTask(pi, 'Task_LebensunterhaltPruefen');
    expect(lg.variables.benefitsReceivedLast12Months).toBe(false);
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', livelihood());
    await s.completeUserTask(pi, 'Task_Entscheiden', fourEyes('grant'));
    await s.waitForElement(pi, 'Task_MitteilungAbwarten', 'ELEMENT_ACTIVATED');
    return pi;
  }

  it('grants 30 months for the applicant and the minor child, with work permission, event and documents', async () => {
    const today = await s.today();
    const { person, child } = await applicant(today, { child: true });
    const pi = await grantFor(person, today, {
      schoolAgeChildren: 1,
      schoolAttendanceProven: true,
      childExpulsionInterestCase: false,
      childBtmgConviction: false,
      docSchoolCertificates: true,
    });

    expectInOrder(await s.path(pi), [
      'StartEvent_Antrag',
      'Task_AzrAnfragen',
      'Task_BzrAnfragen',
      'Task_AntragErfassen',
      'Task_VollstaendigkeitPruefen',
      'Task_LebensunterhaltPruefen',
      'Task_VoraussetzungenPruefen',
      'Task_Entscheiden',
      'Task_Erteilen',
    ]);
    expect(await s.incidents(pi)).toEqual([]);

    const cases = s.service(CasesService);
    const validTo = grantValidTo(today, 30);
    const [status] = await cases.statusAt(person.id, today);
    expect(status).toMatchObject({
      type: 'Duldung §60d',
      legalBasis: '§ 60d Abs. 1 AufenthG',
      validFrom: today,
      validTo,
      conditions: { workAllowed: true },
    });
    expect(await cases.statusAt(person.id, today)).toHaveLength(1); // the § 60a Duldung is superseded
    const childStatus = await cases.statusAt(child!.id, today);
    expect(childStatus).toEqual([
      expect.objectContaining({
        type: 'Duldung §60d',
        legalBasis: '§ 60d Abs. 2 AufenthG',
        validTo,
        conditions: expect.objectContaining({ workAllowed: false }),
      }),
    ]);

    const granted = (await cases.events(person.id)).filter((e) => e.type === 'DuldungGranted');
    expect(granted.map((e) => e.payload)).toEqual([
      { category: 'employment', legalBasis: '§ 60d AufenthG', validFrom: today, validTo },
    ]);
    expect((await cases.events(child!.id)).filter((e) => e.type === 'DuldungGranted')).toHaveLength(1);

    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.map((d) => d.templateId).sort()).toEqual([
      'abh-employment-toleration-certificate',
      'abh-employment-toleration-certificate',
      'abh-employment-toleration-grant',
    ]);
    const notice = docs.find((d) => d.templateId === 'abh-employment-toleration-grant')!;
    expect(notice.html).toContain(
      `vom <strong>${de(today)}</strong> bis zum <strong>${de(validTo)}</strong>`,
    );
    expect(notice.html).toContain('Samir');
    expect(notice.remedy).toMatchObject({ kind: 'Widerspruch oder Klage', period: '1 Monat' });
    const certificate = docs.find(
      (d) => d.templateId === 'abh-employment-toleration-certificate' && d.personId === person.id,
    )!;
    expect(certificate.html).toContain('Duldung nach § 60d AufenthG');
    expect(certificate.html).toContain('Beschäftigung gestattet.');
  });

  it('asks for missing documents, then refuses after the Anhörung once its 2 weeks have run', async () => {
    const today = await s.today();
    const { person } = await applicant(today);
    // AsylbLG benefits until 6 months ago, from the case file's benefit history
    const cases = s.service(CasesService);
    const ctx = { idempotencyPrefix: `test-benefits-${person.id}` };
    const from = addMonths(today, -30);
    const until = addMonths(today, -6);
    await cases.recordEvent(
      'BenefitStarted',
      { basis: '§3', from },
      { personId: person.id, occurredOn: from, ctx },
    );
    await cases.recordEvent(
      'BenefitEnded',
      { reason: 'other', on: until },
      { personId: person.id, occurredOn: until, ctx },
    );
    const pi = await s.start(PROCESS, {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    // no payslips, oral German only at A1
    await s.completeUserTask(
      pi,
      'Task_AntragErfassen',
      application(today, { docPayslips: false, germanOralLevel: 'A1' }),
    );
    const request = await s.userTask(pi, 'Task_UnterlagenNachfordern');
    expect(request.variables.missingDocuments).toEqual([
      'Lohn- und Gehaltsabrechnungen der letzten 12 Monate',
    ]);
    await s.completeUserTask(pi, 'Task_UnterlagenNachfordern', {
      documentsRequestedOn: today,
      docEmploymentContract: true,
      docPayslips: true,
      docSocialInsurance: true,
      docIdentity: true,
      docLanguageCertificate: true,
    });
    const lg = await s.userTask(pi, 'Task_LebensunterhaltPruefen');
    expect(lg.variables.benefitsReceivedLast12Months).toBe(true);
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', {
      ...livelihood(),
      benefitsReceivedLast12Months: true,
    });
    await s.waitForElement(pi, 'Event_AnhoerungsfristAbgelaufen', 'ELEMENT_ACTIVATED');

    const docs = s.service(DocumentsService);
    const [hearing] = await docs.forProcessInstance(pi);
    expect(hearing.templateId).toBe('abh-employment-toleration-hearing');
    expect(hearing.html).toContain('Mündliche Deutschkenntnisse auf Niveau A2 nicht nachgewiesen.');
    expect(hearing.html).toContain('Leistungen nach dem AsylbLG bezogen');
    // 2 weeks; a period ending on a weekend or holiday ends on the next working day (§ 31 Abs. 3 VwVfG)
    expect(hearing.html).toContain(`bis zum <strong>${de(shiftOffClosedDay(addDays(today, 14)))}</strong>`);

    await advancePast(String((await s.variables(pi)).hearingDueAt));
    await s.completeUserTask(pi, 'Task_Entscheiden', fourEyes('refuse', { statementReceived: false }));
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgelehnt']);
    expectInOrder(await s.path(pi), [
      'Task_AntragErfassen',
      'Boundary_UnterlagenFehlen',
      'Task_UnterlagenNachfordern',
      'Task_VollstaendigkeitPruefen',
      'Task_LebensunterhaltPruefen',
      'Boundary_NichtErfuellt',
      'Task_AnhoerungEinleiten',
      'Event_AnhoerungsfristAbgelaufen',
      'Task_Entscheiden',
      'End_Abgelehnt',
    ]);

    const refusal = (await docs.forProcessInstance(pi)).find(
      (d) => d.templateId === 'abh-employment-toleration-refusal',
    )!;
    expect(refusal.html).toContain('wird abgelehnt');
    expect(refusal.html).toContain('§ 60d Abs. 1 Nr. 5, § 2 Abs. 10 AufenthG');
    expect(refusal.html).toContain(`Sie wurden mit Schreiben vom ${de(today)} angehört`);
    expect(refusal.remedy).toMatchObject({ kind: 'Widerspruch oder Klage', period: '1 Monat' });
    expect((await cases.statusAt(person.id, addDays(today, 15))).map((e) => e.type)).toEqual([
      'Duldung §60a',
    ]);
    expect((await cases.events(person.id)).filter((e) => e.type === 'DuldungGranted')).toEqual([]);
  });

  it('holds the Anhörung when the missing documents do not arrive within 4 weeks', async () => {
    const today = await s.today();
    const { person } = await applicant(today);
    const pi = await s.start(PROCESS, {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(
      pi,
      'Task_AntragErfassen',
      application(today, { docEmploymentContract: false, docSocialInsurance: false }),
    );
    const request = await s.userTask(pi, 'Task_UnterlagenNachfordern');
    expect(request.customHeaders['io.camunda.zeebe:dueDate']).toBe(request.variables.documentsDueAt);
    const dueAt = String(request.variables.documentsDueAt);
    // an hour before the end of the period nothing happens (the timer sweep runs every 100 ms)
    await s.advanceClock(Date.parse(dueAt) - (await s.engine.clock.now()).getTime() - 3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await s.path(pi)).not.toContain('Boundary_FristUnterlagen');
    expect(dueAt).toBe(deadlineEnd(shiftOffClosedDay(addDays(today, 28))));
    await advancePast(dueAt);
    await s.waitForElement(pi, 'Event_AnhoerungsfristAbgelaufen', 'ELEMENT_ACTIVATED');
    const [hearing] = await s.service(DocumentsService).forProcessInstance(pi);
    expect(hearing.html).toContain(
      'Die Unterlage „Arbeitsvertrag“ wurde trotz Nachforderung nicht vorgelegt. (§ 82 Abs. 1 AufenthG)',
    );
    expect(hearing.html).toContain('Nachweis der Sozialversicherungspflicht');
    expectInOrder(await s.path(pi), [
      'Boundary_UnterlagenFehlen',
      'Boundary_FristUnterlagen',
      'Gateway_Anhoerung',
      'Task_AnhoerungEinleiten',
    ]);
  });

  it('revokes the Duldung after the employer reports the end of employment, after an Anhörung', async () => {
    const start = await s.today();
    const { person } = await applicant(start);
    const pi = await grantFor(person, start);

    const endedOn = addDays(start, 10);
    await s.advanceClock('P10D');
    await s.publish('BeschaeftigungBeendet', person.fileNumber, { employmentEndedOn: endedOn });
    const recheck = await s.userTask(pi, 'Task_Nachpruefen');
    expect(recheck.variables).toMatchObject({
      monitoringTrigger: 'employment-ended',
      employmentEndedOn: endedOn,
    });
    const facts = {
      employmentEndedOn: endedOn,
      interruptionNotAttributable: false,
      livelihoodSecured: false,
      bzrApplicantConvictions: 0,
    };
    await s.completeUserTask(pi, 'Task_Nachpruefen', facts);

    // the conditions lapsed: first the Anhörung; the task comes back, to follow up after the period
    const again = await s.userTask(pi, 'Task_Nachpruefen');
    expect(again.customHeaders['io.camunda.zeebe:followUpDate']).toBe(again.variables.revocationFollowUpAt);
    expect(again.variables.revocationHearingDueOn).toBe(shiftOffClosedDay(addDays(endedOn, 14)));
    const docs = s.service(DocumentsService);
    const hearing = (await docs.forProcessInstance(pi)).find(
      (d) => d.templateId === 'abh-employment-toleration-hearing',
    )!;
    expect(hearing.html).toContain('Widerruf');
    expect(hearing.html).toContain('§ 60d Abs. 3 S. 1, Abs. 1 Nr. 3 AufenthG');

    await advancePast(String(again.variables.revocationFollowUpAt));
    const revokedOn = await s.today();
    await s.completeUserTask(pi, 'Task_Nachpruefen', {
      ...facts,
      revocationStatementReceived: false,
      revocationReasoning:
        'Eine Stellungnahme ist nicht eingegangen; eine neue Beschäftigung wurde nicht nachgewiesen.',
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Widerrufen']);
    expectInOrder(await s.path(pi), [
      'Task_Erteilen',
      'Task_MitteilungAbwarten',
      'Task_Nachpruefen',
      'Task_WiderrufPruefen',
      'Task_Nachpruefen',
      'Task_WiderrufPruefen',
      'End_Widerrufen',
    ]);

    const cases = s.service(CasesService);
    const revoked = (await cases.events(person.id)).filter((e) => e.type === 'DuldungRevoked');
    expect(revoked.map((e) => e.payload)).toEqual([
      {
        legalBasis: '§ 60d Abs. 3 AufenthG',
        on: revokedOn,
        reason: 'EMPLOYMENT_ENDED, LIVELIHOOD_NOT_SECURED',
      },
    ]);
    const now = await cases.statusAt(person.id, revokedOn);
    expect(now).toEqual([
      expect.objectContaining({
        type: 'Duldung §60a',
        validFrom: revokedOn,
        conditions: { workAllowed: false },
      }),
    ]);
    const notice = (await docs.forProcessInstance(pi)).find(
      (d) => d.templateId === 'abh-employment-toleration-revocation',
    )!;
    expect(notice.html).toContain(`mit Wirkung vom ${de(revokedOn)} widerrufen`);
    expect(notice.remedy).toMatchObject({ kind: 'Widerspruch oder Klage' });
  });

  it('grants in the discretion of Abs. 4 when the identity is unclarified despite all steps, also to the spouse', async () => {
    const today = await s.today();
    const { person } = await applicant(today);
    const spouse = await createPerson(s.service(CasesService), {
      givenNames: 'Karim',
      dateOfBirth: '1988-01-20',
      nationalities: ['AFG'],
    });
    const pi = await s.start(PROCESS, {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
      hasSpouse: true,
    });
    await s.completeUserTask(
      pi,
      'Task_AntragErfassen',
      application(today, {
        identityEvidence: 'none',
        identityClarifiedOn: undefined,
        identityAllStepsTaken: true,
        spouseFileNumber: spouse.fileNumber,
        spouseEntryDate: '2019-05-10',
        spouseIdentityClarifiedOn: '2023-03-01',
        spouseIdentityAllStepsTaken: false,
        spouseIdentityDelayNotAttributable: false,
        spouseIntegrationCourseObliged: false,
        bzrSpouseConvictions: 0,
      }),
    );
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', livelihood());
    const decision = await s.userTask(pi, 'Task_Entscheiden');
    expect(decision.variables.checkDecision).toBe('discretion');
    expect(decision.variables.checkReasons).toContainEqual(
      expect.objectContaining({ code: 'IDENTITY_DISCRETION', paragraph: '§ 60d Abs. 4 AufenthG' }),
    );
    // the form demands the discretionary considerations
    expect(s.formErrors('Task_Entscheiden', fourEyes('grant'), decision.variables).map((e) => e.key)).toEqual(
      ['discretionReasoning'],
    );
    await s.completeUserTask(
      pi,
      'Task_Entscheiden',
      fourEyes('grant', {
        discretionReasoning:
          'Passbeschaffung seit 2020 nachweislich betrieben; Botschaft stellt keine Pässe aus.',
      }),
    );
    await s.waitForElement(pi, 'Task_MitteilungAbwarten', 'ELEMENT_ACTIVATED');

    // BZR asked for both (two inner instances plus the multi-instance body)
    expect((await s.path(pi)).filter((id) => id === 'Task_BzrAnfragen')).toHaveLength(3);
    const cases = s.service(CasesService);
    expect(await cases.statusAt(spouse.id, today)).toEqual([
      expect.objectContaining({
        type: 'Duldung §60d',
        legalBasis: '§ 60d Abs. 1 AufenthG',
        conditions: expect.objectContaining({ workAllowed: false }),
      }),
    ]);
    expect((await cases.events(spouse.id)).filter((e) => e.type === 'DuldungGranted')).toHaveLength(1);
    expect((await cases.processLinks(spouse.id)).map((l) => l.role)).toEqual(['spouse']);
  });

  it('keeps the Duldung after a new conviction for a foreigner-only offence of at most 90 Tagessätze', async () => {
    const today = await s.today();
    const { person } = await applicant(today);
    const pi = await grantFor(person, today);
    await s.publish('NeueVerurteilung', person.fileNumber);
    const recheck = await s.userTask(pi, 'Task_Nachpruefen');
    expect(recheck.variables.monitoringTrigger).toBe('conviction');
    await s.completeUserTask(pi, 'Task_Nachpruefen', {
      livelihoodSecured: true,
      bzrApplicantConvictions: 1,
      bzrApplicantForeignerOffencesOnly: true,
      bzrApplicantFineOnly: true,
      bzrApplicantMaxTagessaetze: 30,
    });
    await s.waitForElement(pi, 'Task_WiderrufPruefen');
    // monitoring again: the receive task is waiting a second time
    const active = async () => (await s.engine.inspect.instance(pi))?.activeElements ?? [];
    for (let i = 0; i < 100 && !(await active()).includes('Task_MitteilungAbwarten'); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect(await active()).toContain('Task_MitteilungAbwarten');
    expect((await s.variables(pi)).revocationDecision).toBe('continue');
    const cases = s.service(CasesService);
    expect((await cases.events(person.id)).filter((e) => e.type === 'DuldungRevoked')).toEqual([]);
    expect((await cases.statusAt(person.id, today)).map((e) => e.type)).toEqual(['Duldung §60d']);
  });

  it('invites to apply under § 25b Abs. 6 when month 27 of the Duldung is reached', async () => {
    const today = await s.today();
    const { person } = await applicant(today);
    const pi = await grantFor(person, today, {
      integrationCourseObliged: true,
      integrationCourseOutcome: 'completed',
      docIntegrationCourse: true,
    });
    await s.advanceClock('P27M');
    expect(await s.waitForEnd(pi)).toEqual(['End_Eingeladen']);
    expectInOrder(await s.path(pi), ['Task_Erteilen', 'Boundary_Monat27', 'End_Eingeladen']);
    const info = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'abh-residence-permit-25b-information',
    )!;
    expect(info.html).toContain(`Ablauf Ihrer Duldung am <strong>${de(grantValidTo(today, 30))}</strong>`);
    expect(info.html).toContain('schriftliche Deutschkenntnisse');
    expect(info.remedy).toBeNull();
  });
});
