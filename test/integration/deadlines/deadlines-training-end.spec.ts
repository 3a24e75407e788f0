/**
 * The end of the training (§ 60c Abs. 1 AufenthG) as a deadline record (issue 8 § 1): recorded when the
 * Ausbildungsduldung is granted, due at the end of its last day; met when the exam is passed by then,
 * cancelled when the training ends early. The BPMN has no timer at the training's end; its exam-status
 * timer lies two months [local] before it.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths, deadlineEnd } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import {
  activeChild,
  toleratedPerson,
  trainingApplication,
  trainingRegisters,
} from '../../utils/training-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf } from './deadline-fixtures';

const abh = caseworkerOf('ABH');

describe('the end of the training (§ 60c) as a deadline record', () => {
  const s = useScenarioApp();

  const monitoringOf = (parent: string) => activeChild(s, parent, 'training-toleration-monitoring');

  /** a running training (case Nr. 1) granted the Ausbildungsduldung; returns the case's instance */
  async function granted(): Promise<{ person: Person; key: string; trainingEnd: string }> {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const trainingStart = addMonths(today, -10);
    const trainingEnd = addDays(addMonths(trainingStart, 36), -1);
    const person = await toleratedPerson(s, today, duldungSince);
    const key = await s.start('training-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      trainingApplication(today, trainingStart, {
        caseType: 'nr1',
        trainingBeganDuringAsylumProcedure: true,
        chamberRegistrationAppliedOn: addDays(trainingStart, -30),
      }),
    );
    const check = await activeChild(s, key, 'training-toleration-check');
    await s.completeUserTask(
      check,
      'Task_RegisterauskuenfteErfassen',
      trainingRegisters(today, duldungSince),
    );
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', {
      decision: 'grant',
      decisionReason: 'Alle Voraussetzungen liegen vor; keine Ausschlussgründe.',
      secondReviewer: 'MK',
    });
    await s.waitForElement(await monitoringOf(key), 'Timer_VorVertragsende', 'ELEMENT_ACTIVATED');
    return { person, key, trainingEnd };
  }

  it('recorded at the Duldung’s last day; the exam passed before it: met', async () => {
    const { person, key, trainingEnd } = await granted();
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id, kind: 'training-end-60c' });
    expect([
      open.status,
      open.dueOn,
      open.dueAt,
      open.unit,
      open.fileNumber,
      open.processInstanceKey,
    ]).toEqual(['open', trainingEnd, deadlineEnd(trainingEnd), 'ABH', person.fileNumber, key]);
    const [duldung] = (await s.service(CasesService).statusAt(person.id, await s.today())).filter(
      (e) => e.type === 'Duldung §60c',
    );
    expect(duldung.validTo).toBe(open.dueOn);

    // two months before the end the ABH asks for the exam status; the exam is passed a month before
    const monitoring = await monitoringOf(key);
    const queryAt = String((await s.variables(monitoring)).examStatusQueryAt);
    await s.advanceClock(Date.parse(queryAt) - (await s.engine.clock.now()).getTime() + 60_000);
    await s.completeUserTask(monitoring, 'Task_PruefungsstandErfragen', {
      examStatus: 'exam-scheduled',
      examDate: addMonths(trainingEnd, -1),
    });
    await s.waitForElement(monitoring, 'Event_AusbildungBestanden', 'ELEMENT_ACTIVATED');
    await s.publish('AusbildungBestanden', person.fileNumber, { examPassedOn: await s.today() });
    await s.userTask(key, 'Task_WeiterbeschaeftigungKlaeren');
    const [met] = await deadlines.list(abh, { personId: person.id, kind: 'training-end-60c' });
    expect([met.status, met.closedAt !== null]).toEqual(['met', true]);
  });

  it('the training ends early: the deadline is cancelled', async () => {
    const { person, key } = await granted();
    await s.advanceClock('P2M');
    await s.publish('AusbildungVorzeitigBeendet', person.fileNumber, {
      trainingEndedOn: addDays(await s.today(), -10),
    });
    await s.waitForElement(key, 'Task_ErloeschenFeststellen');
    const deadlines = s.service(DeadlinesService);
    for (let i = 0; i < 100; i++) {
      const [row] = await deadlines.list(abh, { personId: person.id, kind: 'training-end-60c' });
      if (row.status !== 'open') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [cancelled] = await deadlines.list(abh, { personId: person.id, kind: 'training-end-60c' });
    expect([cancelled.status, cancelled.closedAt !== null]).toEqual(['cancelled', true]);
  });
});
