import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type DeployedResourceKind = 'bpmn' | 'form';

/**
 * One resource (a processes/*.bpmn or forms/*.form file) as the engine accepted it. A redeployment of
 * unchanged content returns the same key and version and adds no row.
 */
@Entity({ tableName: 'deployed_resource' })
@Unique({ properties: ['kind', 'deployedKey'] })
@Index({ properties: ['resourceName'] })
export class DeployedResource {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** file name as deployed, e.g. arrival-reception.bpmn */
  @Property({ type: 'string', length: 255 })
  resourceName!: string;

  /** bpmnProcessId or formId inside the resource */
  @Property({ type: 'string', length: 255 })
  resourceId!: string;

  @Property({ type: 'string', length: 16 })
  kind!: DeployedResourceKind;

  /** sha256 of the file content, hex */
  @Property({ type: 'string', length: 64 })
  checksum!: string;

  /** processDefinitionKey or formKey (int64 as string) */
  @Property({ type: new BigIntType('string') })
  deployedKey!: string;

  @Property({ type: 'integer' })
  deployedVersion!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  deployedAt: Date = new Date();
}
