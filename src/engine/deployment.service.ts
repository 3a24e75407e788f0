import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { DeployedResource, type DeployedResourceKind } from '../database/entities/deployed-resource.entity';
import { ZeebeService } from './zeebe.service';

export interface DeploymentResult {
  resourceName: string;
  resourceId: string;
  kind: DeployedResourceKind;
  key: string;
  version: number;
  checksum: string;
}

export interface ResourceFile {
  name: string;
  kind: DeployedResourceKind;
  content: Buffer;
}

/**
 * Replaces a file's content at start-up deployment, e.g. with the version of the resource released in
 * the process editor (src/modeler) since; undefined deploys the file as it is.
 */
export type DeploymentContentSource = (file: ResourceFile) => Promise<Buffer | undefined>;

/** The resource files to deploy: forms first (user tasks link to them), then processes; sorted by name. */
export function listResources(root: string = projectRoot()): ResourceFile[] {
  const read = (dir: string, ext: string, kind: DeployedResourceKind): ResourceFile[] => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith(ext))
      .sort()
      .map((name) => ({ name, kind, content: readFileSync(join(root, dir, name)) }));
  };
  return [...read('forms', '.form', 'form'), ...read('processes', '.bpmn', 'bpmn')];
}

/**
 * Deploys processes/*.bpmn and forms/*.form through DeployResource. The engine (like Zeebe) keeps key
 * and version when a resource is unchanged; each accepted (key, version) is recorded once in
 * deployed_resource.
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger(DeploymentService.name);
  private contentSource?: DeploymentContentSource;

  constructor(
    private readonly zeebe: ZeebeService,
    private readonly em: EntityManager,
  ) {}

  /** set once (by the process editor) before the application bootstraps */
  useContentSource(source: DeploymentContentSource): void {
    this.contentSource = source;
  }

  async deployAll(root?: string): Promise<DeploymentResult[]> {
    const results: DeploymentResult[] = [];
    for (const file of listResources(root)) {
      const content = (await this.contentSource?.(file)) ?? file.content;
      results.push(await this.deploy({ ...file, content }));
    }
    await this.record(results);
    return results;
  }

  private async deploy(file: ResourceFile): Promise<DeploymentResult> {
    const checksum = createHash('sha256').update(file.content).digest('hex');
    const client = this.zeebe.client;
    let result: DeploymentResult;
    if (file.kind === 'form') {
      const response = await client.deployResource({ name: file.name, form: file.content });
      const form = response.deployments.find((d) => 'form' in d)?.form;
      if (!form) throw new Error(`deployment of ${file.name} returned no form`);
      result = {
        resourceName: file.name,
        resourceId: form.formId,
        kind: 'form',
        key: String(form.formKey),
        version: Number(form.version),
        checksum,
      };
    } else {
      const response = await client.deployResource({ name: file.name, process: file.content });
      const process = response.deployments.find((d) => 'process' in d)?.process;
      if (!process) throw new Error(`deployment of ${file.name} returned no process`);
      result = {
        resourceName: file.name,
        resourceId: process.bpmnProcessId,
        kind: 'bpmn',
        key: String(process.processDefinitionKey),
        version: Number(process.version),
        checksum,
      };
    }
    this.logger.log({
      msg: 'resource deployed',
      resourceName: result.resourceName,
      resourceId: result.resourceId,
      kind: result.kind,
      deployedKey: result.key,
      deployedVersion: result.version,
    });
    return result;
  }

  private async record(results: DeploymentResult[]): Promise<void> {
    const em = this.em.fork();
    await em.transactional(async (tx) => {
      for (const r of results) {
        const existing = await tx.findOne(DeployedResource, { kind: r.kind, deployedKey: r.key });
        if (existing) continue;
        tx.create(DeployedResource, {
          resourceName: r.resourceName,
          resourceId: r.resourceId,
          kind: r.kind,
          checksum: r.checksum,
          deployedKey: r.key,
          deployedVersion: r.version,
          deployedAt: new Date(),
        });
      }
    });
  }
}
