/**
 * The Anhörung period (§ 28 VwVfG, 2 weeks) as a deadline record (issue 8 § 1) in the Beschäftigungs-
 * duldung: recorded with the due instant of the engine's timer "Anhörungsfrist (2 Wochen) abgelaufen"
 * when the letter goes out, met once the period has run and the process goes on to the decision; the
 * Anhörung before a revocation (§ 60d Abs. 3) too, due when the engine brings the re-check task back.
 */
import type { Person } from '../../../src/cases';
import { addDays, shiftOffClosedDay } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { waitFor } from '../../utils/engine';
import {
  employmentApplication,
  livelihood,
  tolerationApplicant,
} from '../../utils/employment-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const abh = caseworkerOf('ABH');

describe('the Anhörung period as a deadline record', () => {
  const s = useScenarioApp();

  /** a tolerated, employed person with a Duldung § 60a for 2 years */
  const applicant = async (today: string) => (await tolerationApplicant(s, today)).person;
  // G: oral German A2 not shown → Anhörung before a refusal
  const application = (today: string) => employmentApplication(today, { germanOralLevel: 'A1' });

  it('recorded as the timer when the letter goes out; met when the 2 weeks have run', async () => {
    const today = await s.today();
    const person = await applicant(today);
    const pi = await s.start('employment-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(pi, 'Task_AntragErfassen', application(today));
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', livelihood());
    await s.waitForElement(pi, 'Event_AnhoerungsfristAbgelaufen', 'ELEMENT_ACTIVATED');

    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id, kind: 'hearing' });
    expect([open.status, open.dueOn, open.unit, open.fileNumber, open.processInstanceKey]).toEqual([
      'open',
      shiftOffClosedDay(addDays(today, 14)),
      'ABH',
      person.fileNumber,
      pi,
    ]);
    expect(open.legalBasis).toBe('§ 28 VwVfG');
    const timer = await timerDueAt(s, pi, 'Event_AnhoerungsfristAbgelaufen');
    expect(open.dueAt).toBe(timer);

    // a day before the end nothing has changed; once the period has run, the decision follows: met
    await s.advanceClock(Date.parse(timer) - (await s.engine.clock.now()).getTime() - 24 * 3600_000);
    expect((await deadlines.list(abh, { personId: person.id, kind: 'hearing' }))[0].status).toBe('open');
    await s.advanceClock(24 * 3600_000 + 60_000);
    await s.userTask(pi, 'Task_Entscheiden');
    const [met] = await deadlines.list(abh, { personId: person.id, kind: 'hearing' });
    expect([met.status, met.closedAt !== null]).toEqual(['met', true]);
  });

  /** a person granted the Beschäftigungsduldung, whose employer reports the end of employment today */
  async function employmentEnded(today: string): Promise<{ person: Person; pi: string }> {
    const person = await applicant(today);
    const pi = await s.start('employment-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(pi, 'Task_AntragErfassen', { ...application(today), germanOralLevel: 'A2' });
    await s.completeUserTask(pi, 'Task_LebensunterhaltPruefen', livelihood());
    await s.completeUserTask(pi, 'Task_Entscheiden', {
      decision: 'grant',
      decisionReasoning: 'Alle Voraussetzungen des § 60d Abs. 1 AufenthG liegen vor.',
      secondReviewer: 'MK',
      fourEyesConfirmed: true,
    });
    await s.waitForElement(pi, 'Task_MitteilungAbwarten', 'ELEMENT_ACTIVATED');
    await s.publish('BeschaeftigungBeendet', person.fileNumber, { employmentEndedOn: today });
    await s.completeUserTask(pi, 'Task_Nachpruefen', endedFacts(today));
    await s.userTask(pi, 'Task_Nachpruefen'); // back after the Anhörung letter
    return { person, pi };
  }

  const endedFacts = (today: string) => ({
    employmentEndedOn: today,
    interruptionNotAttributable: false,
    livelihoodSecured: false,
    bzrApplicantConvictions: 0,
  });

  it('the revocation Anhörung: recorded as the follow-up date of the re-check; met before the revocation', async () => {
    const today = await s.today();
    const { person, pi } = await employmentEnded(today);
    const facts = endedFacts(today);
    const deadlines = s.service(DeadlinesService);
    const hearings = () => deadlines.list(abh, { personId: person.id, kind: 'hearing' });
    const again = await s.userTask(pi, 'Task_Nachpruefen');
    const [open] = await hearings();
    expect([open.status, open.dueOn, open.unit, open.fileNumber, open.legalBasis]).toEqual([
      'open',
      shiftOffClosedDay(addDays(today, 14)),
      'ABH',
      person.fileNumber,
      '§ 28 VwVfG',
    ]);
    // the engine's date for the task to come back is the record's due time
    expect(open.dueAt).toBe(again.customHeaders['io.camunda.zeebe:followUpDate']);

    // the re-check after the period: the person had the full period, the revocation follows
    const now = (await s.engine.clock.now()).getTime();
    await s.advanceClock(Date.parse(open.dueAt) - now + 60_000);
    await s.completeUserTask(pi, 'Task_Nachpruefen', {
      ...facts,
      revocationStatementReceived: false,
      revocationReasoning: 'Eine Stellungnahme ist nicht eingegangen.',
    });
    expect(await s.waitForEnd(pi)).toEqual(['End_Widerrufen']);
    const [met] = await hearings();
    expect([met.id, met.status, met.closedAt !== null]).toEqual([open.id, 'met', true]);
  });

  it('the revocation Anhörung: cancelled when the conditions hold again (new employment)', async () => {
    const today = await s.today();
    const { person, pi } = await employmentEnded(today);
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(abh, { personId: person.id, kind: 'hearing' });
    expect(open.status).toBe('open');
    await s.completeUserTask(pi, 'Task_Nachpruefen', {
      ...endedFacts(today),
      newEmploymentSince: today,
      newEmploymentWeeklyHours: 25,
      newEmploymentSubjectToSocialInsurance: true,
      livelihoodSecured: true,
    });
    // the re-check decides "continue": monitoring goes on, the Anhörung no longer runs
    const cancelled = await waitFor(
      async () =>
        (await deadlines.list(abh, { personId: person.id, kind: 'hearing' })).find(
          (d) => d.status !== 'open',
        ),
      15_000,
      100,
      'the closed Anhörung',
    );
    expect([cancelled.id, cancelled.status]).toEqual([open.id, 'cancelled']);
    expect((await s.variables(pi)).revocationDecision).toBe('continue');
  });
});
