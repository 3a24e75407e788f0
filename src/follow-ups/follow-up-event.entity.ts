import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { FollowUp } from './follow-up.entity';

export const FOLLOW_UP_EVENT_KINDS = ['created', 'moved', 'done'] as const;
export type FollowUpEventKind = (typeof FOLLOW_UP_EVENT_KINDS)[number];

/**
 * What happened to a Wiedervorlage: set, moved (old and new date, comment) or done (comment); who and
 * when. Append-only (a trigger refuses UPDATE and DELETE).
 */
@Entity({ tableName: 'follow_up_event' })
@Index({ name: 'follow_up_event_follow_up_id_at_index', properties: ['followUp', 'at'] })
export class FollowUpEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => FollowUp)
  followUp!: FollowUp;

  @Property({ type: 'string', length: 20 })
  kind!: FollowUpEventKind;

  /** username of the acting user */
  @Property({ type: 'string', length: 100 })
  actor!: string;

  /** the acting user's display name at the time */
  @Property({ type: 'string', length: 200 })
  actorName!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  /** moved: the date before; created: null */
  @Property({ type: 'date', nullable: true })
  dueOnBefore?: string | null;

  /** created and moved: the (new) due date */
  @Property({ type: 'date', nullable: true })
  dueOnAfter?: string | null;
}
