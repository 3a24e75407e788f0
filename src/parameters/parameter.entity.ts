import { BigIntType, Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A versioned parameter: a value the law leaves to the agency ([local] in the brief), a value still to be
 * confirmed ([?]), or a statutory figure that changes often (rates, cut-off dates). A change is a new
 * row with a later valid_from; old rows stay, so a decision can be re-computed as of its date.
 */
@Entity({ tableName: 'parameter' })
@Unique({ properties: ['key', 'validFrom'] })
export class Parameter {
  [OptionalProps]?: 'recordedAt' | 'recordedBy';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** dotted key, e.g. "asylblg.analogWaitingMonths" */
  @Property({ type: 'string', length: 120 })
  key!: string;

  /** ISO date from which this value applies */
  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'json' })
  value!: unknown;

  /** where the value comes from: the paragraph, notice or decision of the agency */
  @Property({ type: 'string', length: 300 })
  source!: string;

  /** "statutory", "local" (agency decides) or "unconfirmed" ([?] in the brief) */
  @Property({ type: 'string', length: 16 })
  kind!: 'statutory' | 'local' | 'unconfirmed';

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'string', length: 120 })
  recordedBy: string = 'migration';

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
