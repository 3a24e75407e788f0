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
import { Person } from './person.entity';

/** Residence status types (BRIEF § 1; XAusländer "Aufenthaltsstatus"). */
export const STATUS_TYPES = [
  'Ankunftsnachweis',
  'Aufenthaltsgestattung',
  'Duldung §60a',
  'Duldung §60b',
  'Duldung §60c',
  'Duldung §60d',
  'Aufenthaltserlaubnis',
  'Niederlassungserlaubnis',
  'Fiktionsbescheinigung',
  'Ausreisepflichtig',
  'EU-Freizügigkeit',
  'Deutsch',
  /** left Germany (voluntary departure or removal): ends every episode that started before it */
  'Ausgereist',
] as const;
export type StatusType = (typeof STATUS_TYPES)[number];

export interface StatusConditions {
  /** Beschäftigung erlaubt / Erwerbstätigkeit gestattet */
  workAllowed?: boolean;
  /** Wohnsitzauflage: municipality or district the person must live in */
  wohnsitzauflage?: string | null;
  /** further Nebenbestimmungen as text */
  other?: string[];
}

/**
 * One time slice of a person's residence status. Rows are never updated or deleted (a trigger refuses
 * it): a change is a new episode; the end of an episode is its validTo or the start of the episode that
 * supersedes it.
 */
@Entity({ tableName: 'status_episode' })
@Index({ properties: ['person', 'validFrom'] })
export class StatusEpisode {
  [OptionalProps]?: 'recordedAt' | 'conditions';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Person)
  person!: Person;

  @Property({ type: 'string', length: 40 })
  type!: StatusType;

  /** legal basis, e.g. "§ 25 Abs. 2 AufenthG", "§ 60c AufenthG" */
  @Property({ type: 'string', length: 80, nullable: true })
  legalBasis?: string | null;

  /** ISO date */
  @Property({ type: 'date' })
  validFrom!: string;

  /** ISO date (inclusive); null = open-ended */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'json' })
  conditions: StatusConditions = {};

  /** the episode this one replaces (e.g. a revoked Duldung), if any */
  @Property({ type: 'uuid', nullable: true })
  supersedes?: string | null;

  /** process instance that produced the episode */
  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  /** one episode per producing action: "<jobKey>:<personId>:<type>[:<discriminator>]" */
  @Property({ type: 'string', length: 200, nullable: true })
  @Unique()
  idempotencyKey?: string | null;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
