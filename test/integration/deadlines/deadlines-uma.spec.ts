/**
 * Deadline records follow the process (issue 8 § 1): a UMA reported to the Jugendamt, run with a moved
 * engine clock. The records carry exactly the due instants of the BPMN timers (read from the engine's
 * own timer table) and change status as the process passes the points they guard.
 */
import { addDays, addMonths, addWerktage } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { useScenarioApp, type Scenario } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const ja = caseworkerOf('JA');
const abh = caseworkerOf('ABH');

async function waitForInstanceOf(s: Scenario, known: Set<string>): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const created = (await s.instancesOf('uma-reception')).filter((k) => !known.has(k));
    if (created.length) return created[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no uma-reception instance started');
}

describe('deadline records of the UMA process', () => {
  const s = useScenarioApp();

  it('7 Werktage and one month: recorded as the timers, missed and met as the process goes', async () => {
    const today = await s.today();
    const before = new Set(await s.instancesOf('uma-reception'));
    await s.publish('UMAGemeldet', `deadline-report-${today}`, {
      uma: {
        familyName: 'Haddad',
        givenNames: 'Amal',
        dateOfBirth: addMonths(today, -12 * 15),
        sex: 'female',
        nationalities: ['SYR'],
        foundOn: today,
        source: 'found-in-district',
        enteredWith: 'none',
      },
    });
    const pi = await waitForInstanceOf(s, before);
    await s.completeUserTask(pi, 'Task_AlterFeststellen', {
      idPapersPresented: true,
      idPapersConclusive: true,
      idPapersShowMinor: true,
      ageAssessedDateOfBirth: addMonths(today, -12 * 15),
    });
    await s.waitForElement(pi, 'Task_Screening', 'ELEMENT_ACTIVATED');
    const { personId, caseId } = await s.variables(pi);
    const deadlines = s.service(DeadlinesService);

    const open = await deadlines.list(ja, { personId: String(personId) });
    expect(open.map((d) => [d.kind, d.status, d.dueOn, d.unit, d.fileNumber])).toEqual([
      ['uma-notification', 'open', addWerktage(today, 7), 'JA', caseId], // § 42a Abs. 4 S. 1 SGB VIII
      ['uma-distribution', 'open', addMonths(today, 1), 'JA', caseId], // § 42b Abs. 4 Nr. 4 SGB VIII
    ]);
    expect(open[0].legalBasis).toBe('§ 42a Abs. 4 S. 1 SGB VIII');
    expect(open[0].processInstanceKey).toBe(pi);
    // the record and the BPMN boundary timer agree to the second
    expect(open[0].dueAt).toBe(await timerDueAt(s, pi, 'Boundary_Meldefrist'));
    // another unit does not see the JA's deadlines
    expect(await deadlines.list(abh, { personId: String(personId) })).toEqual([]);

    // the screening is not done within the 7 Werktage: the timer fires, the office is notified late
    await s.advanceClock('P10D');
    await s.waitForElement(pi, 'Task_LandesstelleMelden', 'ELEMENT_COMPLETED');
    await s.waitForElement(pi, 'Gateway_Verteilung', 'ELEMENT_ACTIVATED');
    const [notification, distribution] = await deadlines.list(ja, { personId: String(personId) });
    expect([notification.kind, notification.status, notification.closedAt !== null]).toEqual([
      'uma-notification',
      'missed',
      true,
    ]);
    expect([distribution.kind, distribution.status, distribution.overdue]).toEqual([
      'uma-distribution',
      'open',
      false,
    ]);
    expect(distribution.dueAt).toBe(await timerDueAt(s, pi, 'Timer_EinMonat'));

    // distributed to another Land within the month: met
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
    const closed = await deadlines.list(ja, { personId: String(personId) });
    expect(closed.map((d) => [d.kind, d.status])).toEqual([
      ['uma-notification', 'missed'],
      ['uma-distribution', 'met'],
    ]);
    expect(await deadlines.list(ja, { personId: String(personId), status: 'open' })).toEqual([]);
  });

  it('a child found to be of age: the open deadlines are cancelled', async () => {
    const today = await s.today();
    const before = new Set(await s.instancesOf('uma-reception'));
    await s.publish('UMAGemeldet', `deadline-adult-${today}`, {
      uma: {
        familyName: 'Karimi',
        givenNames: 'Reza',
        dateOfBirth: null,
        sex: 'male',
        nationalities: ['AFG'],
        foundOn: today,
        source: 'found-in-district',
        enteredWith: 'none',
      },
    });
    const pi = await waitForInstanceOf(s, before);
    await s.waitForElement(pi, 'Task_AlterFeststellen', 'ELEMENT_ACTIVATED');
    const { personId } = await s.variables(pi);
    await s.completeUserTask(pi, 'Task_AlterFeststellen', {
      idPapersPresented: true,
      idPapersConclusive: true,
      idPapersShowMinor: false,
      ageAssessedDateOfBirth: addMonths(today, -12 * 20),
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Volljaehrig']);
    const rows = await s.service(DeadlinesService).list(ja, { personId: String(personId) });
    expect(rows.map((d) => [d.kind, d.status])).toEqual([
      ['uma-notification', 'cancelled'],
      ['uma-distribution', 'cancelled'],
    ]);
  });
});
