import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Deadline } from './deadline.entity';

export const ESCALATION_KINDS = ['reminder', 'due', 'overdue-list'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

/**
 * One escalation step taken (issue 8 § 1): the reminder before a deadline, the team lead informed at
 * the due date, or a unit's daily overdue list. The unique key makes a re-run of the check a no-op.
 */
@Entity({ tableName: 'deadline_escalation' })
@Unique({ name: 'deadline_escalation_key_unique', properties: ['key'] })
export class DeadlineEscalation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** "<kind>:<deadline id>" or "overdue-list:<unit>:<day>" */
  @Property({ type: 'string', length: 120 })
  key!: string;

  @Property({ type: 'string', length: 20 })
  kind!: EscalationKind;

  @ManyToOne(() => Deadline, { nullable: true, deleteRule: 'cascade' })
  deadline?: Deadline | null;

  @Property({ type: 'string', length: 10 })
  unit!: string;

  /** the engine's day on which it was raised */
  @Property({ type: 'date' })
  raisedOn!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
