import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One stretch of time [validFrom, validTo) in which a person's stock bits (lagebild.rules.ts,
 * statusIntervals) do not change, with the person's attributes the figures group by. Derived data:
 * rebuilt from the persons, status episodes and domain events at any time (LagebildProjection).
 */
@Entity({ tableName: 'lagebild_status_interval' })
export class LagebildStatusInterval {
  @PrimaryKey({ type: 'uuid' })
  personId!: string;

  /** ISO date, inclusive */
  @PrimaryKey({ type: 'date' })
  validFrom!: string;

  /** ISO date, exclusive; null = open-ended */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'integer' })
  bits!: number;

  /** main nationality, '' = stateless or unknown */
  @Property({ type: 'string', length: 8 })
  nationality!: string;

  /** '' = not recorded */
  @Property({ type: 'string', length: 200 })
  municipality!: string;

  @Property({ type: 'string', length: 8 })
  sex!: string;

  @Property({ type: 'date', nullable: true })
  born?: string | null;
}

/** a person whose intervals must be recomputed (set by triggers in the changing transaction) */
@Entity({ tableName: 'lagebild_dirty_person' })
export class LagebildDirtyPerson {
  @PrimaryKey({ type: 'uuid' })
  personId!: string;
}

/** the one row: with which parameters the intervals were computed, and when last brought up to date */
@Entity({ tableName: 'lagebild_projection' })
export class LagebildProjectionState {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'text', nullable: true })
  paramsKey?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  refreshedAt?: Date | null;
}

export const STATISTICS_ENTITIES = [LagebildStatusInterval, LagebildDirtyPerson, LagebildProjectionState];
