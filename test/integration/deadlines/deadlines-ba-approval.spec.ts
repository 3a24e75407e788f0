/**
 * The BA's approval fiction (§ 36 Abs. 2 BeschV, 2 weeks) as a deadline record (issue 8 § 1) in the
 * check of a training application for § 16g: recorded with the due instant of the engine's timer
 * "Zustimmung gilt als erteilt" when the request goes out; met when the BA answers in time, and met when
 * its two weeks run out and the approval is deemed given.
 */
import type { Person } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import {
  activeChild,
  toleratedPerson,
  trainingApplication,
  trainingRegisters,
} from '../../utils/training-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const abh = caseworkerOf('ABH');

describe('the BA approval fiction as a deadline record', () => {
  const s = useScenarioApp();

  /** a § 16g application up to the BA's answer; returns the check instance */
  async function untilBaRequest(today: string): Promise<{ person: Person; check: string }> {
    const duldungSince = addMonths(today, -6);
    const person = await toleratedPerson(s, today, duldungSince);
    const trainingStart = addMonths(today, 3);
    const key = await s.start('training-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      trainingApplication(today, trainingStart, {
        residencePermitWanted: true,
        monthlyMeans: 950,
        livesWithParents: false,
        passportAvailable: true,
      }),
    );
    const check = await activeChild(s, key, 'training-toleration-check');
    await s.completeUserTask(
      check,
      'Task_RegisterauskuenfteErfassen',
      trainingRegisters(today, duldungSince),
    );
    await s.waitForElement(check, 'Gateway_BaAntwort', 'ELEMENT_ACTIVATED');
    return { person, check };
  }

  it('recorded as the timer; the BA answers within the two weeks: met', async () => {
    const today = await s.today();
    const { person, check } = await untilBaRequest(today);
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id, kind: 'ba-approval-fiction' });
    expect([open.status, open.dueOn, open.unit, open.fileNumber, open.processInstanceKey]).toEqual([
      'open',
      addDays(today, 14),
      'ABH',
      person.fileNumber,
      check,
    ]);
    expect(open.legalBasis).toBe('§ 36 Abs. 2 BeschV');
    expect(open.dueAt).toBe(await timerDueAt(s, check, 'Timer_Zustimmungsfiktion'));

    await s.advanceClock('P3D');
    await s.publish('BaZustimmung', person.fileNumber, { baApproved: true });
    await s.waitForElement(check, 'Event_BaAntwortErhalten', 'ELEMENT_COMPLETED');
    const [met] = await deadlines.list(abh, { personId: person.id, kind: 'ba-approval-fiction' });
    expect([met.status, met.closedAt !== null]).toEqual(['met', true]);
  });

  it('no answer: the two weeks run out, the approval is deemed given and the period met', async () => {
    const today = await s.today();
    const { person, check } = await untilBaRequest(today);
    const deadlines = s.service(DeadlinesService);
    await s.advanceClock('P15D');
    await s.waitForElement(check, 'Timer_Zustimmungsfiktion', 'ELEMENT_COMPLETED');
    const [met] = await deadlines.list(abh, { personId: person.id, kind: 'ba-approval-fiction' });
    expect([met.dueOn, met.status, met.closedAt !== null]).toEqual([addDays(today, 14), 'met', true]);
  });
});
