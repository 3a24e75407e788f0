/**
 * The deadline record of month 27 of a Beschäftigungsduldung (§ 60d with § 25b Abs. 6 AufenthG) follows
 * the process: recorded at the grant with exactly the due instant of the BPMN boundary timer
 * Boundary_Monat27 (read from the engine's timer table), met when the timer fires and the invitation
 * goes out (engine clock moved by 27 months).
 */
import { CasesService, type Person } from '../../../src/cases';
import type { Actor } from '../../../src/auth/actor';
import { addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp } from '../../utils/scenario';

const abh: Actor = {
  id: 'x',
  username: 'sb.abh',
  displayName: 'SB ABH',
  roles: ['caseworker'],
  units: ['ABH'],
};

describe('deadline record of month 27 (§ 60d AufenthG)', () => {
  const s = useScenarioApp();

  async function applicant(today: string): Promise<Person> {
    const cases = s.service(CasesService);
    const person = await createPerson(cases, {
      dateOfBirth: '1990-04-12',
      nationalities: ['AFG'],
      entryDate: '2019-05-10',
      identityEvidence: 'passport',
      identityClarifiedOn: '2023-03-01',
      municipality: 'Zeitz',
    });
    await cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: addMonths(today, -24),
        conditions: { workAllowed: true },
      },
      { idempotencyPrefix: `test-duldung-${person.id}` },
    );
    return person;
  }

  const application = (today: string) => ({
    entryDate: '2019-05-10',
    identityEvidence: 'passport',
    identityClarifiedOn: '2023-03-01',
    identityAllStepsTaken: false,
    identityDelayNotAttributable: false,
    workBan: false,
    employerName: 'Muster Logistik GmbH',
    contractType: 'permanent',
    employmentSince: addMonths(today, -18),
    weeklyHours: 30,
    subjectToSocialInsurance: true,
    employmentInterruptionDays: 0,
    germanOralLevel: 'A2',
    germanCertificateDate: '2024-06-01',
    integrationCourseObliged: false,
    bzrReceivedOn: today,
    bzrApplicantConvictions: 0,
    extremistLinks: false,
    expulsionOrder: false,
    removalOrder58a: false,
    schoolAgeChildren: 0,
    docEmploymentContract: true,
    docPayslips: true,
    docSocialInsurance: true,
    docIdentity: true,
    docLanguageCertificate: true,
  });

  const livelihood = () => ({
    ...Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`netIncomeMonth${String(i + 1).padStart(2, '0')}`, 1650.5]),
    ),
    currentNetIncome: 1700,
    monthlyNeed: 1200,
    benefitsReceivedLast12Months: false,
  });

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
    const timers = await s.inContext(() =>
      s.orm.em
        .getConnection()
        .execute<{ due_at: string }[]>(
          `select due_at::text as due_at from engine.timer where process_instance_key = ? and element_id = 'Boundary_Monat27'`,
          [pi],
        ),
    );
    expect(timers).toHaveLength(1);
    expect(record.dueAt).toBe(new Date(Number(timers[0].due_at)).toISOString().replace('.000Z', 'Z'));

    await s.advanceClock('P27M');
    expect(await s.waitForEnd(pi)).toEqual(['End_Eingeladen']);
    const [after] = await deadlines.list(abh, { personId: person.id });
    expect([after.kind, after.status]).toEqual(['month-27-60d', 'met']);
  });
});
