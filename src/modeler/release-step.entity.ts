import { BigIntType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ModelVersion } from './model-version.entity';

export const RELEASE_ACTIONS = [
  'saved',
  'submitted',
  'rejected',
  'approved',
  'deployed',
  'deploy-failed',
] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

/**
 * One step of a version's release (who, when, what, why). Append-only: a trigger refuses UPDATE and
 * DELETE.
 */
@Entity({ tableName: 'release_step' })
@Index({ properties: ['version', 'at'] })
export class ReleaseStep {
  [OptionalProps]?: 'at' | 'reason';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => ModelVersion)
  version!: ModelVersion;

  @Property({ type: 'string', length: 16 })
  action!: ReleaseAction;

  /** user id; null for the platform itself (import of the shipped files) */
  @Property({ type: 'string', length: 100, nullable: true })
  actorId?: string | null;

  @Property({ type: 'string', length: 200 })
  actorName!: string;

  /** the role in which the actor acted (process-manager, quality, admin, system) */
  @Property({ type: 'string', length: 32 })
  role!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Date = new Date();

  /** the submitter's reason, the reviewer's comment, the save comment or the deployment error */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
