import {
  BigIntType,
  Check,
  Entity,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household, Person } from '../../cases';
import { Bed } from './bed.entity';

/**
 * A person's occupancy of a bed from `fromDate` until `toDate` (the move-out day, on which the bed is
 * free again; null = still living there). Never deleted: a release sets `toDate`, a transfer ends one
 * row and starts another. The database refuses two overlapping occupancies of one bed (exclusion
 * constraint `accommodation_allocation_bed_no_overlap`) and two current beds for one person (partial
 * unique index `accommodation_allocation_person_current_unique`), see Migration20261128110500.
 */
@Entity({ tableName: 'accommodation_allocation' })
@Index({ properties: ['bed'] })
@Index({ properties: ['person'] })
@Index({ properties: ['processInstanceKey'] })
@Check({
  name: 'accommodation_allocation_period_check',
  expression: 'to_date is null or to_date >= from_date',
})
@Index({
  name: 'accommodation_allocation_bed_no_overlap',
  expression: `alter table "accommodation_allocation" add constraint "accommodation_allocation_bed_no_overlap" exclude using gist ("bed_id" with =, daterange("from_date", "to_date", '[)') with &&)`,
})
@Index({
  name: 'accommodation_allocation_person_current_unique',
  expression: `create unique index "accommodation_allocation_person_current_unique" on "accommodation_allocation" ("person_id") where "to_date" is null`,
})
export class Allocation {
  [OptionalProps]?: 'allocatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Bed)
  bed!: Bed;

  @ManyToOne(() => Person)
  person!: Person;

  @ManyToOne(() => Household, { nullable: true })
  household?: Household | null;

  /** ISO date: first night */
  @Property({ type: 'date' })
  fromDate!: string;

  /** ISO date: move-out day (bed free from this day); null = current */
  @Property({ type: 'date', nullable: true })
  toDate?: string | null;

  /** the process instance that allocated the bed (idempotency of the allocation job) */
  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  @Property({ type: 'datetime' })
  allocatedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  releasedAt?: Date | null;
}
