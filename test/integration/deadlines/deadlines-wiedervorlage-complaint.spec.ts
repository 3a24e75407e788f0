/**
 * Deadline records without a BPMN timer of their own (issue 8 § 1): a Wiedervorlage is a deadline of
 * its unit (moved with it, met or missed when done), and the complaints office's acknowledgement within
 * 3 working days is recorded at the instant the registration task is due — for an anonymous complaint
 * without a person, under the complaint's number — and closed when the acknowledgement goes out.
 */
import { CasesService } from '../../../src/cases';
import { addDays, addWorkingDays, berlinMidnight, deadlineEnd } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { FollowUpsService } from '../../../src/follow-ups/follow-ups.service';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp } from '../../utils/scenario';
import { caseworkerOf } from './deadline-fixtures';

const lg = caseworkerOf('LG');
const bs = caseworkerOf('BS');

describe('deadline records of Wiedervorlagen and complaint acknowledgements', () => {
  const s = useScenarioApp();
  const newPerson = () => s.inContext(() => createPerson(s.service(CasesService)));

  it('a Wiedervorlage is a deadline of its unit: moved with it, missed when done late, met in time', async () => {
    const today = await s.today();
    const person = await newPerson();
    const followUps = s.service(FollowUpsService);
    const deadlines = s.service(DeadlinesService);
    const late = await followUps.create(lg, person.id, {
      unit: 'LG',
      dueOn: addDays(today, 2),
      reason: 'Nachweis Mietvertrag prüfen',
    });
    const inTime = await followUps.create(lg, person.id, {
      unit: 'LG',
      dueOn: addDays(today, 20),
      reason: 'Bescheid nachfassen',
    });

    const open = await deadlines.list(lg, { personId: person.id, kind: 'wiedervorlage' });
    expect(open.map((d) => [d.status, d.dueOn, d.unit, d.fileNumber, d.personName])).toEqual([
      ['open', addDays(today, 2), 'LG', person.fileNumber, `${person.familyName}, ${person.givenNames}`],
      ['open', addDays(today, 20), 'LG', person.fileNumber, `${person.familyName}, ${person.givenNames}`],
    ]);
    // due at the start of its day, when it appears in the owner's list
    expect(open[0].dueAt).toBe(berlinMidnight(addDays(today, 2)).toISOString().replace('.000Z', 'Z'));
    expect(open[0].legalBasis).toBe('Wiedervorlage [local]');
    // another unit does not see it
    expect(await deadlines.list(bs, { personId: person.id })).toEqual([]);

    // moved with a comment: the deadline's day moves with it
    await followUps.move(lg, late.id, { dueOn: addDays(today, 3), comment: 'Unterlagen angekündigt' });
    const [moved] = await deadlines.list(lg, { personId: person.id, kind: 'wiedervorlage' });
    expect([moved.dueOn, moved.dueAt, moved.status]).toEqual([
      addDays(today, 3),
      berlinMidnight(addDays(today, 3)).toISOString().replace('.000Z', 'Z'),
      'open',
    ]);

    // a week later: the first is overdue on the board; done now it is missed, the other met
    await s.advanceClock('P7D');
    const overdue = await deadlines.list(lg, { overdue: true, kind: 'wiedervorlage' });
    expect(overdue.map((d) => [d.personId, d.dueOn])).toEqual([[person.id, addDays(today, 3)]]);
    await followUps.done(lg, late.id, { comment: 'Mietvertrag liegt vor' });
    await followUps.done(lg, inTime.id, {});
    const closed = await deadlines.list(lg, { personId: person.id, kind: 'wiedervorlage' });
    expect(closed.map((d) => [d.dueOn, d.status, d.closedAt !== null])).toEqual([
      [addDays(today, 3), 'missed', true],
      [addDays(today, 20), 'met', true],
    ]);
  });

  it('an anonymous complaint: the acknowledgement deadline has no person, the reference is the complaint number; met', async () => {
    const today = await s.today();
    const pi = await s.start('complaint-management', { channel: 'letter' });
    const task = await s.userTask(pi, 'Task_BeschwerdeRegistrieren');
    const reference = String(task.variables.caseId);
    const deadlines = s.service(DeadlinesService);

    const [open] = await deadlines.list(bs, { kind: 'complaint-acknowledgement', status: 'open' });
    expect(open).toMatchObject({
      personId: null,
      personName: null,
      fileNumber: reference,
      processInstanceKey: pi,
      unit: 'BS',
      dueOn: addWorkingDays(today, 3),
      status: 'open',
    });
    // the record and the task's due date in the engine agree to the second
    expect(open.dueAt).toBe(task.customHeaders['io.camunda.zeebe:dueDate']);
    expect(open.dueAt).toBe(deadlineEnd(addWorkingDays(today, 3)));
    // the complaints office's deadline: not shown to another unit
    expect(await deadlines.list(lg, { kind: 'complaint-acknowledgement' })).toEqual([]);

    await s.completeUserTask(pi, 'Task_BeschwerdeRegistrieren', {
      channel: 'letter',
      language: 'Deutsch',
      anonymous: false,
      replyName: 'Amina Beispiel',
      replyAddress: 'Musterweg 1\n06618 Naumburg (Saale)',
      category: 'service',
      unitConcerned: 'LG',
      subject: 'Lange Wartezeit',
    });
    await s.waitForElement(pi, 'Task_Einordnen', 'ELEMENT_ACTIVATED');
    const [closed] = (await deadlines.list(bs, { kind: 'complaint-acknowledgement' })).filter(
      (d) => d.processInstanceKey === pi,
    );
    expect([closed.status, closed.fileNumber]).toEqual(['met', reference]);
  });

  it("a complainant's complaint registered after the 3 working days: the deadline on the person is missed", async () => {
    const today = await s.today();
    const person = await newPerson();
    const pi = await s.start('complaint-management', { channel: 'email', personId: person.id });
    const task = await s.userTask(pi, 'Task_BeschwerdeRegistrieren');
    const deadlines = s.service(DeadlinesService);
    const [open] = await deadlines.list(bs, { personId: person.id });
    expect([open.kind, open.status, open.dueOn, open.fileNumber, open.dueAt]).toEqual([
      'complaint-acknowledgement',
      'open',
      addWorkingDays(today, 3),
      String(task.variables.caseId),
      task.customHeaders['io.camunda.zeebe:dueDate'],
    ]);

    await s.advanceClock('P10D');
    expect((await deadlines.list(bs, { personId: person.id, overdue: true })).map((d) => d.kind)).toEqual([
      'complaint-acknowledgement',
    ]);
    await s.completeUserTask(pi, 'Task_BeschwerdeRegistrieren', {
      channel: 'email',
      language: 'Deutsch',
      anonymous: false,
      replyName: 'Amina Beispiel',
      replyAddress: 'Musterweg 1\n06618 Naumburg (Saale)',
      category: 'service',
      unitConcerned: 'ABH',
      subject: 'Termin nicht bestätigt',
    });
    await s.waitForElement(pi, 'Task_Einordnen', 'ELEMENT_ACTIVATED');
    const [closed] = await deadlines.list(bs, { personId: person.id });
    expect([closed.kind, closed.status]).toEqual(['complaint-acknowledgement', 'missed']);
  });
});
