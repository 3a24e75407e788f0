import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from './household.entity';

export type IdentityEvidence =
  'passport' | 'id-card' | 'biometric-document' | 'non-biometric-document' | 'other' | 'none';

export type Vulnerability =
  'pregnancy' | 'disability' | 'violence-survivor' | 'single-parent' | 'elderly' | 'minor' | 'illness';

export type Sex = 'female' | 'male' | 'diverse' | 'unknown';

/**
 * A person the agency works with (BRIEF § 1 case model; XAusländer "Person"). Master data only; the
 * residence status lives in time-sliced status episodes, the history in domain events.
 */
@Entity({ tableName: 'person' })
@Index({ properties: ['familyName'] })
@Index({ properties: ['dateOfBirth'] })
@Index({
  name: 'person_name_fold_trgm',
  expression: `create index "person_name_fold_trgm" on "person" using gin ("name_fold" gin_trgm_ops)`,
})
@Index({
  name: 'person_name_skeleton_trgm',
  expression: `create index "person_name_skeleton_trgm" on "person" using gin ("name_skeleton" gin_trgm_ops)`,
})
export class Person {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'dateOfBirthEstimated' | 'nameVariants' | 'nationalities';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** local file number (Aktenzeichen), e.g. MIA-2026-000042; the case id messages correlate on */
  @Property({ type: 'string', length: 32 })
  @Unique()
  fileNumber!: string;

  @Property({ type: 'string', length: 200 })
  familyName!: string;

  @Property({ type: 'string', length: 200 })
  givenNames!: string;

  /** other spellings (transliterations, documents), searched as well */
  @Property({ type: 'json' })
  nameVariants: string[] = [];

  /** ISO date YYYY-MM-DD */
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Property({ type: 'boolean' })
  dateOfBirthEstimated: boolean = false;

  @Property({ type: 'string', length: 16, nullable: true })
  sex?: Sex | null;

  /** ISO 3166-1 alpha-3 codes, the first is the main nationality; empty = stateless/unknown */
  @Property({ type: 'json' })
  nationalities: string[] = [];

  @Property({ type: 'string', length: 32, nullable: true })
  azrNumber?: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  bamfFileNumber?: string | null;

  /** ISO date of entry into Germany */
  @Property({ type: 'date', nullable: true })
  entryDate?: string | null;

  @Property({ type: 'boolean', nullable: true })
  identityClarified?: boolean | null;

  @Property({ type: 'string', length: 32, nullable: true })
  identityEvidence?: IdentityEvidence | null;

  /** ISO date on which the identity was clarified */
  @Property({ type: 'date', nullable: true })
  identityClarifiedOn?: string | null;

  /** main language (ISO 639) */
  @Property({ type: 'string', length: 16, nullable: true })
  language?: string | null;

  @Property({ type: 'json' })
  vulnerabilities: Vulnerability[] = [];

  /** municipality of the current address (statistics: places of residence) */
  @Property({ type: 'string', length: 120, nullable: true })
  municipality?: string | null;

  /**
   * search keys, kept by the trigger `person_name_search_keys` (Migration20261128131000): every name and
   * variant folded (`person_name_fold`), and their consonant skeletons; searched with pg_trgm
   */
  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  nameFold?: string | null;

  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  nameSkeleton?: string | null;

  @ManyToOne(() => Household, { nullable: true })
  household?: Household | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
