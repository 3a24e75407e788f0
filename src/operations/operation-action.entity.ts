import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export const OPERATION_ACTIONS = ['retry-incident', 'retry-job', 'cancel-instance'] as const;
export type OperationActionKind = (typeof OPERATION_ACTIONS)[number];

export const OPERATION_OUTCOMES = ['ok', 'failed'] as const;
export type OperationOutcome = (typeof OPERATION_OUTCOMES)[number];

/**
 * One intervention of quality staff or an admin in the engine (issue 6 § 2, operations view): who, in
 * which role, when, what, on which instance / incident / job, why, and how it ended (with the engine's
 * gRPC status name when it refused). Append-only: a trigger refuses UPDATE and DELETE.
 */
@Entity({ tableName: 'operation_action' })
@Index({ properties: ['processInstanceKey', 'at'] })
@Index({ properties: ['at'] })
export class OperationAction {
  [OptionalProps]?: 'at';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Date = new Date();

  /** user id of the acting person */
  @Property({ type: 'string', length: 100 })
  actorId!: string;

  /** username of the acting person at the time */
  @Property({ type: 'string', length: 200 })
  actorName!: string;

  /** the role in which the person acted (quality or admin) */
  @Property({ type: 'string', length: 32 })
  role!: string;

  @Property({ type: 'string', length: 32 })
  action!: OperationActionKind;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  incidentKey: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  jobKey: string | null = null;

  /** retry: the retries given to the job */
  @Property({ type: 'integer', nullable: true })
  retries: number | null = null;

  /** cancel: the required reason; retry: the optional comment */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'string', length: 16 })
  outcome!: OperationOutcome;

  /** on failure: the engine's gRPC status name (NOT_FOUND, FAILED_PRECONDITION, UNAVAILABLE, …) */
  @Property({ type: 'string', length: 64, nullable: true })
  errorCode: string | null = null;

  /** on failure: which step failed and the engine's message (keys only, no personal data) */
  @Property({ type: 'text', nullable: true })
  errorDetail: string | null = null;
}
