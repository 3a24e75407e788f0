/**
 * Return management (BRIEF § 6) end to end: the embedded engine, the real workers and PostgreSQL.
 * Voluntary departure; deadline expired → obstacle → Duldung (§ 60b, then § 60a after cooperation);
 * absconded when the departure is not confirmed within 7 days [local] of the departure date.
 */
import { CasesService } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import { createPerson } from '../../factories/person.factory';
import { departVoluntarily, startReturnCase } from '../../utils/return-journey';
import { useScenarioApp } from '../../utils/scenario';

const german = (iso: string): string => iso.split('-').reverse().join('.');

describe('return-management', () => {
  const s = useScenarioApp();

  /** waits until the element has completed n times (loops pass an element more than once) */
  async function waitForCompletions(pi: string, elementId: string, n: number): Promise<void> {
    const until = Date.now() + 15_000;
    while ((await s.path(pi)).filter((id) => id === elementId).length < n) {
      if (Date.now() > until) throw new Error(`${elementId} did not complete ${n} times`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function startCase(vars: Record<string, unknown>) {
    const cases = s.service(CasesService);
    const person = await createPerson(cases, { nationalities: ['GEO'] });
    const today = await s.today();
    // a running § 3 benefit, which LG ends at the close
    await cases.recordEvent(
      'BenefitStarted',
      { basis: '§3', from: addDays(today, -200) },
      {
        personId: person.id,
        occurredOn: addDays(today, -200),
        ctx: { idempotencyPrefix: `test-${person.id}` },
      },
    );
    const pi = await startReturnCase(s, person, today, vars);
    return { person, pi, today };
  }

  it('voluntary departure: counselling, REAG/GARP, GÜB, departure confirmed, AZR, benefits end', async () => {
    const { person, pi, today } = await startCase({ obligationBasis: 'asylum-rejected' });
    const variables = await s.variables(pi);
    expect(variables.departureDeadline).toBe(addDays(today, 30)); // § 38 Abs. 1 AsylG
    expect(variables.departureDeadlineBasis).toBe('§ 38 Abs. 1 S. 1 AsylG');
    expect(String(variables.returnProgrammeWarning)).toMatch(/^Hinweis: Mit dem REAG\/GARP-Antrag/);

    const departureDate = await departVoluntarily(s, pi, person.fileNumber, {
      today,
      departureInDays: 20,
      azrReference: 'AZR-4711',
    });

    expect(await s.waitForEnd(pi)).toEqual(['End_Abgeschlossen']);
    const path = await s.path(pi);
    expect(path).toEqual(
      expect.arrayContaining([
        'Event_FreiwilligeAusreiseGewaehlt',
        'Event_FoerderungBewilligt',
        'Task_AusreiseBestaetigt',
        'Task_AZRMitteilen',
        'Task_LeistungenEinstellen',
      ]),
    );
    expect(path).not.toContain('Boundary_AusreiseNichtBestaetigt');
    expect(path).not.toContain('Task_HindernissePruefen');

    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.map((d) => d.templateId).sort()).toEqual([
      'abh-return-border-crossing-certificate',
      'abh-return-counselling-invitation',
      'abh-return-departure-deadline-certificate',
      'abh-return-instruction',
    ]);
    const certificate = docs.find((d) => d.templateId === 'abh-return-departure-deadline-certificate');
    expect(certificate?.html).toContain(german(addDays(today, 30)));
    const gueb = docs.find((d) => d.templateId === 'abh-return-border-crossing-certificate');
    expect(gueb?.html).toContain(german(addDays(today, 30)));
    expect(gueb?.html).toContain('nicht spätestens 7 Tage nach dem vereinbarten Ausreisetermin');

    const cases = s.service(CasesService);
    const events = await cases.events(person.id);
    expect(events.find((e) => e.type === 'VoluntaryDeparture')?.payload).toEqual({
      on: departureDate,
      programme: 'reag-garp',
    });
    expect(events.find((e) => e.type === 'BenefitEnded')?.payload).toEqual({
      reason: 'departure',
      on: departureDate,
    });
    expect((await cases.statusHistory(person.id)).map((e) => e.type)).toContain('Ausreisepflichtig');
    // after the departure only the departure is in force: the person leaves the stock statistics
    expect((await cases.statusAt(person.id, departureDate)).map((e) => e.type)).toEqual(['Ausgereist']);
  });

  it('deadline expired → obstacle of own fault → Duldung § 60b; Wiedervorlage; cooperation → Duldung § 60a', async () => {
    const { person, pi, today } = await startCase({
      obligationBasis: 'removal-warning',
      requestedDeadlineDays: 7,
    });
    expect((await s.variables(pi)).departureDeadline).toBe(addDays(today, 7)); // § 59 Abs. 1 S. 1 AufenthG

    await s.advanceClock('P8D');
    const checkedOn = await s.today();
    await s.completeUserTask(pi, 'Task_HindernissePruefen', {
      obstacleCodes: ['document'],
      obstacleEvidence: 'Kein Pass; Botschaftstermin nicht wahrgenommen',
      ownFault: true,
      faultReason: 'Keine Vorsprache bei der Botschaft trotz zweier Aufforderungen',
      urgentHumanitarianReasons: false,
      removalMeasuresPending: false,
      workBan60a6: false,
    });
    const decided = await s.userTask(pi, 'Task_DuldungEntscheiden');
    expect(decided.variables.duldungStatusType).toBe('Duldung §60b');
    const validTo = addMonths(checkedOn, 3);
    await s.completeUserTask(pi, 'Task_DuldungEntscheiden', {
      duldungValidFrom: checkedOn,
      duldungValidTo: validTo,
      duldungWohnsitzauflage: 'Naumburg (Saale)',
      passportActions: ['embassy-appointment', 'photos'],
      cooperationDeadline: addDays(checkedOn, 28),
    });
    await s.waitForElement(pi, 'Task_DuldungErteilen');

    const cases = s.service(CasesService);
    const light = (await cases.statusAt(person.id, checkedOn)).find((e) => e.type.startsWith('Duldung'));
    expect(light).toMatchObject({
      type: 'Duldung §60b',
      legalBasis: '§ 60b AufenthG',
      validTo,
      conditions: { workAllowed: false, wohnsitzauflage: 'Naumburg (Saale)' },
    });
    expect((await cases.events(person.id)).find((e) => e.type === 'DuldungGranted')?.payload).toEqual({
      category: 'light',
      legalBasis: '§ 60b AufenthG',
      validFrom: checkedOn,
      validTo,
    });
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    const certificate = docs.find((d) => d.templateId === 'abh-return-duldung-certificate');
    expect(certificate?.html).toContain('Duldung für Personen mit ungeklärter Identität');
    const demand = docs.find((d) => d.templateId === 'abh-return-cooperation-demand');
    expect(demand?.html).toContain(german(addDays(checkedOn, 28)));
    expect(demand?.html).toContain('Rechtsbehelfsbelehrung');

    // Wiedervorlage 2 weeks [local] before expiry
    expect((await s.variables(pi)).duldungReviewOn).toBe(addDays(validTo, -14));
    await s.advanceClock('P3M');
    await s.completeUserTask(pi, 'Task_Wiedervorlage', {
      reviewOutcome: 'continue',
      reviewNote: 'Botschaftstermin inzwischen wahrgenommen',
    });
    const recheckOn = await s.today();
    await s.completeUserTask(pi, 'Task_HindernissePruefen', {
      obstacleCodes: ['document'],
      ownFault: true,
      faultReason: 'Passbeschaffung bisher unterlassen',
      cooperationFulfilled: true,
    });
    await s.completeUserTask(pi, 'Task_DuldungEntscheiden', {
      duldungValidFrom: recheckOn,
      duldungValidTo: addMonths(recheckOn, 6),
      duldungWorkAllowed: true,
      duldungWohnsitzauflage: 'Naumburg (Saale)',
      passportActions: [],
    });
    await waitForCompletions(pi, 'Task_DuldungErteilen', 2);
    const ordinary = (await cases.statusAt(person.id, recheckOn)).filter((e) => e.type.startsWith('Duldung'));
    expect(ordinary).toEqual([
      expect.objectContaining({
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        conditions: expect.objectContaining({ workAllowed: true }),
      }),
    ]);
    const granted = (await cases.events(person.id))
      .filter((e) => e.type === 'DuldungGranted')
      .map((e) => (e.payload as { category: string }).category);
    expect(granted).toEqual(['light', 'ordinary']);

    await s.advanceClock('P6M');
    await s.completeUserTask(pi, 'Task_Wiedervorlage', {
      reviewOutcome: 'perspective',
      perspectiveBasis: '60d',
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Bleibeperspektive']);
    const path = await s.path(pi);
    expect(path.filter((id) => id === 'Event_AusreisefristAbgelaufen')).toHaveLength(1);
    expect(path.filter((id) => id === 'Event_Wiedervorlage')).toHaveLength(2);
    expect(await s.incidents(pi)).toEqual([]);
  });

  it('absconded: no departure confirmation within 7 days after the departure date', async () => {
    const { person, pi, today } = await startCase({
      obligationBasis: 'asylum-withdrawn',
      voluntaryDepartureDeclared: true,
    });
    expect((await s.variables(pi)).departureDeadline).toBe(addMonths(today, 3)); // § 38 Abs. 3 AsylG

    await s.publish('FreiwilligeAusreiseGewaehlt', person.fileNumber);
    await s.completeUserTask(pi, 'Task_Rueckkehrberatung', {
      counsellingDate: today,
      returnProgramme: 'self-funded',
      travelDocumentStatus: 'valid-passport',
      returnProgrammeApplicationFiled: false,
      travellingAdults: 1,
      travellingMinors: 0,
    });
    const departureDate = addDays(today, 5);
    await s.publish('FoerderungBewilligt', person.fileNumber, { departureDate });
    await s.waitForElement(pi, 'Task_AusreiseBestaetigt', 'ELEMENT_ACTIVATED');

    await s.advanceClock('P12D'); // the last day of the confirmation period has not ended yet
    await expect(
      s.waitForElement(pi, 'Boundary_AusreiseNichtBestaetigt', 'ELEMENT_COMPLETED', 1_000),
    ).rejects.toThrow(/timed out/);
    await s.advanceClock('P1D');
    const firedOn = await s.today();
    const azr = await s.userTask(pi, 'Task_AZRErfassen');
    expect(azr.variables.returnOutcome).toBe('absconded');
    expect(
      s.formErrors('Task_AZRErfassen', { azrReportedOn: firedOn }, azr.variables).map((e) => e.key),
    ).toEqual(['tracingAlertIssued']);
    await s.completeUserTask(pi, 'Task_AZRErfassen', { azrReportedOn: firedOn, tracingAlertIssued: true });

    expect(await s.waitForEnd(pi)).toEqual(['End_Abgeschlossen']);
    const path = await s.path(pi);
    expect(path).toContain('Boundary_AusreiseNichtBestaetigt');
    expect(path).not.toContain('Task_AusreiseBestaetigt');
    const events = await s.service(CasesService).events(person.id);
    expect(events.find((e) => e.type === 'Absconded')?.payload).toEqual({ on: firedOn });
    expect(events.find((e) => e.type === 'BenefitEnded')?.payload).toEqual({
      reason: 'absconded',
      on: firedOn,
    });
    expect(events.some((e) => e.type === 'VoluntaryDeparture')).toBe(false);
    expect(firedOn).toBe(addDays(departureDate, 8));
  });
  it('enforcement: UMA handover not ensured blocks the removal; prepared again; deported; date never announced', async () => {
    const { person, pi, today } = await startCase({
      obligationBasis: 'removal-warning',
      requestedDeadlineDays: 14,
    });
    await s.advanceClock('P15D');
    await s.completeUserTask(pi, 'Task_HindernissePruefen', {
      obstacleCodes: [],
      ownFault: false,
      urgentHumanitarianReasons: false,
    });
    await s.waitForElement(pi, 'Task_AbschiebungVollziehen', 'ELEMENT_ACTIVATED');
    const child = (await s.instancesOf('return-enforcement')).at(-1) as string;

    const plannedRemovalDate = addDays(today, 30);
    const preparation = {
      plannedRemovalDate,
      fitnessToTravelChecked: true,
      transportBooked: true,
      detentionApplication: 'none',
      unaccompaniedMinor: true,
    };
    await s.completeUserTask(child, 'Task_AbschiebungVorbereiten', {
      ...preparation,
      handoverEnsured: false,
    });
    await s.waitForElement(child, 'Boundary_VollzugNichtZulaessig');
    const again = await s.userTask(child, 'Task_AbschiebungVorbereiten');
    expect(String(again.variables.enforcementReasons)).toContain('§ 58 Abs. 1a AufenthG');
    await s.completeUserTask(child, 'Task_AbschiebungVorbereiten', {
      ...preparation,
      handoverEnsured: true,
      handoverTo: 'guardian',
    });
    await s.waitForElement(child, 'Gateway_VollzugErgebnis', 'ELEMENT_ACTIVATED');
    expect((await s.variables(child)).announcement).toBe('must-not-announce'); // § 59 Abs. 1 S. 8 AufenthG

    await s.publish('AbschiebungVollzogen', person.fileNumber, { deportedOn: plannedRemovalDate });
    expect(await s.waitForEnd(child)).toEqual(['End_Abgeschoben']);
    await s.completeUserTask(pi, 'Task_AZRErfassen', { azrReportedOn: plannedRemovalDate });
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgeschlossen']);

    const childPath = await s.path(child);
    expect(childPath.filter((id) => id === 'Task_AbschiebungVorbereiten')).toHaveLength(2);
    expect(await s.path(pi)).toEqual(
      expect.arrayContaining([
        'Task_AbschiebungVollziehen',
        'Task_FallAbschliessen',
        'Task_LeistungenEinstellen',
      ]),
    );
    expect(await s.path(pi)).not.toContain('Task_DuldungEntscheiden');
    const events = await s.service(CasesService).events(person.id);
    expect(events.find((e) => e.type === 'Deportation')?.payload).toEqual({ on: plannedRemovalDate });
    expect(events.find((e) => e.type === 'BenefitEnded')?.payload).toEqual({
      reason: 'departure',
      on: plannedRemovalDate,
    });
    expect(events.some((e) => e.type === 'DuldungGranted')).toBe(false);
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.some((d) => d.html.includes(german(plannedRemovalDate)))).toBe(false); // the removal date is internal
  });
});
