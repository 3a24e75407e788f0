import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EmailMode } from './notifications.types';

/** A user's choice how notifications reach them by e-mail (issue 8 § 3); no row: no e-mails. */
@Entity({ tableName: 'notification_preference' })
export class NotificationPreference {
  [OptionalProps]?: 'emailMode' | 'email' | 'lastDigestOn' | 'updatedAt';

  /** username of the user */
  @PrimaryKey({ type: 'string', length: 100 })
  username!: string;

  /** the address e-mails go to; null: none */
  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'string', length: 16 })
  emailMode: EmailMode = 'immediate';

  /** the last day (Europe/Berlin, engine clock) a digest was sent, 'YYYY-MM-DD' */
  @Property({ type: 'date', nullable: true })
  lastDigestOn?: string | null;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
