import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A process instance as the platform observes it through the process-level execution listeners of
 * its models (`platform-instance-started` / `platform-instance-ended`): the Zeebe gRPC API cannot list
 * instances, so this is how the platform knows which instances run on which version — on the embedded
 * engine and on a real Zeebe alike. A cancelled instance runs no end listener (Zeebe 8.6); the platform
 * records the cancellations it performs itself.
 */
@Entity({ tableName: 'process_instance_record' })
@Index({ properties: ['bpmnProcessId', 'version', 'endedAt'] })
export class ProcessInstanceRecord {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  processInstanceKey!: string;

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  /** the engine's version of the process definition */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}
