/**
 * BuT and Krankenhilfe requests (BRIEF § 3 row 8, "BuT and Krankenhilfe") end to end: the embedded
 * engine, the real workers and PostgreSQL. School supplies for a pupil in a household on § 3 benefits,
 * granted with the BuT-Bescheid (2026 parameter: 130 €); dentures refused unless unavoidable (§ 4 Abs. 1
 * S. 3 AsylbLG), with a Behandlungsschein when they are; a Behandlungsschein for an acute illness; no
 * request without AsylbLG benefits. Every outcome passes the four-eyes approval; a BuT grant records
 * ButGranted for the quarterly statistics.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addMonths } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp } from '../../utils/scenario';

const german = (iso: string): string => iso.split('-').reverse().join('.');
const quarterEnd = (iso: string): string => {
  const month = Math.ceil(Number(iso.slice(5, 7)) / 3) * 3;
  const day = new Date(Date.UTC(Number(iso.slice(0, 4)), month, 0)).getUTCDate();
  return `${iso.slice(0, 4)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

describe('process asylblg-but-krankenhilfe', () => {
  const s = useScenarioApp();
  const approve = { approvedBy: 'ZP2', approvalDecision: 'approved' };

  /** a parent receiving § 3 benefits (BenefitStarted in the case file) and a 10-year-old child */
  async function household(today: string): Promise<{ parent: Person; child: Person }> {
    const cases = s.service(CasesService);
    const home = await cases.createHousehold({ municipality: 'Zeitz' });
    const parent = await createPerson(cases, { dateOfBirth: '1988-02-01', householdId: home.id });
    const child = await createPerson(cases, {
      givenNames: 'Samir',
      dateOfBirth: addMonths(today, -12 * 10 - 3),
      householdId: home.id,
    });
    await cases.recordEvent(
      'BenefitStarted',
      { basis: '§3', from: addMonths(today, -6) },
      {
        personId: parent.id,
        occurredOn: addMonths(today, -6),
        ctx: { idempotencyPrefix: `test-${parent.id}` },
      },
    );
    return { parent, child };
  }

  async function request(person: Person, requestType: 'BuT' | 'Krankenhilfe'): Promise<string> {
    return s.start('asylblg-but-krankenhilfe', {
      personId: person.id,
      caseId: person.fileNumber,
      requestType,
    });
  }

  const krankenhilfe = (today: string, overrides: Record<string, unknown>) => ({
    recordedBy: 'SB1',
    requestType: 'Krankenhilfe',
    requestReceivedOn: today,
    ...overrides,
  });

  it('grants school supplies for a pupil (§ 3 Abs. 4 AsylbLG, § 34 Abs. 3 SGB XII): approval, BuT-Bescheid with 130,00 €', async () => {
    const today = await s.today();
    const { child } = await household(today);
    const pi = await request(child, 'BuT');
    await s.completeUserTask(pi, 'Task_AntragErfassen', {
      recordedBy: 'SB1',
      requestType: 'BuT',
      requestReceivedOn: today,
      attendsSchool: true,
      inDaycare: false,
      receivesTrainingAllowance: false,
      butItems: ['schoolSupplies'],
      schoolHalfYear: 'first',
    });
    const approval = await s.userTask(pi, 'Task_Freigeben');
    expect(approval.variables.requestDecision).toBe('granted');
    expect(String(approval.variables.decisionSummary)).toContain(
      'Ausstattung mit persönlichem Schulbedarf: 130,00 €',
    );
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_But']);

    const notice = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-but-notice',
    );
    expect(notice).toBeDefined();
    expect(notice!.personId).toBe(child.id);
    expect(notice!.remedy).toMatchObject({ kind: 'Widerspruch', period: '1 Monat', basis: '§ 84 SGG' });
    for (const text of [
      'Leistungen für Bildung und Teilhabe für',
      'Ausstattung mit persönlichem Schulbedarf',
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 3 und 3a SGB XII',
      'Geldleistung',
      'Einmalige Leistungen insgesamt: 130,00 €',
      `am ${german(today)} eingegangenen Antrag`,
      'Rechtsbehelfsbelehrung',
    ]) {
      expect(notice!.html).toContain(text);
    }
    const events = await s.service(CasesService).eventsOfInstance(pi);
    expect(events.map((e) => [e.type, e.personId, e.payload])).toEqual([
      ['ButGranted', child.id, { items: ['schoolSupplies'], onceTotal: 13000, monthlyTotal: 0, on: today }],
    ]);
    const links = await s.service(CasesService).processLinks(child.id);
    expect(links.map((l) => [l.bpmnProcessId, l.processInstanceKey])).toContainEqual([
      'asylblg-but-krankenhilfe',
      pi,
    ]);
  });

  it('refuses dentures that are not unavoidable (§ 4 Abs. 1 S. 3 AsylbLG) after a second person approved; issues a Behandlungsschein when they are', async () => {
    const today = await s.today();
    const { parent } = await household(today);
    const pi = await request(parent, 'Krankenhilfe');
    const dentures = krankenhilfe(today, { treatmentType: 'dentures', denturesUnavoidable: false });
    await s.completeUserTask(pi, 'Task_AntragErfassen', dentures);
    const approval = await s.userTask(pi, 'Task_Freigeben');
    expect(approval.variables.requestDecision).toBe('refused');
    expect(String(approval.variables.decisionSummary)).toContain('§ 4 Abs. 1 S. 3 AsylbLG');
    // the recorder cannot approve the own refusal: back to the record task, no notice yet
    await s.completeUserTask(pi, 'Task_Freigeben', { approvedBy: 'SB1', approvalDecision: 'approved' });
    await s.completeUserTask(pi, 'Task_AntragErfassen', dentures);
    expect(await s.service(DocumentsService).forProcessInstance(pi)).toEqual([]);
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgelehnt']);
    const path = await s.path(pi);
    expect(path.filter((id) => id === 'Task_Freigeben')).toHaveLength(2);
    const refusal = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-but-krankenhilfe-refusal',
    );
    expect(refusal?.html).toContain(
      'Der Antrag auf Krankenhilfe (Versorgung mit Zahnersatz) wird abgelehnt.',
    );
    expect(refusal?.html).toContain('aus medizinischen Gründen unaufschiebbar');
    expect(refusal?.html).toContain('(§ 4 Abs. 1 S. 3 AsylbLG)');
    expect(refusal?.remedy).toMatchObject({ kind: 'Widerspruch', period: '1 Monat', basis: '§ 84 SGG' });

    // the dentist's statement: unavoidable for medical reasons → Behandlungsschein for dentures
    const again = await request(parent, 'Krankenhilfe');
    await s.completeUserTask(again, 'Task_AntragErfassen', { ...dentures, denturesUnavoidable: true });
    await s.completeUserTask(again, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(again)).toEqual(['End_Krankenhilfe']);
    const voucher = (await s.service(DocumentsService).forProcessInstance(again)).find(
      (d) => d.templateId === 'lg-krankenhilfe-voucher',
    );
    expect(voucher?.html).toContain('Versorgung mit Zahnersatz');
    expect(voucher?.html).toContain('(§ 4 Abs. 1 S. 3 AsylbLG)');
    expect(voucher?.html).not.toContain('insbesondere Zahnersatz');
  });

  it('issues a Behandlungsschein for an acute illness (§ 4 Abs. 1 S. 1 AsylbLG), valid until the end of the quarter', async () => {
    const today = await s.today();
    const { parent } = await household(today);
    const pi = await request(parent, 'Krankenhilfe');
    await s.completeUserTask(
      pi,
      'Task_AntragErfassen',
      krankenhilfe(today, { treatmentType: 'acute', practiceName: 'Hausarztpraxis Am Markt, Zeitz' }),
    );
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_Krankenhilfe']);
    const voucher = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-krankenhilfe-voucher',
    );
    expect(voucher).toBeDefined();
    expect(voucher!.remedy).toBeNull();
    for (const text of [
      'Behandlungsschein',
      'Behandlung einer akuten Erkrankung oder eines Schmerzzustands',
      '(§ 4 Abs. 1 S. 1 AsylbLG)',
      'Hausarztpraxis Am Markt, Zeitz',
      `Gültig vom ${german(today)} bis zum ${german(quarterEnd(today))}`,
    ]) {
      expect(voucher!.html).toContain(text);
    }
  });

  it('refuses a request of a person without AsylbLG benefits (§ 1 Abs. 1 AsylbLG)', async () => {
    const today = await s.today();
    const person = await createPerson(s.service(CasesService));
    const pi = await request(person, 'Krankenhilfe');
    await s.completeUserTask(pi, 'Task_AntragErfassen', krankenhilfe(today, { treatmentType: 'acute' }));
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    expect(await s.waitForEnd(pi)).toEqual(['End_Abgelehnt']);
    const refusal = (await s.service(DocumentsService).forProcessInstance(pi)).find(
      (d) => d.templateId === 'lg-but-krankenhilfe-refusal',
    );
    expect(refusal?.html).toContain('kein laufender Leistungsbezug nach dem AsylbLG');
  });
});
