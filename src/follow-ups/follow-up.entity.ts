import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Person } from '../cases/person.entity';
import type { FollowUpStatus } from './follow-up.rules';

/**
 * A Wiedervorlage (issue 8 § 2): a caseworker puts a person's case before themselves again on a day,
 * for a reason. Owned by one agency unit (whose members see and change it) and one user (in whose list
 * it appears on its day, or in the unit's while they are absent). Every change is a FollowUpEvent.
 */
@Entity({ tableName: 'follow_up' })
@Index({ name: 'follow_up_owner_status_due_on_index', properties: ['owner', 'status', 'dueOn'] })
@Index({ name: 'follow_up_unit_status_due_on_index', properties: ['unit', 'status', 'dueOn'] })
@Index({ name: 'follow_up_person_id_index', properties: ['person'] })
export class FollowUp {
  [OptionalProps]?: 'status' | 'createdAt' | 'doneAt' | 'doneBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Person)
  person!: Person;

  /** the owning agency unit (candidate group code, e.g. LG) */
  @Property({ type: 'string', length: 10 })
  unit!: string;

  /** username of the user in whose list it appears */
  @Property({ type: 'string', length: 100 })
  owner!: string;

  /** the owner's display name when it was set */
  @Property({ type: 'string', length: 200 })
  ownerName!: string;

  /** the day it is due, Europe/Berlin, 'YYYY-MM-DD' */
  @Property({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Property({ type: 'string', length: 10 })
  status: FollowUpStatus = 'open';

  /** username of the user who set it */
  @Property({ type: 'string', length: 100 })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  doneAt?: Date | null;

  @Property({ type: 'string', length: 100, nullable: true })
  doneBy?: string | null;
}
