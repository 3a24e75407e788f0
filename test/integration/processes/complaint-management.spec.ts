/**
 * Complaint management (BRIEF § 7) end to end: the embedded engine, the real workers and PostgreSQL.
 * Acknowledged in time with the deadline notice; the statement of the unit concerned escalated after 10 working days
 * [local] and an interim reply after one month [local]; closed with an outcome (ComplaintClosed without
 * personal data); an anonymous legal remedy forwarded as Widerspruch.
 */
import { CasesService, DomainEvent } from '../../../src/cases';
import { addMonths, addWorkingDays, deadlineEnd } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import { ComplaintRegisterService } from '../../../src/agencies/complaints/complaint-register.service';
import { useScenarioApp } from '../../utils/scenario';

const german = (iso: string): string => iso.split('-').reverse().join('.');

describe('complaint-management', () => {
  const s = useScenarioApp();

  const eventsOf = (pi: string): Promise<DomainEvent[]> => s.service(CasesService).eventsOfInstance(pi);

  async function register(pi: string, data: Record<string, unknown>): Promise<string> {
    const job = await s.userTask(pi, 'Task_BeschwerdeRegistrieren');
    await s.completeUserTask(pi, 'Task_BeschwerdeRegistrieren', {
      channel: 'letter',
      language: 'Deutsch',
      anonymous: false,
      replyName: 'Amina Beispiel',
      replyAddress: 'Musterweg 1\n06618 Naumburg (Saale)',
      ...data,
    });
    return String(job.variables.caseId);
  }

  it('acknowledges within 3 working days, gets the statement, replies and closes with the outcome', async () => {
    const today = await s.today();
    const pi = await s.start('complaint-management', { channel: 'letter' });
    const task = await s.userTask(pi, 'Task_BeschwerdeRegistrieren');
    const reference = String(task.variables.caseId);
    expect(reference).toMatch(new RegExp(`^BS-${today.slice(0, 4)}-\\d{5}$`));
    const acknowledgeBy = addWorkingDays(today, 3);
    expect(task.variables.acknowledgeBy).toBe(acknowledgeBy);
    expect(task.customHeaders['io.camunda.zeebe:dueDate']).toBe(deadlineEnd(acknowledgeBy));

    await register(pi, {
      category: 'decision',
      unitConcerned: 'LG',
      subject: 'Leistungskürzung nicht nachvollziehbar',
      relatedCaseId: 'MIA-2026-000123',
    });
    const classify = await s.userTask(pi, 'Task_Einordnen');
    expect(classify.variables).toMatchObject({
      acknowledgedOn: today,
      acknowledgedInTime: true,
      acknowledgementSent: true,
      deadlineNoticeGiven: true,
    });
    await s.completeUserTask(pi, 'Task_Einordnen', { complaintRoute: 'internal' });

    const statement = await s.userTask(pi, 'Task_Stellungnahme');
    // the statement is the unit's: its candidate group, with the complaints office
    expect(JSON.parse(String(statement.customHeaders['io.camunda.zeebe:candidateGroups']))).toEqual([
      'LG',
      'BS',
    ]);
    expect(statement.variables.unitConcerned).toBe('LG');
    expect(statement.variables.statementDueOn).toBe(addWorkingDays(today, 10));
    await s.completeUserTask(pi, 'Task_Stellungnahme', {
      statement: 'Die Kürzung beruht auf § 1a AsylbLG; die Anhörung fehlte.',
      statementGivenOn: today,
    });
    await s.completeUserTask(pi, 'Task_MassnahmenEntscheiden', {
      measuresDecidedBy: 'unit-head',
      complaintOutcome: 'partly justified',
      measures: 'Anhörung wird nachgeholt.',
      replyText: 'Die Anhörung vor der Kürzung wird nachgeholt.',
    });
    await s.completeUserTask(pi, 'Task_ErgebnisErfassen', { measuresImplemented: true });
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgeschlossen']);
    expect(await s.path(pi)).not.toContain('Task_AnLeitungEskalieren');

    const docs = await s.service(DocumentsService).forCase(reference);
    expect(docs.map((d) => d.templateId)).toEqual(['bs-complaint-acknowledgement', 'bs-complaint-reply']);
    expect(docs[0].html).toContain('hemmt keine Fristen für Widerspruch oder Klage');
    expect(docs[0].html).toContain(german(addMonths(today, 1)));
    expect(docs[1].html).toContain('teilweise begründet');
    expect(docs.every((d) => d.personId === null)).toBe(true);

    const events = await eventsOf(pi);
    expect(events.map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'ComplaintClosed',
    ]);
    const closed = events[2];
    expect(closed.personId).toBeNull();
    expect(closed.payload).toEqual({
      outcome: 'partly justified',
      category: 'decision',
      unit: 'LG',
      receivedOn: today,
      acknowledgedOn: today,
      answeredOn: today,
    });
    expect(JSON.stringify(events.map((e) => e.payload))).not.toMatch(/Amina|Musterweg/);
    const row = await s.service(ComplaintRegisterService).get(reference);
    expect(row).toMatchObject({
      category: 'decision',
      unitConcerned: 'LG',
      acknowledgedOn: today,
      answeredOn: today,
      outcome: 'partly justified',
    });
  });

  it('escalates to the head after 10 working days without statement and sends an interim reply after one month', async () => {
    const today = await s.today();
    const pi = await s.start('complaint-management', {});
    const reference = await register(pi, {
      channel: 'entry-zone',
      category: 'service',
      unitConcerned: 'ABH',
      subject: 'Wartezeit von vier Stunden ohne Dolmetscher',
    });
    await s.completeUserTask(pi, 'Task_Einordnen', { complaintRoute: 'internal' });
    await s.userTask(pi, 'Task_Stellungnahme');

    // the statement is due at the end of the 10th working day
    const dueOn = addWorkingDays(today, 10);
    expect((await s.variables(pi)).statementDueOn).toBe(dueOn);
    await s.advanceClock(`P${daysBetween(today, dueOn)}D`);
    await expect(s.userTask(pi, 'Task_AnLeitungEskalieren', { timeoutMs: 1_000 })).rejects.toThrow(
      /timed out/,
    );
    await s.advanceClock('P1D');
    const escalatedOn = await s.today();
    await s.completeUserTask(pi, 'Task_AnLeitungEskalieren', { escalatedTo: 'agency-head', escalatedOn });
    await s.waitForElement(pi, 'End_Eskaliert');

    await s.advanceClock('P1M');
    await s.waitForElement(pi, 'End_Zwischennachricht');
    const interim = (await s.service(DocumentsService).forCase(reference)).find(
      (d) => d.templateId === 'bs-complaint-interim-reply',
    );
    expect(interim?.html).toContain('noch in Bearbeitung');

    const answeredOn = await s.today();
    await s.completeUserTask(pi, 'Task_Stellungnahme', {
      statement: 'Personalengpass am Vormittag.',
      statementGivenOn: answeredOn,
    });
    await s.completeUserTask(pi, 'Task_MassnahmenEntscheiden', {
      measuresDecidedBy: 'agency-head',
      complaintOutcome: 'justified',
      replyText: 'Wir haben eine zweite Sprechzeit eingerichtet.',
    });
    await s.completeUserTask(pi, 'Task_ErgebnisErfassen', { measuresImplemented: true });
    expect((await s.waitForEnd(pi)).sort()).toEqual([
      'End_Abgeschlossen',
      'End_Eskaliert',
      'End_Zwischennachricht',
    ]);

    const path = await s.path(pi);
    expect(path).toEqual(
      expect.arrayContaining([
        'Boundary_StellungnahmeUeberfaellig',
        'Boundary_AntwortfristAbgelaufen',
        'Task_Zwischennachricht',
        'Task_Stellungnahme',
      ]),
    );
    const row = await s.service(ComplaintRegisterService).get(reference);
    expect(row).toMatchObject({
      escalatedOn,
      outcome: 'justified',
      answeredOn,
      interimReplyOn: expect.any(String) as string,
    });
    const closed = (await eventsOf(pi)).find((e) => e.type === 'ComplaintClosed');
    expect(closed?.payload).toMatchObject({
      outcome: 'justified',
      category: 'service',
      unit: 'ABH',
      receivedOn: today,
      answeredOn,
    });
  });

  it('forwards an anonymous legal remedy as Widerspruch, keeping the receipt date, without acknowledgement letter', async () => {
    const today = await s.today();
    const pi = await s.start('complaint-management', { channel: 'email' });
    const reference = await register(pi, {
      channel: 'email',
      category: 'decision',
      unitConcerned: 'ABH',
      anonymous: true,
      replyName: undefined,
      replyAddress: undefined,
      subject: 'Widerspruch gegen Ablehnung',
    });
    await s.completeUserTask(pi, 'Task_Einordnen', {
      complaintRoute: 'legal-remedy',
      classificationNote: 'Ausdrücklich als Widerspruch bezeichnet',
    });
    await s.completeUserTask(pi, 'Task_AlsWiderspruchWeiterleiten', {
      forwardedTo: 'ABH',
      forwardedOn: today,
      receiptDateKept: true,
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgeschlossen']);
    expect(await s.path(pi)).not.toContain('Task_Stellungnahme');

    expect(await s.service(DocumentsService).forCase(reference)).toEqual([]);
    const events = await eventsOf(pi);
    expect(events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintClosed']);
    expect(events[1].payload).toEqual({
      outcome: 'legal remedy',
      category: 'decision',
      unit: 'ABH',
      receivedOn: today,
      acknowledgedOn: null,
      answeredOn: null,
    });
  });
});

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
