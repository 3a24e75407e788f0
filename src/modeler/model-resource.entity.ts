import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const MODEL_KINDS = ['bpmn', 'form'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A process model (bpmnProcessId) or a form (formId) that the modeler versions and releases. */
@Entity({ tableName: 'model_resource' })
@Unique({ properties: ['kind', 'resourceId'] })
export class ModelResource {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 8 })
  kind!: ModelKind;

  /** bpmnProcessId of a process, id of a form */
  @Property({ type: 'string', length: 255 })
  resourceId!: string;

  /** the process's or form's name (German), from the latest version */
  @Property({ type: 'string', length: 500 })
  name!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
