import {
  BigIntType,
  Entity,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Person } from '../cases/person.entity';
import type { DeadlineKindCode } from './deadline-kinds';

export const DEADLINE_STATUSES = ['open', 'met', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/**
 * A deadline (Frist, issue 8 § 1) a process or rule produced: recorded by the worker that computes
 * the BPMN timer's date, from the same value, and closed when the process passes the point it guards.
 * One per process instance and kind (a job may arrive twice).
 */
@Entity({ tableName: 'deadline' })
@Unique({ name: 'deadline_process_instance_key_kind_unique', properties: ['processInstanceKey', 'kind'] })
@Unique({ name: 'deadline_kind_source_id_unique', properties: ['kind', 'sourceId'] })
@Index({ name: 'deadline_unit_status_due_on_index', properties: ['unit', 'status', 'dueOn'] })
@Index({ name: 'deadline_person_id_index', properties: ['person'] })
export class Deadline {
  [OptionalProps]?:
    | 'status'
    | 'createdAt'
    | 'closedAt'
    | 'taskId'
    | 'processInstanceKey'
    | 'fileNumber'
    | 'person'
    | 'sourceId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 40 })
  kind!: DeadlineKindCode;

  @Property({ type: 'string', length: 200 })
  legalBasis!: string;

  /** erasing the person (retention) erases their deadlines; none for an anonymous complaint */
  @ManyToOne(() => Person, { deleteRule: 'cascade', nullable: true })
  person?: Person | null;

  /** the case's file number (Aktenzeichen) */
  @Property({ type: 'string', length: 50, nullable: true })
  fileNumber?: string | null;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  /** the record outside a process the deadline is kept from (a follow-up's id for a Wiedervorlage) */
  @Property({ type: 'uuid', nullable: true })
  sourceId?: string | null;

  /** the task row the deadline belongs to, if one */
  @Property({ type: 'uuid', nullable: true })
  taskId?: string | null;

  /** the owning agency unit (candidate group code, e.g. JA) */
  @Property({ type: 'string', length: 10 })
  unit!: string;

  /** the last day, Europe/Berlin, 'YYYY-MM-DD' */
  @Property({ type: 'date' })
  dueOn!: string;

  /** the instant the process's timer for it fires */
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'string', length: 10 })
  status: DeadlineStatus = 'open';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;
}
