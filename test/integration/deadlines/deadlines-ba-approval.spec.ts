/**
 * The BA's approval fiction (§ 36 Abs. 2 BeschV, 2 weeks) as a deadline record (issue 8 § 1) in the
 * check of a training application for § 16g: recorded with the due instant of the engine's timer
 * "Zustimmung gilt als erteilt" when the request goes out; met when the BA answers in time, and met when
 * its two weeks run out and the approval is deemed given.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, rowsOf, timerDueAt } from './deadline-fixtures';

const abh = caseworkerOf('ABH');

describe('the BA approval fiction as a deadline record', () => {
  const s = useScenarioApp();

  async function tolerated(today: string, duldungSince: string): Promise<Person> {
    return s.inContext(async () => {
      const cases = s.service(CasesService);
      const entryDate = addMonths(today, -36);
      const person = await createPerson(cases, {
        nationalities: ['SYR'],
        entryDate,
        identityEvidence: 'passport',
        identityClarifiedOn: addMonths(entryDate, 2),
      });
      await cases.startStatusEpisode(
        person.id,
        {
          type: 'Duldung §60a',
          legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
          validFrom: duldungSince,
          conditions: { workAllowed: true },
        },
        { idempotencyPrefix: `test-duldung-${person.id}` },
      );
      return person;
    });
  }

  /** a § 16g application up to the BA's answer; returns the check instance */
  async function untilBaRequest(today: string): Promise<{ person: Person; check: string }> {
    const duldungSince = addMonths(today, -6);
    const person = await tolerated(today, duldungSince);
    const entryDate = addMonths(today, -36);
    const trainingStart = addMonths(today, 3);
    const key = await s.start('training-toleration', {
      personId: person.id,
      caseId: person.fileNumber,
      applicationDate: today,
    });
    await s.completeUserTask(key, 'Task_AntragsdatenErfassen', {
      applicationDate: today,
      occupation: 'Anlagenmechaniker für Sanitär-, Heizungs- und Klimatechnik',
      trainingType: 'company',
      stateRecognised: true,
      regularDurationMonths: 42,
      trainingStart,
      trainingEnd: addDays(addMonths(trainingStart, 36), -1),
      trainingProvider: 'Muster Haustechnik GmbH',
      trainingProviderAddress: 'Industriestraße 4\n06618 Naumburg (Saale)',
      chamber: 'HWK',
      chamberRegistrationNumber: 'HWK 2026/0815',
      chamberRegistrationAppliedOn: today,
      caseType: 'nr2',
      enteredToObtainBenefits: false,
      removalBlockedByOwnFault: false,
      withdrawalAfterCounselling: false,
      umaChildInterest: false,
      toleratedOnCutoffWithoutApplication: false,
      identityEvidence: 'passport',
      identityClarifiedOn: addMonths(entryDate, 2),
      allReasonableStepsInTime: false,
      delayNotOwnFault: false,
      residencePermitWanted: true,
      monthlyMeans: 950,
      livesWithParents: false,
      passportAvailable: true,
    });
    let check: string | undefined;
    for (let i = 0; i < 300 && !check; i++) {
      [check] = (
        await rowsOf<{ key: string }>(
          s,
          `select key::text as key from engine.process_instance where parent_process_instance_key = ? and bpmn_process_id = 'training-toleration-check' and state = 'ACTIVE'`,
          [key],
        )
      ).map((r) => r.key);
      if (!check) await new Promise((r) => setTimeout(r, 50));
    }
    await s.completeUserTask(check!, 'Task_RegisterauskuenfteErfassen', {
      entryDate,
      duldungSince,
      duldung60bDays: 0,
      asylumOutcome: 'rejected',
      asylumApplicationDate: addDays(entryDate, 10),
      asylumOutcomeDate: addMonths(entryDate, 14),
      bzrIntentionalConviction: false,
      extremistLinks: false,
      expulsionOrder: false,
      removalOrder58a: false,
      obviousAbuse: false,
    });
    await s.waitForElement(check!, 'Gateway_BaAntwort', 'ELEMENT_ACTIVATED');
    return { person, check: check! };
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
