import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The complaint register of the Beschwerdestelle: one row per complaint, keyed by its reference
 * (BS-YYYY-NNNNN from the sequence `complaint_reference_seq`). Holds no personal data — name, address
 * and the text stay in the process instance; this row is what the process evaluation counts (BRIEF § 7:
 * by category and unit, time to acknowledge and to reply, share found justified).
 */
@Entity({ tableName: 'complaint' })
@Unique({ properties: ['processInstanceKey'] })
@Index({ properties: ['receivedOn'] })
export class Complaint {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'string', length: 20 })
  reference!: string;

  /** the complaint-management instance that registered it (idempotency of the registration job) */
  @Property({ type: new BigIntType('string') })
  processInstanceKey!: string;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'date' })
  acknowledgeBy!: string;

  @Property({ type: 'date' })
  replyBy!: string;

  @Property({ type: 'string', length: 32, nullable: true })
  channel?: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  category?: string | null;

  @Property({ type: 'string', length: 8, nullable: true })
  unitConcerned?: string | null;

  @Property({ type: 'boolean', nullable: true })
  anonymous?: boolean | null;

  @Property({ type: 'date', nullable: true })
  acknowledgedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  answeredOn?: string | null;

  @Property({ type: 'date', nullable: true })
  interimReplyOn?: string | null;

  @Property({ type: 'date', nullable: true })
  escalatedOn?: string | null;

  /** justified | partly justified | unfounded | forwarded | legal remedy | praise */
  @Property({ type: 'string', length: 32, nullable: true })
  outcome?: string | null;

  @Property({ type: 'date', nullable: true })
  closedOn?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
