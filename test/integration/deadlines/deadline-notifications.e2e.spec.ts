/**
 * Deadlines and notifications end to end (issue 8 §§ 1, 3): a real complaint process records the
 * acknowledgement deadline (3 working days, complaints office BS); the escalation check runs on the moved
 * engine clock; a caseworker of BS with immediate e-mails and its team lead with the daily digest, both
 * signed in; e-mails received by a real SMTP server (smtp-server) started here. Checks what they see:
 * the reminder before the due day (bell and e-mail with the reference and the link, no name), the team
 * lead on the due day, the daily overdue list a day after — each once — and the team lead's digest at
 * the digest hour bundling the three.
 */
import { CasesService } from '../../../src/cases';
import { addDays, berlinMidnight } from '../../../src/common/calendar';
import { DeadlineEscalationScheduler } from '../../../src/deadlines/deadline-escalation.scheduler';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { NotificationMailer } from '../../../src/notifications';
import { createPerson } from '../../factories/person.factory';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { waitFor } from '../../utils/engine';
import { useScenarioApp } from '../../utils/scenario';
import { startInbox, type ReceivedMail } from '../notifications/mail-inbox';
import { caseworkerOf } from './deadline-fixtures';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://mia.example.org';
const bs = caseworkerOf('BS');

interface Item {
  kind: string;
  title: string;
  link: string;
  fileNumber: string | null;
  count: number;
}

describe('deadline escalations reach the caseworker and the team lead (bell and e-mail)', () => {
  let inbox: Awaited<ReturnType<typeof startInbox>>;
  // filled before the platform starts (the scenario reads its env in its own beforeAll, after this one)
  const env: Record<string, string> = {
    PUBLIC_URL,
    DEADLINE_ESCALATION_JOB: 'false',
    NOTIFICATION_JOBS: 'false',
    NOTIFICATION_DIGEST_HOUR: '7',
  };
  beforeAll(async () => {
    inbox = await startInbox();
    env.SMTP_URL = inbox.url;
  });
  afterAll(async () => {
    await inbox?.close();
  });
  const s = useScenarioApp({ env });

  let users: Record<string, SignedInAgent>;
  beforeAll(async () => {
    users = await createSignedInUsers(s.app, [
      { username: 'sb.bs', displayName: 'Clara Beschwerdestelle', units: ['BS'] },
      {
        username: 'tl.bs',
        displayName: 'Tanja Teamleitung',
        units: ['BS'],
        roles: ['team-lead', 'caseworker'],
      },
    ]);
    for (const [who, email, emailMode] of [
      ['sb.bs', 'clara@example.org', 'immediate'],
      ['tl.bs', 'tanja@example.org', 'digest'],
    ] as const)
      await users[who].agent
        .put('/api/notifications/settings')
        .set('x-csrf-token', users[who].csrf)
        .send({ email, emailMode })
        .expect(200);
  });

  const deadlineItems = async (who: string): Promise<Item[]> =>
    ((await users[who].agent.get('/api/notifications').expect(200)).body as { items: Item[] }).items.filter(
      (n) => n.kind.startsWith('deadline-'),
    );
  const mailsTo = (address: string): ReceivedMail[] => inbox.mails.filter((m) => m.to.includes(address));
  /** one run of the escalation check (the scheduler's tick); what it raised */
  const check = async () => {
    const { reminders, dueEscalations, overdueLists } = await s.service(DeadlineEscalationScheduler).tick();
    return { reminders, dueEscalations, overdueLists };
  };
  /** moves the engine clock to 05:00 (Europe/Berlin) of a day: before the digest hour */
  async function toFiveOn(day: string): Promise<void> {
    await s.advanceClock(
      berlinMidnight(day).getTime() + 5 * 3_600_000 - (await s.engine.clock.now()).getTime(),
    );
  }
  /** waits until the caseworker's immediate e-mail with the subject part arrived; then a moment for any twin */
  async function immediateMail(subject: string): Promise<ReceivedMail> {
    const mail = await waitFor(
      () => mailsTo('clara@example.org').find((m) => m.subject.includes(subject)),
      15_000,
      100,
      `the e-mail "${subject}"`,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mailsTo('clara@example.org').filter((m) => m.subject.includes(subject))).toHaveLength(1);
    return mail;
  }

  it('reminder, due-day escalation and overdue list, each once; the team lead gets them in one digest', async () => {
    const today = await s.today();
    const person = await s.inContext(() =>
      createPerson(s.service(CasesService), { familyName: 'Haddad', givenNames: 'Amal' }),
    );
    const pi = await s.start('complaint-management', { channel: 'email', personId: person.id });
    await s.userTask(pi, 'Task_BeschwerdeRegistrieren');
    const [deadline] = await s.service(DeadlinesService).list(bs, { personId: person.id });
    expect([deadline.kind, deadline.unit, deadline.status]).toEqual([
      'complaint-acknowledgement',
      'BS',
      'open',
    ]);
    const reference = deadline.fileNumber!;
    const title = `Eingangsbestätigung der Beschwerde (3 Arbeitstage), Az. ${reference}`;
    const link = '/fristen?einheit=BS';
    const noNames = /Haddad|Amal|Clara|Tanja|Beschwerdestelle|Teamleitung/;

    // before the reminder period (3 days, the parameter's default) nothing is raised
    const reminderDay = addDays(deadline.dueOn, -3);
    if (reminderDay > today)
      expect(await check()).toEqual({ reminders: 0, dueEscalations: 0, overdueLists: 0 });

    // 3 days before the due day: the unit's caseworker sees the reminder in the bell and gets an e-mail
    await toFiveOn(reminderDay > today ? reminderDay : addDays(today, 1));
    expect(await check()).toEqual({ reminders: 1, dueEscalations: 0, overdueLists: 0 });
    expect(await check()).toEqual({ reminders: 0, dueEscalations: 0, overdueLists: 0 });
    expect(await deadlineItems('sb.bs')).toEqual([
      expect.objectContaining({ kind: 'deadline-approaching', title: `Frist läuft bald ab: ${title}`, link }),
    ]);
    const reminder = await immediateMail('Frist läuft bald ab');
    expect(reminder.subject).toBe(`MiA: Frist läuft bald ab: ${title}`);
    expect(reminder.text).toContain(`Aktenzeichen: ${reference}`);
    expect(reminder.text).toContain(`${PUBLIC_URL}${link}`);
    expect(reminder.text).not.toMatch(noNames);
    expect(mailsTo('tanja@example.org')).toEqual([]); // digest: nothing at once

    // the due day: the team lead is informed, not the caseworker
    await toFiveOn(deadline.dueOn);
    expect(await check()).toEqual({ reminders: 0, dueEscalations: 1, overdueLists: 0 });
    expect(await check()).toEqual({ reminders: 0, dueEscalations: 0, overdueLists: 0 });
    expect((await deadlineItems('tl.bs')).filter((n) => n.kind === 'deadline-escalation')).toEqual([
      expect.objectContaining({ title: `Frist heute fällig: ${title}`, fileNumber: reference, link }),
    ]);
    expect((await deadlineItems('sb.bs')).some((n) => n.kind === 'deadline-escalation')).toBe(false);

    // a day after: the unit's daily overdue list
    const dayAfter = addDays(deadline.dueOn, 1);
    await toFiveOn(dayAfter);
    expect(await check()).toEqual({ reminders: 0, dueEscalations: 0, overdueLists: 1 });
    expect(await check()).toEqual({ reminders: 0, dueEscalations: 0, overdueLists: 0 });
    for (const who of ['sb.bs', 'tl.bs'])
      expect((await deadlineItems(who)).filter((n) => n.kind === 'deadline-overdue-list')).toEqual([
        expect.objectContaining({ title: '1 überfällige Frist in BS', link: `${link}#ueberfaellig` }),
      ]);
    const overdue = await immediateMail('überfällige Frist');
    expect(overdue.text).toContain(`${PUBLIC_URL}${link}#ueberfaellig`);
    expect(overdue.text).not.toMatch(noNames);
    expect(mailsTo('clara@example.org')).toHaveLength(2);
    expect(mailsTo('tanja@example.org')).toEqual([]);

    // the digest hour: the team lead's one e-mail bundles the three; once a day
    await s.advanceClock(2.5 * 3_600_000); // 07:30
    const mailer = s.service(NotificationMailer);
    expect((await mailer.tick()).digests).toBe(1);
    expect((await mailer.tick()).digests).toBe(0);
    const [digest, ...more] = mailsTo('tanja@example.org');
    expect(more).toEqual([]);
    expect(digest.subject).toBe('MiA: 3 neue Benachrichtigungen (Tagesübersicht)');
    expect(digest.text).toContain(`- Frist läuft bald ab: ${title}`);
    expect(digest.text).toContain(`- Frist heute fällig: ${title}`);
    expect(digest.text).toContain('- 1 überfällige Frist in BS');
    expect(digest.text).toContain(`Aktenzeichen: ${reference}`);
    expect(digest.text).toContain(`${PUBLIC_URL}${link}`);
    expect(digest.text).not.toMatch(noNames);
    expect(mailsTo('clara@example.org')).toHaveLength(2);
  });
});
