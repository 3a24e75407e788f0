import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ClockService } from '../engine/clock.service';
import { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';
import { NotificationNotFoundError, NotificationSettingsInvalidError } from './notifications.errors';
import { NotificationsHub, type NotificationView } from './notifications.hub';
import { EMAIL_MODES, type EmailMode, type NotificationInput } from './notifications.types';

/** notifications of the same bundle key within this time (engine clock) become one */
export const BUNDLE_WINDOW_MS = 10 * 60_000;
/** the bell lists this many, newest first */
export const LIST_LIMIT = 30;

export interface NotificationList {
  unread: number;
  items: NotificationView[];
}

export interface NotificationSettings {
  email: string | null;
  emailMode: EmailMode;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toView(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    link: n.link,
    fileNumber: n.fileNumber ?? null,
    count: n.count,
    createdAt: new Date(n.createdAt).toISOString(),
    updatedAt: new Date(n.updatedAt).toISOString(),
    read: !!n.readAt,
  };
}

/**
 * Notifications (issue 8 § 3): records them per recipient (bundling a burst of the same kind into one),
 * tells the recipient's open live streams, and hands them to e-mail (NotificationMailer) through the
 * `mailed_at` column. A user only ever sees and changes their own.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  /** called after notify recorded something (the mailer sends immediate e-mails) */
  private readonly afterNotify: (() => void)[] = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly hub: NotificationsHub,
    @Optional() private readonly clock?: ClockService,
    @Optional() private readonly audit?: AuditService,
  ) {}

  private now(): Promise<Date> {
    return this.clock ? this.clock.now() : Promise.resolve(new Date());
  }

  onNotified(listener: () => void): void {
    this.afterNotify.push(listener);
  }

  /**
   * Records a notification for a user or every active caseworker and team lead of a unit (except
   * `exceptUsername`); returns the usernames notified.
   */
  async notify(input: NotificationInput): Promise<string[]> {
    const em = this.orm.em.fork();
    const recipients = (
      'username' in input.recipient
        ? [input.recipient.username.toLowerCase()]
        : await this.unitMembers(em, input.recipient.unit)
    ).filter((u) => u !== input.exceptUsername);
    if (!recipients.length) return [];
    const now = await this.now();
    for (const recipient of recipients) {
      const row = await this.record(em, recipient, input, now);
      if (!this.hub.hasListeners(recipient)) continue;
      const unread = await this.unreadCount(em, recipient);
      this.hub.publish(recipient, { unread, notification: toView(row) });
    }
    this.logger.debug({ msg: 'notified', kind: input.kind, recipients: recipients.length });
    for (const listener of this.afterNotify) listener();
    return recipients;
  }

  private async unitMembers(em: EntityManager, unit: string): Promise<string[]> {
    const rows = await em.execute<{ username: string }[]>(
      `select username from app_user where active and units @> ?::jsonb
         and (roles @> '["caseworker"]'::jsonb or roles @> '["team-lead"]'::jsonb) order by username`,
      [JSON.stringify([unit])],
    );
    return rows.map((r) => r.username);
  }

  private record(
    em: EntityManager,
    recipient: string,
    input: NotificationInput,
    now: Date,
  ): Promise<Notification> {
    return em.fork().transactional(async (tx) => {
      if (input.bundleKey) {
        // one bundle per recipient and key at a time, even with concurrent events
        await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [
          `notification|${recipient}|${input.bundleKey}`,
        ]);
        const open = await tx.findOne(
          Notification,
          {
            recipient,
            bundleKey: input.bundleKey,
            readAt: null,
            updatedAt: { $gte: new Date(now.getTime() - BUNDLE_WINDOW_MS) },
          },
          { orderBy: { updatedAt: 'desc' } },
        );
        if (open) {
          open.count += 1;
          open.title = (input.bundleTitle ?? input.title).replace('{n}', String(open.count));
          open.link = input.bundleLink ?? input.link;
          if (open.fileNumber !== input.fileNumber) open.fileNumber = null;
          open.updatedAt = now;
          // the new count goes out again (immediate e-mail) or in the digest
          open.mailedAt = null;
          return open;
        }
      }
      const row = tx.create(Notification, {
        recipient,
        kind: input.kind,
        title: input.title,
        link: input.link,
        fileNumber: input.fileNumber ?? null,
        bundleKey: input.bundleKey ?? null,
        createdAt: now,
        updatedAt: now,
      });
      return row;
    });
  }

  private async unreadCount(em: EntityManager, username: string): Promise<number> {
    return em.fork().count(Notification, { recipient: username, readAt: null });
  }

  /** the signed-in user's newest notifications and unread count */
  list(actor: Actor): Promise<NotificationList> {
    const work = async (): Promise<NotificationList> => {
      const em = this.orm.em.fork();
      const rows = await em.find(
        Notification,
        { recipient: actor.username },
        { orderBy: { updatedAt: 'desc', id: 'asc' }, limit: LIST_LIMIT },
      );
      return { unread: await this.unreadCount(em, actor.username), items: rows.map(toView) };
    };
    if (!this.audit) return work();
    // the titles carry file numbers: recorded as a read of the user's own notifications
    return this.audit.around({ actor, action: 'list', resourceType: 'notification' }, work, (list) => ({
      details: { count: list.items.length },
    }));
  }

  async count(actor: Actor): Promise<number> {
    return this.unreadCount(this.orm.em.fork(), actor.username);
  }

  /** marks one of the user's own notifications read (someone else's: not found) */
  async markRead(actor: Actor, id: string): Promise<NotificationList> {
    if (!UUID.test(id)) throw new NotificationNotFoundError();
    const em = this.orm.em.fork();
    const row = await em.findOne(Notification, { id, recipient: actor.username });
    if (!row) throw new NotificationNotFoundError();
    if (!row.readAt) {
      row.readAt = await this.now();
      await em.flush();
    }
    return this.changed(actor);
  }

  async markAllRead(actor: Actor): Promise<NotificationList> {
    const now = await this.now();
    await this.orm.em
      .fork()
      .nativeUpdate(Notification, { recipient: actor.username, readAt: null }, { readAt: now });
    return this.changed(actor);
  }

  private async changed(actor: Actor): Promise<NotificationList> {
    const list = await this.list(actor);
    this.hub.publish(actor.username, { unread: list.unread });
    return list;
  }

  /** deletes notifications last changed before `before` (they carry file numbers; kept only as long as useful) */
  async purge(before: Date): Promise<number> {
    return this.orm.em.fork().nativeDelete(Notification, { updatedAt: { $lt: before } });
  }

  async settings(actor: Actor): Promise<NotificationSettings> {
    const pref = await this.orm.em.fork().findOne(NotificationPreference, { username: actor.username });
    return { email: pref?.email ?? null, emailMode: pref?.emailMode ?? 'off' };
  }

  /** the user's own e-mail address and how notifications reach it */
  updateSettings(actor: Actor, input: NotificationSettings): Promise<NotificationSettings> {
    const work = async (): Promise<NotificationSettings> => {
      const email = input.email?.trim() || null;
      if (!(EMAIL_MODES as readonly string[]).includes(input.emailMode)) {
        throw new NotificationSettingsInvalidError('Bitte wählen Sie, wie Sie E-Mails erhalten möchten.', {
          field: 'emailMode',
        });
      }
      if (input.emailMode !== 'off' && !email) {
        throw new NotificationSettingsInvalidError('Bitte geben Sie eine E-Mail-Adresse an.', {
          field: 'email',
        });
      }
      if (email && !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(email)) {
        throw new NotificationSettingsInvalidError('Die E-Mail-Adresse ist nicht gültig.', {
          field: 'email',
        });
      }
      const em = this.orm.em.fork();
      const pref =
        (await em.findOne(NotificationPreference, { username: actor.username })) ??
        em.create(NotificationPreference, { username: actor.username });
      pref.email = email;
      pref.emailMode = input.emailMode;
      pref.updatedAt = new Date();
      await em.flush();
      return { email: pref.email ?? null, emailMode: pref.emailMode };
    };
    if (!this.audit) return work();
    return this.audit.around(
      { actor, action: 'update', resourceType: 'notification-settings', resourceId: actor.id },
      work,
      (s) => ({ details: { emailMode: s.emailMode } }),
    );
  }
}
