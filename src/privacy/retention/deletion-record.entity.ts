import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export const DELETION_TRIGGERS = ['schedule', 'manual', 'request'] as const;
/** the daily job, a run an admin started, or an erasure on request (Art. 17 DSGVO) */
export type DeletionTrigger = (typeof DELETION_TRIGGERS)[number];

/**
 * The proof that something was erased (issue 7 § 2): which rule (parameter key and version), which
 * category, how many records, when, by whom, and how many rows in which places. Never personal data of
 * the erased: no names, no ids of persons, no file numbers.
 */
@Entity({ tableName: 'privacy_deletion' })
@Index({ properties: ['occurredAt'] })
export class DeletionRecord {
  [OptionalProps]?: 'places' | 'runId' | 'ruleKey' | 'ruleValidFrom';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** the run of the job that erased it (null for an erasure on request) */
  @Property({ type: new BigIntType('string'), nullable: true })
  runId?: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'string', length: 16 })
  trigger!: DeletionTrigger;

  /** username of the admin, or 'system' for the daily job */
  @Property({ type: 'string', length: 100 })
  actor!: string;

  /** the retention rule's parameter key, e.g. "retention.case.asylblg" (null: erasure on request) */
  @Property({ type: 'string', length: 120, nullable: true })
  ruleKey?: string | null = null;

  /** the version of the rule (its validFrom) */
  @Property({ type: 'date', nullable: true })
  ruleValidFrom?: string | null = null;

  /** e.g. "case.asylblg", "task.draft", "art17" */
  @Property({ type: 'string', length: 64 })
  category!: string;

  /** what was erased: "person", "complaint", "task-draft", "session" */
  @Property({ type: 'string', length: 32 })
  recordType!: string;

  /** how many records of that type */
  @Property({ type: 'integer' })
  count!: number;

  /** rows erased (or anonymised) per place, e.g. {"task": 3, "engine.variable": 12} */
  @Property({ type: 'json' })
  places: Record<string, number> = {};
}

/** One run of the erasure job: the daily one is unique per engine day (so it runs once a day). */
@Entity({ tableName: 'retention_run' })
@Index({
  name: 'retention_run_schedule_day_unique',
  expression: `create unique index "retention_run_schedule_day_unique" on "retention_run" ("day") where "trigger" = 'schedule'`,
})
export class RetentionRun {
  [OptionalProps]?: 'finishedAt' | 'erased' | 'deferred';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 16 })
  trigger!: DeletionTrigger;

  /** the engine's day (Europe/Berlin) the run decided on */
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  finishedAt?: Date | null = null;

  /** records erased (all types) */
  @Property({ type: 'integer' })
  erased: number = 0;

  /** persons whose retention ended but a process still runs ("zurückgestellt") */
  @Property({ type: 'integer' })
  deferred: number = 0;
}
