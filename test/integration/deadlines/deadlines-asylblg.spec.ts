/**
 * The 36-month date of § 2 Abs. 1 AsylbLG as a deadline record (issue 8 § 1) in the benefits process:
 * recorded at the instant of the engine's timer "Prüftermin erreicht" when it waits for that date, met
 * when § 2 is granted from the day, cancelled when benefits end before it.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { createPerson } from '../../factories/person.factory';
import { benefitsApproval, benefitsRecord, grantBenefits } from '../../utils/asylblg-journey';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf, timerDueAt } from './deadline-fixtures';

const lg = caseworkerOf('LG');
const abh = caseworkerOf('ABH');

describe('the § 2 AsylbLG 36-month date as a deadline record', () => {
  const s = useScenarioApp();

  /** an asylum seeker (Aufenthaltsgestattung) living alone in a flat */
  async function applicant(entryDate: string): Promise<Person> {
    return s.inContext(async () => {
      const cases = s.service(CasesService);
      const person = await createPerson(cases, { dateOfBirth: '1990-04-12', entryDate });
      await cases.startStatusEpisode(
        person.id,
        { type: 'Aufenthaltsgestattung', legalBasis: '§ 55 AsylG', validFrom: entryDate },
        { idempotencyPrefix: `test-status-${person.id}` },
      );
      return person;
    });
  }

  const record = (needKnownOn: string) => benefitsRecord(needKnownOn);
  const approve = benefitsApproval;
  const grant = (person: Person, needKnownOn: string) => grantBenefits(s, person, needKnownOn);

  it('recorded as the timer; § 2 granted on the day: met', async () => {
    const today = await s.today();
    const person = await applicant(addMonths(addDays(today, 10), -36));
    const pi = await grant(person, today);
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(lg, { personId: person.id });
    expect([open.kind, open.status, open.dueOn, open.unit, open.fileNumber, open.processInstanceKey]).toEqual(
      ['asylblg-36-months', 'open', addDays(today, 10), 'LG', person.fileNumber, pi],
    );
    expect(open.legalBasis).toBe('§ 2 Abs. 1 S. 1 AsylbLG');
    expect(open.dueAt).toBe(await timerDueAt(s, pi, 'Timer_Pruefung'));
    expect(await deadlines.list(abh, { personId: person.id })).toEqual([]);

    // the timer fires at 00:00 of the day; the re-check on that day grants § 2 from it
    await s.advanceClock('P10D');
    expect(await s.today()).toBe(addDays(today, 10));
    await s.userTask(pi, 'Task_DatenErfassen', { timeoutMs: 20_000 });
    await s.completeUserTask(pi, 'Task_DatenErfassen', record(today));
    await s.completeUserTask(pi, 'Task_Freigeben', approve);
    for (let i = 0; i < 200 && (await s.variables(pi)).benefitBasis !== '§2'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const [met] = await deadlines.list(lg, { personId: person.id });
    expect([met.kind, met.status]).toEqual(['asylblg-36-months', 'met']);
  });

  it('benefits end on departure before the date: cancelled', async () => {
    const today = await s.today();
    const person = await applicant(addMonths(today, -30));
    const pi = await grant(person, today);
    const deadlines = s.service(DeadlinesService);
    expect(
      (await deadlines.list(lg, { personId: person.id })).map((d) => [d.kind, d.dueOn, d.status]),
    ).toEqual([['asylblg-36-months', addMonths(addMonths(today, -30), 36), 'open']]);
    await s.publish('AusreiseOderUntertauchen', person.fileNumber, { endReason: 'departure', endOn: today });
    expect(await s.waitForEnd(pi)).toEqual(['End_Eingestellt']);
    const [cancelled] = await deadlines.list(lg, { personId: person.id });
    expect([cancelled.kind, cancelled.status, cancelled.closedAt !== null]).toEqual([
      'asylblg-36-months',
      'cancelled',
      true,
    ]);
  });
});
