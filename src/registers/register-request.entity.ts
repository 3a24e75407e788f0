import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** Every register request the platform made or asked a caseworker to make (who, which register, why). */
@Entity({ tableName: 'register_request' })
@Index({ properties: ['personId'] })
@Unique({ properties: ['idempotencyKey'] })
export class RegisterRequest {
  [OptionalProps]?: 'requestedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 8 })
  register!: string;

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'string', length: 32 })
  subject!: string;

  @Property({ type: 'string', length: 200 })
  purpose!: string;

  /** "manual" (a caseworker records the answer) or "automatic" */
  @Property({ type: 'string', length: 16 })
  mode!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  @Property({ type: 'string', length: 200 })
  idempotencyKey!: string;

  @Property({ type: 'datetime' })
  requestedAt: Date = new Date();
}
