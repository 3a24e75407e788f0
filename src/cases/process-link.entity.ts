import { BigIntType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Person } from './person.entity';

/** The link from a person to a process instance about them (the case file lists these). */
@Entity({ tableName: 'process_link' })
@Unique({ properties: ['person', 'processInstanceKey'] })
export class ProcessLink {
  [OptionalProps]?: 'linkedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Person)
  person!: Person;

  @Property({ type: new BigIntType('string') })
  processInstanceKey!: string;

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  @Property({ type: 'string', length: 64 })
  caseId!: string;

  /** e.g. "applicant", "spouse", "child" */
  @Property({ type: 'string', length: 32 })
  role: string = 'subject';

  @Property({ type: 'datetime' })
  linkedAt: Date = new Date();
}
