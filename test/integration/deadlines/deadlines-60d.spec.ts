/**
 * The deadline record of month 27 of a Beschäftigungsduldung (§ 60d with § 25b Abs. 6 AufenthG) follows
 * the process: recorded at the grant with exactly the due instant of the BPMN boundary timer
 * Boundary_Monat27 (read from the engine's timer table), met when the timer fires and the invitation
 * goes out (engine clock moved by 27 months).
 */
import { addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import {
  employmentApplication,
  livelihood,
  tolerationApplicant,
} from '../../utils/employment-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const abh = caseworkerOf('ABH');

describe('deadline record of month 27 (§ 60d AufenthG)', () => {
  const s = useScenarioApp();

  const applicant = async (today: string) => (await tolerationApplicant(s, today)).person;
  const application = employmentApplication;

  it('recorded at the grant as the timer, met when month 27 is reached', async () => {
    const today = await s.today();
    const person = await applicant(today);
    const pi = await s.start('employment-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(pi, 'Task_AntragErfassen', application(today));
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', livelihood());
    await s.completeUserTask(pi, 'Task_Entscheiden', {
      decision: 'grant',
      decisionReasoning: 'Alle Voraussetzungen des § 60d Abs. 1 AufenthG liegen vor.',
      secondReviewer: 'MK',
      fourEyesConfirmed: true,
    });
    await s.waitForElement(pi, 'Task_MitteilungAbwarten', 'ELEMENT_ACTIVATED');

    const deadlines = s.service(DeadlinesService);
    const [record] = await deadlines.list(abh, { personId: person.id });
    expect([record.kind, record.status, record.dueOn, record.unit, record.fileNumber]).toEqual([
      'month-27-60d',
      'open',
      addMonths(today, 27), // § 188 Abs. 2 BGB
      'ABH',
      person.fileNumber,
    ]);
    expect(record.legalBasis).toBe('§ 60d Abs. 1 AufenthG; § 25b Abs. 6 AufenthG');
    expect(record.dueAt).toBe(await timerDueAt(s, pi, 'Boundary_Monat27'));

    await s.advanceClock('P27M');
    expect(await s.waitForEnd(pi)).toEqual(['End_Eingeladen']);
    const [after] = await deadlines.list(abh, { personId: person.id });
    expect([after.kind, after.status]).toEqual(['month-27-60d', 'met']);
  });
});
