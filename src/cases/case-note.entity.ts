import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Person } from './person.entity';

/** A note in a person's case file (Aktenvermerk in short form), written by a caseworker. Never edited. */
@Entity({ tableName: 'case_note' })
@Index({ properties: ['person', 'createdAt'] })
export class CaseNote {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Person)
  person!: Person;

  /** username of the author */
  @Property({ type: 'string', length: 200 })
  author!: string;

  /** the author's display name when writing */
  @Property({ type: 'string', length: 200 })
  authorName!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
