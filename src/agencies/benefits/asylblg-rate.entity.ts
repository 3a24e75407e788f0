import { BigIntType, Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One AsylbLG rate per basis (§ 3a AsylbLG or § 2 AsylbLG with the SGB XII Regelbedarfsstufen),
 * Bedarfsstufe and period, in cents. Never changed in place: a new rate is a new row with a later
 * valid_from (the previous row gets its valid_to). A value the brief marks [?] is stored as null, and the
 * calculation refuses it with a clear message instead of guessing.
 */
@Entity({ tableName: 'asylblg_rate' })
@Unique({ properties: ['basis', 'level', 'validFrom'] })
// written as PostgreSQL prints them, so that the schema diff stays empty
@Check({ name: 'asylblg_rate_level_check', expression: '((level >= 1) AND (level <= 6))' })
export class AsylbLGRate {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** '§3a' (Grundleistungen) or '§2' (Analogleistungen, SGB XII rate) */
  @Property({ type: 'string', length: 4 })
  basis!: '§3a' | '§2';

  /** Bedarfsstufe / Regelbedarfsstufe 1–6 */
  @Property({ type: 'smallint' })
  level!: number;

  @Property({ type: 'date' })
  validFrom!: string;

  /** inclusive; null = open-ended */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  /** notwendiger Bedarf (§ 3a Abs. 2) in cents; null for § 2 rows or when unknown */
  @Property({ type: 'integer', nullable: true })
  bedarf?: number | null;

  /** notwendiger persönlicher Bedarf (§ 3a Abs. 1) in cents; null for § 2 rows or when unknown */
  @Property({ type: 'integer', nullable: true })
  persoenlich?: number | null;

  /** the monthly rate in cents; null = not confirmed [?] */
  @Property({ type: 'integer', nullable: true })
  total?: number | null;

  /** where the figure comes from (notice, Bundesgesetzblatt) */
  @Property({ type: 'string', length: 300 })
  source!: string;
}
