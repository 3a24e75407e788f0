/**
 * The departure deadline (§ 59 Abs. 1 AufenthG; §§ 36, 38 AsylG) and the Duldung's expiry (§ 60a Abs. 4)
 * as records (issue 8 § 1) in the return management: the departure deadline recorded with the due
 * instant of the engine's timer "Ausreisefrist abgelaufen", met when the person chooses voluntary
 * departure in time, missed when the timer fires; the Duldung's expiry with the due date of the
 * Wiedervorlage task, met when reviewed in time, renewed with the next Duldung.
 */
import { CasesService } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { createPerson } from '../../factories/person.factory';
import { startReturnCase } from '../../utils/return-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const abh = caseworkerOf('ABH');
const lg = caseworkerOf('LG');

describe('deadline records of the return management', () => {
  const s = useScenarioApp();

  async function startCase(vars: Record<string, unknown>) {
    const person = await s.inContext(() => createPerson(s.service(CasesService), { nationalities: ['GEO'] }));
    const today = await s.today();
    const pi = await startReturnCase(s, person, today, vars);
    return { person, pi, today };
  }

  it('voluntary departure chosen within the 30 days: recorded as the timer, met', async () => {
    const { person, pi, today } = await startCase({ obligationBasis: 'asylum-rejected' });
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id });
    expect([open.kind, open.status, open.dueOn, open.unit, open.fileNumber, open.processInstanceKey]).toEqual(
      [
        'departure',
        'open',
        addDays(today, 30), // § 38 Abs. 1 AsylG
        'ABH',
        person.fileNumber,
        pi,
      ],
    );
    expect(open.legalBasis).toBe('§ 59 Abs. 1 AufenthG; §§ 36, 38 AsylG');
    expect(open.dueAt).toBe(await timerDueAt(s, pi, 'Event_AusreisefristAbgelaufen'));
    expect(await deadlines.list(lg, { personId: person.id })).toEqual([]);

    await s.advanceClock('P5D');
    await s.publish('FreiwilligeAusreiseGewaehlt', person.fileNumber);
    await s.waitForElement(pi, 'Event_FreiwilligeAusreiseGewaehlt', 'ELEMENT_COMPLETED');
    await s.userTask(pi, 'Task_Rueckkehrberatung');
    const [closed] = await deadlines.list(abh, { personId: person.id });
    expect([closed.kind, closed.status, closed.closedAt !== null]).toEqual(['departure', 'met', true]);
  });

  it('the deadline expires: the timer fires and the record is missed', async () => {
    const { person, pi, today } = await startCase({
      obligationBasis: 'removal-warning',
      requestedDeadlineDays: 7,
    });
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id });
    expect([open.dueOn, open.dueAt]).toEqual([
      addDays(today, 7),
      await timerDueAt(s, pi, 'Event_AusreisefristAbgelaufen'),
    ]);

    await s.advanceClock('P8D');
    await s.userTask(pi, 'Task_HindernissePruefen');
    const [missed] = await deadlines.list(abh, { personId: person.id });
    expect([missed.kind, missed.status, missed.overdue]).toEqual(['departure', 'missed', false]);
  });

  it('the Duldung expiry: recorded as the review task is due, met when reviewed in time, renewed', async () => {
    const { person, pi } = await startCase({ obligationBasis: 'removal-warning', requestedDeadlineDays: 7 });
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
    const validTo = addMonths(checkedOn, 3);
    await s.completeUserTask(pi, 'Task_DuldungEntscheiden', {
      duldungValidFrom: checkedOn,
      duldungValidTo: validTo,
      duldungWohnsitzauflage: 'Naumburg (Saale)',
      passportActions: ['embassy-appointment', 'photos'],
      cooperationDeadline: addDays(checkedOn, 28),
    });
    await s.waitForElement(pi, 'Event_Wiedervorlage', 'ELEMENT_ACTIVATED');
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id, kind: 'duldung-expiry' });
    expect([open.status, open.dueOn, open.unit, open.fileNumber]).toEqual([
      'open',
      validTo,
      'ABH',
      person.fileNumber,
    ]);
    expect(open.legalBasis).toBe('§ 60a Abs. 4 AufenthG');

    // the review 2 weeks before: its task is due when the Duldung expires, exactly as the record
    const reviewAt = String((await s.variables(pi)).duldungWiedervorlageAt);
    await s.advanceClock(Date.parse(reviewAt) - (await s.engine.clock.now()).getTime() + 60_000);
    const review = await s.userTask(pi, 'Task_Wiedervorlage');
    expect(review.customHeaders['io.camunda.zeebe:dueDate']).toBe(open.dueAt);
    await s.completeUserTask(pi, 'Task_Wiedervorlage', {
      reviewOutcome: 'continue',
      reviewNote: 'Botschaftstermin inzwischen wahrgenommen',
    });
    await s.userTask(pi, 'Task_HindernissePruefen');
    const [met] = await deadlines.list(abh, { personId: person.id, kind: 'duldung-expiry' });
    expect([met.status, met.dueOn]).toEqual(['met', validTo]);

    // a new Duldung in the same case: the record runs again to its last day
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
    for (let i = 0; i < 200; i++) {
      const [row] = await deadlines.list(abh, { personId: person.id, kind: 'duldung-expiry' });
      if (row.status === 'open') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [renewed] = await deadlines.list(abh, { personId: person.id, kind: 'duldung-expiry' });
    expect([renewed.status, renewed.dueOn, renewed.closedAt]).toEqual([
      'open',
      addMonths(recheckOn, 6),
      null,
    ]);
  });
});
