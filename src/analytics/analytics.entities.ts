import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * The projection of the embedded engine's event log: one row per element instance (and per process
 * instance, element_type PROCESS) with its start, end and end state, filled incrementally from
 * `engine.event_log` by position (see `event-log.projection.ts`). Process rows also carry the end event
 * the instance completed at (the outcome).
 */
@Entity({ tableName: 'analytics_element_instance' })
@Index({
  name: 'analytics_element_instance_process_element_index',
  properties: ['bpmnProcessId', 'version', 'elementId'],
})
@Index({
  name: 'analytics_element_instance_type_process_index',
  properties: ['elementType', 'bpmnProcessId', 'version'],
})
export class AnalyticsElementInstance {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  key!: string;

  @Property({ type: new BigIntType('string') })
  processInstanceKey!: string;

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'string', length: 255 })
  elementId!: string;

  /** the engine's element type: PROCESS, USER_TASK, END_EVENT, MULTI_INSTANCE_BODY, … */
  @Property({ type: 'string', length: 64 })
  elementType!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  flowScopeKey?: string | null;

  /** engine clock */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  /** engine clock */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  /** COMPLETED or TERMINATED; null while it runs */
  @Property({ type: 'string', length: 16, nullable: true })
  endState?: string | null;

  /** process rows: the end event (directly in the process) the instance completed at */
  @Property({ type: 'string', length: 255, nullable: true })
  outcomeElementId?: string | null;
}

/**
 * How far the projection has read the event log: every position up to `watermark` is applied; rows
 * beyond a gap are applied too (idempotently) and read again until the gap is settled. A gap is
 * settled once every transaction that was running when it was seen has ended (`pendingFence`, the
 * xmax of that snapshot, as xid8).
 */
@Entity({ tableName: 'analytics_projection_state' })
export class AnalyticsProjectionState {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: new BigIntType('string') })
  watermark!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  pendingPosition?: string | null;

  @Property({ type: new BigIntType('string'), nullable: true })
  pendingFence?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}

/** A target time (Zielzeit) a quality user set for an element of a process, across its versions. */
@Entity({ tableName: 'analytics_element_target' })
@Unique({ properties: ['bpmnProcessId', 'elementId'] })
export class AnalyticsElementTarget {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  @Property({ type: 'string', length: 255 })
  elementId!: string;

  @Property({ type: 'integer' })
  targetMinutes!: number;

  /** username */
  @Property({ type: 'string', length: 200 })
  updatedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();
}

/** Every change of a target time: who, when, from what to what (null: none). Append-only by use. */
@Entity({ tableName: 'analytics_element_target_change' })
@Index({ name: 'analytics_element_target_change_process_index', properties: ['bpmnProcessId', 'changedAt'] })
export class AnalyticsElementTargetChange {
  [OptionalProps]?: 'changedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  @Property({ type: 'string', length: 255 })
  elementId!: string;

  @Property({ type: 'integer', nullable: true })
  previousMinutes?: number | null;

  @Property({ type: 'integer', nullable: true })
  targetMinutes?: number | null;

  /** username */
  @Property({ type: 'string', length: 200 })
  changedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt: Date = new Date();
}

/** The analytics module's tables, registered in src/database/entity-registry.ts. */
export const ANALYTICS_ENTITIES = [
  AnalyticsElementInstance,
  AnalyticsProjectionState,
  AnalyticsElementTarget,
  AnalyticsElementTargetChange,
];
