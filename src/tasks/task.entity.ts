import {
  ArrayType,
  BigIntType,
  Entity,
  Index,
  OptionalProps,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const TASK_STATES = ['open', 'completed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * A caseworker task: one Zeebe job-based user task (`io.camunda.zeebe:userTask`) the collector holds
 * activated, with what the task list shows and filters on. The engine stays the source of truth; the
 * row is the platform's view of the job (and its draft).
 */
@Entity({ tableName: 'task' })
@Unique({ properties: ['jobKey'] })
@Index({ name: 'task_state_due_date_index', properties: ['state', 'dueDate'] })
@Index({ name: 'task_state_assignee_index', properties: ['state', 'assignee'] })
@Index({ name: 'task_state_created_at_index', properties: ['state', 'createdAt'] })
@Index({ name: 'task_state_follow_up_date_index', properties: ['state', 'followUpDate'] })
@Index({
  name: 'task_variables_index',
  expression: `create index "task_variables_index" on "task" using gin ("variables" jsonb_path_ops)`,
})
@Index({ name: 'task_process_instance_key_index', properties: ['processInstanceKey'] })
@Index({ name: 'task_candidate_groups_index', properties: ['candidateGroups'], type: 'gin' })
@Index({ name: 'task_person_id_index', properties: ['personId'] })
@Index({ name: 'task_case_id_index', properties: ['caseId'] })
export class Task {
  [OptionalProps]?: 'state' | 'createdAt' | 'candidateGroups' | 'variables';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: new BigIntType('string') })
  jobKey!: string;

  @Property({ type: new BigIntType('string') })
  processInstanceKey!: string;

  @Property({ type: new BigIntType('string') })
  elementInstanceKey!: string;

  @Property({ type: 'string', length: 200 })
  bpmnProcessId!: string;

  @Property({ type: 'integer' })
  processVersion!: number;

  @Property({ type: 'string', length: 200 })
  elementId!: string;

  /** the element's name in the model (German, what the caseworker reads) */
  @Property({ type: 'string', length: 500 })
  name!: string;

  /** agency unit codes (candidate groups) */
  @Property({ type: ArrayType })
  candidateGroups: string[] = [];

  /** username of the assignee */
  @Property({ type: 'string', length: 200, nullable: true })
  assignee?: string | null;

  @Property({ type: 'datetime', nullable: true })
  dueDate?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  followUpDate?: Date | null;

  @Property({ type: 'string', length: 200, nullable: true })
  formId?: string | null;

  /** the process variables visible to the task when it was activated */
  @Property({ type: 'json' })
  variables: Record<string, unknown> = {};

  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  caseId?: string | null;

  @Property({ type: 'string', length: 16 })
  state: TaskState = 'open';

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  claimedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;

  /** when the engine hands the job out again unless the collector extends it */
  @Property({ type: 'datetime', nullable: true })
  jobDeadline?: Date | null;

  /** form data saved while the caseworker types */
  @Property({ type: 'json', nullable: true })
  draft?: Record<string, unknown> | null;

  @Property({ type: 'datetime', nullable: true })
  draftSavedAt?: Date | null;

  @Property({ type: 'string', length: 200, nullable: true })
  draftBy?: string | null;
}
