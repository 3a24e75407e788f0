import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * One monthly payment instruction of a benefit case: the cash benefit loaded on the Bezahlkarte and the
 * housing costs paid to the landlord (§ 3 Abs. 3 AsylbLG). At most one per person and month, so a timer
 * or job that fires twice loads once. The card provider is not connected: the row is the instruction
 * the payment run reads.
 */
@Entity({ tableName: 'payment_card_load' })
@Unique({ properties: ['personId', 'month'] })
@Index({ properties: ['processInstanceKey'] })
export class PaymentCardLoad {
  [OptionalProps]?: 'recordedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'string', length: 64 })
  caseId!: string;

  /** 'YYYY-MM' */
  @Property({ type: 'string', length: 7 })
  month!: string;

  /** '§2' or '§3' */
  @Property({ type: 'string', length: 4 })
  basis!: string;

  /** cash benefit loaded on the card, cents */
  @Property({ type: 'integer' })
  amount!: number;

  /** housing costs paid directly to the landlord, cents */
  @Property({ type: 'integer' })
  housingAmount!: number;

  /** monthly cash withdrawal limit in force, cents */
  @Property({ type: 'integer' })
  cashLimit!: number;

  @Property({ type: 'string', length: 32, nullable: true })
  paymentCardId?: string | null;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
