import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { DeployedResource } from '../database';
import { ProcessInstanceRecord } from '../engine/instance-log/process-instance-record.entity';
import { ModelResource, type ModelKind } from './model-resource.entity';
import { ModelVersion, type VersionStatus } from './model-version.entity';
import { ReleaseStep } from './release-step.entity';

/** Queries of the modeler's aggregate (a resource with its versions and their release steps). */
export class ModelerRepository {
  constructor(private readonly em: EntityManager) {}

  resources(kind?: ModelKind): Promise<ModelResource[]> {
    return this.em.find(ModelResource, kind ? { kind } : {}, { orderBy: { kind: 'asc', name: 'asc' } });
  }

  resource(kind: ModelKind, resourceId: string): Promise<ModelResource | null> {
    return this.em.findOne(ModelResource, { kind, resourceId });
  }

  /** versions of the resources (without content), newest first */
  versions(resources: ModelResource[]): Promise<ModelVersion[]> {
    if (!resources.length) return Promise.resolve([]);
    return this.em.find(
      ModelVersion,
      { resource: { $in: resources.map((r) => r.id) } },
      { orderBy: { number: 'desc' } },
    );
  }

  version(resource: ModelResource, number: number, withContent = true): Promise<ModelVersion | null> {
    return this.em.findOne(ModelVersion, { resource, number }, withContent ? { populate: ['content'] } : {});
  }

  /** the version with its content, locked for the rest of the transaction */
  lockedVersion(resource: ModelResource, number: number): Promise<ModelVersion | null> {
    return this.em.findOne(
      ModelVersion,
      { resource, number },
      { populate: ['content'], lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
  }

  versionsWithStatus(status: VersionStatus): Promise<ModelVersion[]> {
    return this.em.find(ModelVersion, { status }, { populate: ['resource'], orderBy: { createdAt: 'asc' } });
  }

  /** the deployed version with the highest number (the engine's latest), with content */
  async latestDeployed(resource: ModelResource): Promise<ModelVersion | null> {
    return this.em.findOne(
      ModelVersion,
      { resource, status: 'deployed' },
      { orderBy: { number: 'desc' }, populate: ['content'] },
    );
  }

  async highestNumber(resource: ModelResource): Promise<number> {
    const latest = await this.em.findOne(ModelVersion, { resource }, { orderBy: { number: 'desc' } });
    return latest?.number ?? 0;
  }

  steps(versions: ModelVersion[]): Promise<ReleaseStep[]> {
    if (!versions.length) return Promise.resolve([]);
    return this.em.find(
      ReleaseStep,
      { version: { $in: versions.map((v) => v.id) } },
      { orderBy: { at: 'asc', id: 'asc' } },
    );
  }

  /** the engine's deployments of these resources (start-up and editor), newest engine version first */
  deployments(resourceIds: string[]): Promise<DeployedResource[]> {
    return this.em.find(
      DeployedResource,
      { resourceId: { $in: resourceIds } },
      { orderBy: { deployedVersion: 'desc' } },
    );
  }

  /** `<kind>:<sha256>` of every stored version → its resource id */
  async knownChecksums(): Promise<Map<string, string>> {
    const rows = await this.em
      .getConnection()
      .execute<{ kind: string; sha256: string; resource_id: string }[]>(
        `select r.kind, v.sha256, r.resource_id from model_version v join model_resource r on r.id = v.resource_id`,
      );
    return new Map(rows.map((r) => [`${r.kind}:${r.sha256}`, r.resource_id]));
  }

  /**
   * Running instances per (bpmnProcessId, engine version): the platform's instance log, written by the
   * process-level execution listeners every model carries (see README: the gRPC API cannot list
   * instances).
   */
  async runningInstances(bpmnProcessIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!bpmnProcessIds.length) return counts;
    const table = this.em.getMetadata().get(ProcessInstanceRecord.name).tableName;
    const rows = await this.em
      .getConnection()
      .execute<{ bpmn_process_id: string; version: number; instances: number }[]>(
        `select bpmn_process_id, version, count(*)::int as instances
         from "${table}" where ended_at is null and bpmn_process_id in (${bpmnProcessIds.map(() => '?').join(', ')})
        group by bpmn_process_id, version`,
        bpmnProcessIds,
      );
    for (const row of rows) counts.set(`${row.bpmn_process_id}@${row.version}`, Number(row.instances));
    return counts;
  }
}
