import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { NotificationKind } from './notifications.types';

/**
 * One notification of one user (issue 8 § 3): what the bell lists and what e-mails carry. Its title
 * names no person and no status detail (at most the file number); the link leads to the page where the
 * user sees the rest under their own access rights. Several of the same bundle key within a short
 * window are one row with a count ("3 neue Aufgaben in ABH").
 */
@Entity({ tableName: 'notification' })
@Index({ name: 'notification_recipient_created_at_index', properties: ['recipient', 'createdAt'] })
@Index({ name: 'notification_recipient_bundle_key_index', properties: ['recipient', 'bundleKey'] })
export class Notification {
  [OptionalProps]?: 'count' | 'createdAt' | 'updatedAt' | 'readAt' | 'mailedAt' | 'fileNumber' | 'bundleKey';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** username of the user it is for */
  @Property({ type: 'string', length: 100 })
  recipient!: string;

  @Property({ type: 'string', length: 40 })
  kind!: NotificationKind;

  /** German, no names or status details */
  @Property({ type: 'string', length: 300 })
  title!: string;

  /** a path inside the platform */
  @Property({ type: 'string', length: 500 })
  link!: string;

  /** the file number (Aktenzeichen) it concerns, if one */
  @Property({ type: 'string', length: 64, nullable: true })
  fileNumber?: string | null;

  /** notifications of the same key within the bundling window are this one row */
  @Property({ type: 'string', length: 200, nullable: true })
  bundleKey?: string | null;

  /** how many events this row bundles */
  @Property({ type: 'integer' })
  count: number = 1;

  /** engine time of the first event */
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** engine time of the latest event bundled into it */
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  /** when it went out by e-mail (immediately or in a digest); null: not (yet) */
  @Property({ type: 'timestamptz', nullable: true })
  mailedAt?: Date | null;
}
