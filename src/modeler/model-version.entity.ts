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
import { ModelResource } from './model-resource.entity';

export const VERSION_STATUSES = ['draft', 'submitted', 'rejected', 'approved', 'deployed'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/**
 * One saved state of a model: every save is a version (1..n per resource), never changed afterwards
 * except for its release status and, once deployed, the engine's version and key.
 */
@Entity({ tableName: 'model_version' })
@Unique({ properties: ['resource', 'number'] })
@Index({ properties: ['status'] })
export class ModelVersion {
  [OptionalProps]?: 'createdAt' | 'status' | 'comment' | 'basedOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ModelResource)
  resource!: ModelResource;

  @Property({ type: 'integer' })
  number!: number;

  /** the .bpmn XML or the .form JSON as saved */
  @Property({ type: 'text', lazy: true })
  content!: string;

  /** sha256 of content, hex */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  /** user id of the author; null for the files shipped in processes/ and forms/ */
  @Property({ type: 'string', length: 100, nullable: true })
  authorId?: string | null;

  @Property({ type: 'string', length: 200 })
  authorName!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'text' })
  comment: string = '';

  @Property({ type: 'string', length: 16 })
  status: VersionStatus = 'draft';

  /** the version this one was edited from */
  @Property({ type: 'integer', nullable: true })
  basedOn: number | null = null;

  /** the engine's version number, once deployed */
  @Property({ type: 'integer', nullable: true })
  engineVersion?: number | null;

  /** processDefinitionKey or formKey, once deployed */
  @Property({ type: new BigIntType('string'), nullable: true })
  engineKey?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deployedAt?: Date | null;
}
