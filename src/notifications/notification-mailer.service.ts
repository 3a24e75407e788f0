import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { berlinDate } from '../common/calendar';
import { AppConfig } from '../config/app.config';
import { ClockService } from '../engine/clock.service';
import { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

/** immediate e-mails wait this long for further events, so a burst becomes one e-mail per notification row */
const IMMEDIATE_DELAY_MS = 500;
/** how often the scheduler sends what is due (immediate e-mails left over, the daily digest) */
const CHECK_INTERVAL_MS = 60_000;
/** notifications older than this are never mailed (e.g. after e-mail was switched on) */
const MAX_AGE_MS = 7 * 24 * 3_600_000;
/** notifications are deleted this long after their last change */
export const KEEP_DAYS = 90;

export interface MailRunSummary {
  immediate: number;
  digests: number;
}

/** the hour of the day in Europe/Berlin */
function berlinHour(instant: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(
      instant,
    ),
  );
}

/**
 * Notifications by e-mail (issue 8 § 3), over SMTP (SMTP_URL, or SMTP_HOST/SMTP_PORT; sender
 * SMTP_FROM). Per user preference each notification at once, or once a day a digest from
 * NOTIFICATION_DIGEST_HOUR (Europe/Berlin, engine clock). An e-mail carries the notification's title
 * (at most a file number), the file number and a link, never a name or status detail. Without SMTP
 * settings nothing is sent (said once in the log). A row's `mailed_at` marks it sent; rows are locked
 * while sent, so two platform processes never send the same one. The same scheduler deletes notifications
 * KEEP_DAYS after their last change (they carry file numbers).
 */
@Injectable()
export class NotificationMailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationMailer.name);
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly notifications: NotificationsService;

  constructor(
    private readonly config: AppConfig,
    private readonly orm: MikroORM,
    notifications: NotificationsService,
    @Optional() private readonly clock?: ClockService,
  ) {
    const url = config.SMTP_URL;
    this.transport = url
      ? createTransport(url)
      : config.SMTP_HOST
        ? createTransport({
            host: config.SMTP_HOST,
            port: config.SMTP_PORT,
            secure: config.SMTP_PORT === 465,
          })
        : null;
    notifications.onNotified(() => this.sendSoon());
    this.notifications = notifications;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      this.logger.log({ msg: 'notification e-mails off: no SMTP_URL or SMTP_HOST configured' });
    }
    if (!this.config.NOTIFICATION_JOBS) return;
    this.timer = setInterval(() => {
      void this.tick().catch(() => undefined);
      void this.purge().catch(() => undefined);
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** deletes notifications older than KEEP_DAYS (engine clock) */
  async purge(): Promise<number> {
    if (this.closed) return 0;
    const now = this.clock ? await this.clock.now() : new Date();
    return this.notifications.purge(new Date(now.getTime() - KEEP_DAYS * 24 * 3_600_000));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await this.running;
    this.transport?.close();
  }

  private sendSoon(): void {
    if (!this.transport || this.closed || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.tick().catch(() => undefined);
    }, IMMEDIATE_DELAY_MS);
    this.soon.unref();
  }

  /** sends what is due: immediate e-mails not yet sent, and the digests of the engine's day once it is time */
  tick(): Promise<MailRunSummary> {
    const next = this.running.then(() => this.run());
    this.running = next.catch((error: unknown) =>
      this.logger.warn({
        msg: 'notification e-mails failed',
        error: error instanceof Error ? error.name : 'Error',
      }),
    );
    return next;
  }

  private async run(): Promise<MailRunSummary> {
    if (!this.transport || this.closed) return { immediate: 0, digests: 0 };
    const now = this.clock ? await this.clock.now() : new Date();
    const immediate = await this.sendImmediate(now);
    const digests = berlinHour(now) >= this.config.NOTIFICATION_DIGEST_HOUR ? await this.sendDigests(now) : 0;
    if (immediate || digests) this.logger.log({ msg: 'notification e-mails sent', immediate, digests });
    return { immediate, digests };
  }

  private base(): string {
    return (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
  }

  /** unread, unmailed notifications of users of the mode, locked for this run */
  private pending(em: EntityManager, mode: 'immediate' | 'digest', now: Date, username?: string) {
    return em.execute<{ id: string; recipient: string; email: string }[]>(
      `select n.id, n.recipient, p.email from notification n
         join notification_preference p on p.username = n.recipient
        where n.mailed_at is null and n.read_at is null and n.updated_at > ? and n.updated_at <= ?
          and p.email_mode = ? and p.email is not null ${username ? 'and n.recipient = ?' : ''}
        order by n.recipient, n.updated_at, n.id
        for update of n skip locked`,
      [new Date(now.getTime() - MAX_AGE_MS), now, mode, ...(username ? [username] : [])],
    );
  }

  private async sendImmediate(now: Date): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await this.pending(em, 'immediate', now);
      let sent = 0;
      for (const row of rows) {
        const n = await em.findOneOrFail(Notification, { id: row.id });
        await this.transport!.sendMail({
          from: this.config.SMTP_FROM,
          to: row.email,
          subject: `MiA: ${n.title}`,
          text: this.text([n], 'Es gibt eine neue Benachrichtigung für Sie:'),
        });
        n.mailedAt = now;
        await em.flush();
        sent += 1;
      }
      return sent;
    });
  }

  private async sendDigests(now: Date): Promise<number> {
    const today = berlinDate(now);
    const due = await this.orm.em.fork().find(NotificationPreference, {
      emailMode: 'digest',
      email: { $ne: null },
      $or: [{ lastDigestOn: null }, { lastDigestOn: { $lt: today } }],
    });
    let sent = 0;
    for (const pref of due) {
      const mailed = await this.orm.em.fork().transactional(async (em) => {
        const [locked] = await em.execute<{ username: string }[]>(
          `select username from notification_preference where username = ?
             and (last_digest_on is null or last_digest_on < ?) for update skip locked`,
          [pref.username, today],
        );
        if (!locked) return false;
        const rows = await this.pending(em, 'digest', now, pref.username);
        const items = rows.length
          ? await em.find(
              Notification,
              { id: { $in: rows.map((r) => r.id) } },
              { orderBy: { updatedAt: 'asc', id: 'asc' } },
            )
          : [];
        if (items.length) {
          await this.transport!.sendMail({
            from: this.config.SMTP_FROM,
            to: pref.email!,
            subject: `MiA: ${items.length === 1 ? '1 neue Benachrichtigung' : `${items.length} neue Benachrichtigungen`} (Tagesübersicht)`,
            text: this.text(items, 'Ihre Benachrichtigungen seit der letzten Tagesübersicht:'),
          });
          for (const n of items) n.mailedAt = now;
        }
        await em.nativeUpdate(NotificationPreference, { username: pref.username }, { lastDigestOn: today });
        await em.flush();
        return items.length > 0;
      });
      if (mailed) sent += 1;
    }
    return sent;
  }

  /** the e-mail's text: titles, file numbers and links only — no names, no status details */
  private text(items: Notification[], intro: string): string {
    const base = this.base();
    const lines = ['Guten Tag,', '', intro, ''];
    for (const n of items) {
      lines.push(`- ${n.title}`);
      if (n.fileNumber) lines.push(`  Aktenzeichen: ${n.fileNumber}`);
      lines.push(`  ${base}${n.link}`);
    }
    lines.push(
      '',
      'Die Einzelheiten sehen Sie nach der Anmeldung in der MiA Prozessplattform.',
      `Benachrichtigungen einstellen: ${base}/benachrichtigungen`,
    );
    return `${lines.join('\n')}\n`;
  }
}
