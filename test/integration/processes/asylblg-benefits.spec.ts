/**
 * AsylbLG benefits (BRIEF § 3, Process 2) end to end: the embedded engine, the real workers and
 * PostgreSQL. A § 3 grant with the Bewilligungsbescheid, the first payment and BenefitStarted; the
 * 36-month timer (engine clock moved) switching to § 2 with an Änderungsbescheid and BenefitTypeChanged;
 * the BAMF decision granting protection → change of benefit system with BenefitEnded(recognition), the
 * JC hand-over and SGB2ApplicationReceived; a refusal after the four-eyes approval; a 2025 rate the brief leaves open, refused.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths, endOfMonth } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import { createPerson } from '../../factories/person.factory';
import { benefitsApproval, benefitsRecord, grantBenefits } from '../../utils/asylblg-journey';
import { useScenarioApp } from '../../utils/scenario';

const german = (iso: string): string => iso.split('-').reverse().join('.');
const firstOfMonth = (iso: string): string => `${iso.slice(0, 8)}01`;

async function eventually(probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('process asylblg-benefits', () => {
  const s = useScenarioApp();

  /** an asylum seeker (Aufenthaltsgestattung) living in a flat with an 8-year-old child */
  async function household(
    today: string,
    entryDate: string,
    status: { type: 'Aufenthaltsgestattung' | 'Niederlassungserlaubnis'; legalBasis?: string } = {
      type: 'Aufenthaltsgestattung',
    },
  ) {
    const cases = s.service(CasesService);
    const home = await cases.createHousehold({ municipality: 'Zeitz' });
    const parent = await createPerson(cases, {
      dateOfBirth: '1990-04-12',
      entryDate,
      householdId: home.id,
      bamfFileNumber: '1234567-423',
    });
    const child = await createPerson(cases, {
      givenNames: 'Samir',
      dateOfBirth: addMonths(today, -12 * 8 - 2),
      entryDate,
      householdId: home.id,
    });
    for (const person of [parent, child]) {
      await cases.startStatusEpisode(
        person.id,
        { type: status.type, legalBasis: status.legalBasis ?? '§ 55 AsylG', validFrom: entryDate },
        { idempotencyPrefix: `test-status-${person.id}` },
      );
    }
    return { parent, child };
  }

  const record = benefitsRecord;
  const approve = benefitsApproval;
  const grant = (parent: Person, needKnownOn: string) => grantBenefits(s, parent, needKnownOn);

  it('grants § 3 benefits: Bewilligungsbescheid with the calculation lines, first payment, BenefitStarted(§3)', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -4));
    const from = firstOfMonth(today);
    const pi = await grant(parent, from);

    expect(await s.path(pi)).toEqual(
      expect.arrayContaining([
        'Task_DatenErfassen',
        'Task_AbhAbgleich',
        'Task_AnspruchPruefen',
        'Task_GrundlageBestimmen',
        'Task_Berechnen',
        'Task_Freigeben',
        'Task_Bescheid',
      ]),
    );
    const vars = await s.variables(pi);
    // 2026 rates: Stufe 1 253 + 202 €, Stufe 5 (8 years) 202 + 135 €, Sofortzuschlag 25 €
    expect(vars.benefitBasis).toBe('§3');
    expect(vars.calculation).toMatchObject({
      monthlyTotal: 45500 + 33700 + 2500,
      housingTotal: 40000,
      firstMonthTotal: 81700,
    });
    expect(vars.nextReviewReason).toBe('wiedervorlage');

    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    const notice = docs.find((d) => d.templateId === 'lg-benefits-grant');
    expect(notice).toBeDefined();
    expect(notice!.remedy).toMatchObject({ kind: 'Widerspruch', period: '1 Monat', basis: '§ 84 SGG' });
    for (const text of [
      `ab dem ${german(from)} Grundleistungen nach § 3 AsylbLG bewilligt`,
      'Person 1 (antragstellend): notwendiger Bedarf, Stufe 1',
      '253,00 €',
      '202,00 €',
      'Person 2: Sofortzuschlag für Minderjährige',
      '25,00 €',
      '817,00 €',
      'direkt an die vermietende Person',
      '400,00 €',
      'Rechtsbehelfsbelehrung',
    ]) {
      expect(notice!.html).toContain(text);
    }
    expect(notice!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.payload])).toEqual([['BenefitStarted', { basis: '§3', from }]]);
    const loads = await s.orm.em
      .fork()
      .getConnection()
      .execute(`select month, amount, housing_amount from payment_card_load where process_instance_key = ?`, [
        pi,
      ]);
    expect(loads).toEqual([{ month: from.slice(0, 7), amount: 81700, housing_amount: 40000 }]);
  });

  it('switches to § 2 when the 36-month timer fires (engine clock moved): Änderungsbescheid, BenefitTypeChanged', async () => {
    const today = await s.today();
    // 36 months of stay are completed in 10 days
    const { parent } = await household(today, addMonths(addDays(today, 10), -36));
    const pi = await grant(parent, today);
    const before = await s.variables(pi);
    expect(before).toMatchObject({
      benefitBasis: '§3',
      analogDueOn: addDays(today, 10),
      nextReviewReason: 'analog-due',
      nextReviewOn: addDays(today, 10),
    });

    await s.advanceClock('P11D');
    const recheck = await s.userTask(pi, 'Task_DatenErfassen', { timeoutMs: 20_000 });
    expect(String(recheck.variables.reviewReasonText)).toContain('Wartezeit nach § 2 Abs. 1 AsylbLG erfüllt');
    const dueOn = addDays(today, 10);
    await s.completeUserTask(pi, 'Task_DatenErfassen', record(today));
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    // Task_Bescheid completed before (first grant): wait for the second notice instead
    await eventually(async () =>
      (await s.service(CasesService).eventsOfInstance(pi)).some((e) => e.type === 'BenefitTypeChanged'),
    );

    const vars = await s.variables(pi);
    expect(vars.benefitBasis).toBe('§2');
    // § 2 with SGB XII rates: Regelbedarfsstufe 1 563 €, child (§ 2 Abs. 3 follows the parent) Stufe 5 390 €, 25 €
    expect(vars.calculation).toMatchObject({ monthlyTotal: 56300 + 39000 + 2500 });
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    const change = docs.find((d) => d.templateId === 'lg-benefits-change');
    expect(change).toBeDefined();
    expect(change!.html).toContain('Leistungen entsprechend dem SGB XII nach § 2 AsylbLG');
    expect(change!.html).toContain('bisher 817,00 €');
    expect(change!.html).toContain('563,00 €');
    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => e.type)).toEqual(['BenefitStarted', 'BenefitTypeChanged']);
    const switched = events.find((e) => e.type === 'BenefitTypeChanged')!;
    expect(switched.payload).toMatchObject({ from: '§3', to: '§2' });
    expect(switched.occurredOn >= dueOn).toBe(true);
  });

  it('ends benefits on recognition (BamfEntscheidung): BenefitEnded(recognition), JC hand-over, SGB2ApplicationReceived', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -6));
    const pi = await grant(parent, today);

    await s.publish('BamfEntscheidung', parent.fileNumber, {
      protectionGranted: true,
      bamfDecisionServedOn: today,
    });
    const jcTask = await s.userTask(pi, 'Task_SGB2Antrag');
    // the decision becomes final after 2 weeks (§ 74 AsylG, working assumption); benefits end with that month (§ 1 Abs. 3)
    const endsOn = endOfMonth(addDays(today, 14));
    expect(jcTask.variables.benefitEndsOn).toBe(endsOn);
    await s.completeUserTask(pi, 'Task_SGB2Antrag', {
      jcAppointmentOn: addDays(today, 3),
      sgb2ApplicationReceivedOn: addDays(today, 3),
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Rechtskreiswechsel']);

    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['BenefitStarted', { basis: '§3', from: today }],
      ['BenefitEnded', { reason: 'recognition', on: endsOn }],
      ['SGB2ApplicationReceived', { on: addDays(today, 3) }],
    ]);
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    const handover = docs.find((d) => d.templateId === 'lg-benefits-jc-handover');
    expect(handover?.html).toContain(`${german(endsOn)} (§ 1 Abs. 3 AsylbLG)`);
    expect(handover?.html).toContain('1234567-423');
    const end = docs.find((d) => d.templateId === 'lg-benefits-change');
    expect(end?.html).toContain(`mit Ablauf des ${german(endsOn)} aufgehoben`);
  });

  it('restricts benefits under § 1a after a hearing (§ 1a-Bescheid, ReductionStarted) and keeps four eyes', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -8));
    const pi = await s.start('asylblg-benefits', {
      personId: parent.id,
      caseId: parent.fileNumber,
      needKnownOn: today,
    });
    const reduced = record(today, {
      reductionGround: 'procedure-duties-breached',
      reductionFrom: today,
      hearingHeld: true,
    });
    await s.completeUserTask(pi, 'Task_DatenErfassen', reduced);
    // the person who recorded the case cannot approve it: back to the record task
    await s.completeUserTask(pi, 'Task_Freigeben', { approvedBy: 'SB1', approvalDecision: 'approved' });
    await s.completeUserTask(pi, 'Task_DatenErfassen', reduced);
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    await s.waitForElement(pi, 'Gw_Leistungsbezug', 'ELEMENT_ACTIVATED');

    const vars = await s.variables(pi);
    const reviewOn = addMonths(today, 6);
    expect(vars.reduction).toEqual({
      ground: 'procedure-duties-breached',
      from: today,
      until: addDays(reviewOn, -1),
      reviewOn,
    });
    // only the notwendiger Bedarf (parameter 100 % [?]): 253 € + 202 € (child, Stufe 5) + 25 € Sofortzuschlag
    expect(vars.calculation).toMatchObject({ monthlyTotal: 25300 + 20200 + 2500 });
    expect(vars.nextReviewOn).toBe(reviewOn);
    const notice = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-benefits-reduction',
    );
    expect(notice?.html).toContain(
      'Verletzung von Mitwirkungspflichten im Asylverfahren (§ 1a Abs. 5 AsylbLG)',
    );
    expect(notice?.html).toContain('keine aufschiebende Wirkung (§ 11 Abs. 4 Nr. 2 AsylbLG)');
    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['BenefitStarted', { basis: '§3', from: today }],
      ['ReductionStarted', { reason: 'procedure-duties-breached', from: today, reviewOn }],
    ]);

    // § 14 Abs. 2: after 6 months the review timer fires; the breach has ended → full benefits again
    await s.advanceClock('P6M');
    const review = await s.userTask(pi, 'Task_DatenErfassen', { timeoutMs: 20_000 });
    expect(String(review.variables.reviewReasonText)).toContain('Überprüfung der Anspruchseinschränkung');
    await s.completeUserTask(pi, 'Task_DatenErfassen', { ...reduced, reductionBreachPersists: false });
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    await eventually(async () =>
      (await s.service(CasesService).eventsOfInstance(pi)).some((e) => e.type === 'ReductionEnded'),
    );
    const after = await s.variables(pi);
    expect(after.reduction).toBeNull();
    expect(after.calculation).toMatchObject({ monthlyTotal: 45500 + 33700 + 2500 });
    const ended = (await s.service(CasesService).eventsOfInstance(pi)).find(
      (e) => e.type === 'ReductionEnded',
    );
    expect(ended?.payload).toEqual({ on: reviewOn });
  });

  it('loads the Bezahlkarte on the first of every month (timer cycle) with the granted amount', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -3));
    const pi = await grant(parent, today);
    const nextMonth = addMonths(firstOfMonth(today), 1);
    const days = (Date.parse(nextMonth) - Date.parse(today)) / 86_400_000 + 1;
    await s.advanceClock(`P${days}D`);
    const em = s.orm.em.fork();
    let rows: { month: string; amount: number; housing_amount: number }[] = [];
    for (let i = 0; i < 100 && rows.length < 2; i++) {
      rows = await em
        .getConnection()
        .execute(
          `select month, amount, housing_amount from payment_card_load where person_id = ? order by month`,
          [parent.id],
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    const first = Math.round(
      (81700 * Math.min(30, Number(endOfMonth(today).slice(8)) - Number(today.slice(8)) + 1)) / 30,
    );
    expect(rows).toEqual([
      { month: today.slice(0, 7), amount: first, housing_amount: 40000 },
      { month: nextMonth.slice(0, 7), amount: 81700, housing_amount: 40000 },
    ]);
    // the worker writes the load before it completes its job: the element completes a moment later
    await eventually(async () => (await s.path(pi)).includes('Task_BezahlkarteLaden'), 60_000);
    expect(await s.path(pi)).toContain('Task_BezahlkarteLaden');
  });

  it('ends benefits on departure (AusreiseOderUntertauchen): Aufhebungsbescheid, BenefitEnded(departure)', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -10));
    const pi = await grant(parent, today);
    await s.publish('AusreiseOderUntertauchen', parent.fileNumber, { endReason: 'departure', endOn: today });
    expect(await s.waitForEnd(pi)).toEqual(['End_Eingestellt']);
    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['BenefitStarted', { basis: '§3', from: today }],
      ['BenefitEnded', { reason: 'departure', on: today }],
    ]);
    const end = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-benefits-change',
    );
    expect(end?.html).toContain(`mit Ablauf des ${german(today)} aufgehoben`);
    expect(end?.html).toContain('Ausreise aus der Bundesrepublik Deutschland (§ 1 Abs. 3 S. 1 AsylbLG)');
  });

  it('refuses benefits to a person without a ground of § 1 AsylbLG after a second person approved (Ablehnungsbescheid)', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -60), {
      type: 'Niederlassungserlaubnis',
      legalBasis: '§ 26 Abs. 3 AufenthG',
    });
    const pi = await s.start('asylblg-benefits', {
      personId: parent.id,
      caseId: parent.fileNumber,
      needKnownOn: today,
    });
    await s.completeUserTask(pi, 'Task_DatenErfassen', record(today));
    // four eyes for refusals too: the approval shows the reasons, not a calculation
    const approval = await s.userTask(pi, 'Task_Freigeben');
    expect(approval.variables.eligible).toBe(false);
    expect(String(approval.variables.refusalSummary)).toContain(
      'Kein Tatbestand des § 1 Abs. 1 AsylbLG erfüllt',
    );
    expect(s.formErrors('Task_Freigeben', approve, approval.variables)).toEqual([]);
    // the person who recorded the case cannot approve its refusal: back to the record task, no notice
    await s.completeUserTask(pi, 'Task_Freigeben', { approvedBy: 'SB1', approvalDecision: 'approved' });
    await s.completeUserTask(pi, 'Task_DatenErfassen', record(today));
    expect(await s.service(DocumentsService).forProcessInstance(pi)).toEqual([]);
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgelehnt']);
    const path = await s.path(pi);
    expect(path.filter((id) => id === 'Task_Freigeben')).toHaveLength(2);
    expect(path.indexOf('Task_Ablehnungsbescheid')).toBeGreaterThan(path.lastIndexOf('Task_Freigeben'));
    expect(path).not.toContain('Task_Berechnen');
    const refusal = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-benefits-refusal',
    );
    expect(refusal?.html).toContain('Kein Tatbestand des § 1 Abs. 1 AsylbLG erfüllt');
    expect(refusal?.html).toContain('§ 84 SGG');
    expect(await s.service(CasesService).eventsOfInstance(pi)).toEqual([]);
  });

  it('revokes a running grant when a re-check finds the person no longer eligible (Aufhebung, BenefitEnded)', async () => {
    const today = await s.today();
    const { parent } = await household(today, addMonths(today, -20));
    const pi = await grant(parent, today);
    // the ABH records a residence permit that is no ground of § 1 AsylbLG; the change message re-checks
    await s
      .service(CasesService)
      .startStatusEpisode(
        parent.id,
        { type: 'Aufenthaltserlaubnis', legalBasis: '§ 25 Abs. 2 AufenthG', validFrom: today },
        { idempotencyPrefix: `test-permit-${parent.id}` },
      );
    await s.publish('StatusOderAdressaenderung', parent.fileNumber);
    await s.completeUserTask(pi, 'Task_DatenErfassen', record(today));
    const approval = await s.userTask(pi, 'Task_Freigeben');
    expect(approval.variables.eligible).toBe(false);
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgelehnt']);
    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['BenefitStarted', { basis: '§3', from: today }],
      ['BenefitEnded', { reason: 'recognition', on: endOfMonth(today) }],
    ]);
    const docs = await s.service(DocumentsService).forProcessInstance(pi);
    expect(docs.map((d) => d.templateId)).not.toContain('lg-benefits-refusal');
    const revocation = docs.find((d) => d.templateId === 'lg-benefits-change');
    expect(revocation?.html).toContain(`mit Ablauf des ${german(endOfMonth(today))} aufgehoben`);
    expect(revocation?.html).toContain('Kein Tatbestand des § 1 Abs. 1 AsylbLG erfüllt');
  });

  it('refuses to calculate with a 2025 rate the brief leaves open (§ 3a Stufe 5, 2025 [?]): incident, no notice', async () => {
    const today = await s.today();
    const { parent } = await household(today, '2025-01-10');
    const pi = await s.start('asylblg-benefits', {
      personId: parent.id,
      caseId: parent.fileNumber,
      needKnownOn: '2025-06-01',
    });
    await s.completeUserTask(pi, 'Task_DatenErfassen', record('2025-06-01'));
    let incidents: { type: string; elementId: string; message: string }[] = [];
    for (let i = 0; i < 100 && incidents.length === 0; i++) {
      incidents = await s.incidents(pi);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(incidents).toEqual([
      expect.objectContaining({
        elementId: 'Task_Berechnen',
        message: expect.stringContaining('Stufe 5 für den 01.06.2025 ist nicht hinterlegt'),
      }),
    ]);
    expect(await s.service(DocumentsService).forProcessInstance(pi)).toEqual([]);
  });
});
