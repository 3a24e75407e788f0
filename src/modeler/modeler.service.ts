import { AuditService } from '../audit/audit.service';
import {
  LockMode,
  MikroORM,
  UniqueConstraintViolationException,
  type EntityManager,
} from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AGENCY_UNITS } from '../agencies/units';
import type { Actor, Role } from '../auth/actor';
import { DeployedResource } from '../database';
import {
  DeploymentService,
  JOB_WORKER_REGISTRY,
  listResources,
  ZeebeService,
  type ResourceFile,
} from '../engine';
import { generateElementTemplates, jobTypeUsages, type ElementTemplate } from './element-templates';
import { lintDefinitions } from './lint/lint';
import type { LintIssue, PlatformFacts } from './lint/lint.types';
import {
  checkBpmn,
  checkForm,
  isValidResourceId,
  kindOfFileName,
  parseBpmnXml,
  sha256,
  type ModdleElement,
} from './model-content';
import { diffBpmn, diffForm, type ModelDiff } from './model-diff';
import { ModelResource, type ModelKind } from './model-resource.entity';
import { ModelVersion, type VersionStatus } from './model-version.entity';
import {
  DeploymentFailedError,
  LintErrorsError,
  ModelNotFoundError,
  SelfApprovalError,
  StaleVersionError,
  UnsupportedFileError,
  VersionNotFoundError,
  VersionStatusError,
} from './modeler.errors';
import { ModelerRepository } from './modeler.repository';
import { ReleaseStep, type ReleaseAction } from './release-step.entity';

export interface PersonRef {
  /** user id; null for the platform itself */
  id: string | null;
  name: string;
}

export interface VersionSummary {
  number: number;
  status: VersionStatus;
  author: PersonRef;
  createdAt: string;
  comment: string;
  basedOn: number | null;
  /** the engine's version once deployed */
  engineVersion: number | null;
  deployedAt: string | null;
  /** process instances of this version with an open task (bpmn only; 0 for forms and undeployed) */
  runningInstances: number;
}

export interface ResourceSummary {
  kind: ModelKind;
  resourceId: string;
  name: string;
  /** number of the newest version (draft or not) */
  latest: number;
  /** number of the newest deployed version (what new instances start on) */
  latestDeployed: number | null;
  versions: VersionSummary[];
}

export interface ReleaseStepView {
  action: ReleaseAction;
  actor: PersonRef;
  role: string;
  at: string;
  reason: string | null;
}

export interface VersionDetail extends VersionSummary {
  kind: ModelKind;
  resourceId: string;
  name: string;
  content: string;
  sha256: string;
  steps: ReleaseStepView[];
}

export interface QueueEntry {
  kind: ModelKind;
  resourceId: string;
  name: string;
  number: number;
  status: VersionStatus;
  author: PersonRef;
  createdAt: string;
  comment: string;
  basedOn: number | null;
  submittedBy: PersonRef | null;
  submittedAt: string | null;
  reason: string | null;
}

export interface SaveVersionInput {
  content: string;
  comment?: string;
  basedOn?: number | null;
}

export interface VersionFile {
  fileName: string;
  contentType: string;
  content: string;
}

const SYSTEM: PersonRef = { id: null, name: 'Plattform' };

/** the roles that save and submit; a step records the first the actor has */
const MANAGER_ROLES: Role[] = ['process-manager', 'admin'];

/** "3 INVALID_ARGUMENT: " before the engine's own message */
const GRPC_STATUS_PREFIX = /^\d+ [A-Z_]+: /;

/** the engine did not answer the reachability probe: nothing was sent to it */
class EngineUnreachable extends Error {
  constructor() {
    super('Die Engine ist nicht erreichbar.');
  }
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

function actingRole(actor: Actor, preferred: Role[]): string {
  return preferred.find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'unknown';
}

function fileNameOf(kind: ModelKind, resourceId: string): string {
  return `${resourceId}.${kind === 'bpmn' ? 'bpmn' : 'form'}`;
}

/**
 * The process editor's versions and release (issue 5 § 2): every save is a version; a process manager
 * submits a draft with a reason, a different user with the quality role approves (deploys it to the
 * engine) or rejects it with a comment; each step is recorded. The shipped files in processes/ and
 * forms/ are version 1 of their resource, imported at start-up.
 */
@Injectable()
export class ModelerService implements OnModuleInit {
  private readonly logger = new Logger(ModelerService.name);
  /** parsed deployed models by sha256 (element templates read their task names) */
  private readonly parsed = new Map<string, ModdleElement>();

  constructor(
    private readonly orm: MikroORM,
    private readonly zeebe: ZeebeService,
    private readonly deployment: DeploymentService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.importShippedFiles();
    this.deployment.useContentSource((file) => this.releasedContent(file));
  }

  // ---------------------------------------------------------------- start-up

  /**
   * Imports processes/ and forms/ as version 1 (deployed) of each resource that is not in the catalogue
   * yet; a shipped file changed since is added as a new deployed version unless a version released in
   * the editor supersedes it. Idempotent.
   */
  async importShippedFiles(files: ResourceFile[] = listResources()): Promise<number> {
    let imported = 0;
    const known = await new ModelerRepository(this.orm.em.fork()).knownChecksums();
    for (const file of files) {
      const text = file.content.toString('utf8');
      // unchanged since the last start: nothing to parse
      if (known.has(`${file.kind}:${sha256(text)}`)) continue;
      let resourceId: string;
      let name: string;
      try {
        if (file.kind === 'bpmn') ({ processId: resourceId, name } = await checkBpmn(text));
        else ({ formId: resourceId, name } = checkForm(text));
      } catch (error) {
        this.logger.warn({
          msg: 'shipped file not imported',
          file: file.name,
          error: (error as Error).message,
        });
        continue;
      }
      try {
        const added = await this.orm.em.fork().transactional(async (em) => {
          const repo = new ModelerRepository(em);
          const checksum = sha256(text);
          let resource = await repo.resource(file.kind, resourceId);
          if (resource) {
            await em.lock(resource, LockMode.PESSIMISTIC_WRITE);
            const versions = await repo.versions([resource]);
            if (versions.some((v) => v.sha256 === checksum)) return false;
            if (versions.some((v) => v.status === 'deployed' && v.authorId)) {
              this.logger.warn({
                msg: 'shipped file changed, but a version released in the editor supersedes it',
                file: file.name,
              });
              return false;
            }
          } else {
            resource = em.create(ModelResource, { kind: file.kind, resourceId, name });
          }
          resource.name = name;
          const number = (await repo.highestNumber(resource)) + 1;
          const version = em.create(ModelVersion, {
            resource,
            number,
            content: text,
            sha256: checksum,
            authorId: null,
            authorName: SYSTEM.name,
            comment: `Aus ${file.kind === 'bpmn' ? 'processes' : 'forms'}/${file.name} übernommen`,
            status: 'deployed',
            basedOn: number > 1 ? number - 1 : null,
          });
          await this.step(
            em,
            version,
            'deployed',
            null,
            'system',
            `Datei ${file.name} beim Start bereitgestellt`,
          );
          return true;
        });
        if (added) imported++;
      } catch (error) {
        // another instance of the platform imported it at the same moment
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
      }
    }
    if (imported) this.logger.log({ msg: 'shipped models imported', count: imported });
    return imported;
  }

  /** start-up deployment: a resource released in the editor deploys its released version, not the file */
  private async releasedContent(file: ResourceFile): Promise<Buffer | undefined> {
    const text = file.content.toString('utf8');
    const repo = new ModelerRepository(this.orm.em.fork());
    let resourceId = (await repo.knownChecksums()).get(`${file.kind}:${sha256(text)}`);
    try {
      resourceId ??= file.kind === 'bpmn' ? (await checkBpmn(text)).processId : checkForm(text).formId;
    } catch {
      return undefined;
    }
    const resource = await repo.resource(file.kind, resourceId);
    if (!resource) return undefined;
    const released = await repo.latestDeployed(resource);
    if (!released?.authorId || released.sha256 === sha256(text)) return undefined;
    this.logger.log({
      msg: 'deploying released version instead of file',
      file: file.name,
      version: released.number,
    });
    return Buffer.from(released.content, 'utf8');
  }

  // ---------------------------------------------------------------- reading

  async catalogue(kind?: ModelKind): Promise<ResourceSummary[]> {
    const em = this.orm.em.fork();
    const repo = new ModelerRepository(em);
    const resources = await repo.resources(kind);
    return this.summaries(em, repo, resources);
  }

  async resource(kind: ModelKind, resourceId: string): Promise<ResourceSummary> {
    const em = this.orm.em.fork();
    const repo = new ModelerRepository(em);
    const resource = await this.findResource(repo, kind, resourceId);
    return (await this.summaries(em, repo, [resource]))[0];
  }

  async version(kind: ModelKind, resourceId: string, number: number): Promise<VersionDetail> {
    const em = this.orm.em.fork();
    const repo = new ModelerRepository(em);
    const resource = await this.findResource(repo, kind, resourceId);
    const version = await this.findVersion(repo, resource, number);
    await this.fillEngineVersions(em, repo, [version]);
    const running =
      kind === 'bpmn' ? await repo.runningInstances([resource.resourceId]) : new Map<string, number>();
    const steps = await repo.steps([version]);
    return {
      ...this.versionSummary(resource, version, running),
      kind,
      resourceId,
      name: resource.name,
      content: version.content,
      sha256: version.sha256,
      steps: steps.map((s) => ({
        action: s.action,
        actor: { id: s.actorId ?? null, name: s.actorName },
        role: s.role,
        at: s.at.toISOString(),
        reason: s.reason,
      })),
    };
  }

  async file(kind: ModelKind, resourceId: string, number: number): Promise<VersionFile> {
    const repo = new ModelerRepository(this.orm.em.fork());
    const resource = await this.findResource(repo, kind, resourceId);
    const version = await this.findVersion(repo, resource, number);
    return {
      fileName: fileNameOf(kind, resourceId),
      contentType: kind === 'bpmn' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
      content: version.content,
    };
  }

  /** the release queue: versions with the status (default: submitted), oldest first */
  async queue(status: VersionStatus = 'submitted'): Promise<QueueEntry[]> {
    const repo = new ModelerRepository(this.orm.em.fork());
    const versions = await repo.versionsWithStatus(status);
    const steps = await repo.steps(versions);
    return versions.map((v) => {
      const submitted = steps.filter((s) => s.version.id === v.id && s.action === 'submitted').at(-1);
      return {
        kind: v.resource.kind,
        resourceId: v.resource.resourceId,
        name: v.resource.name,
        number: v.number,
        status: v.status,
        author: { id: v.authorId ?? null, name: v.authorName },
        createdAt: v.createdAt.toISOString(),
        comment: v.comment,
        basedOn: v.basedOn,
        submittedBy: submitted ? { id: submitted.actorId ?? null, name: submitted.actorName } : null,
        submittedAt: iso(submitted?.at),
        reason: submitted?.reason ?? null,
      };
    });
  }

  async diff(kind: ModelKind, resourceId: string, from: number, to: number): Promise<ModelDiff> {
    const repo = new ModelerRepository(this.orm.em.fork());
    const resource = await this.findResource(repo, kind, resourceId);
    const [a, b] = [await this.findVersion(repo, resource, from), await this.findVersion(repo, resource, to)];
    if (kind === 'bpmn') return diffBpmn(await parseBpmnXml(a.content), await parseBpmnXml(b.content));
    return diffForm(checkForm(a.content).schema, checkForm(b.content).schema);
  }

  /** what the platform lint checks models against */
  async facts(): Promise<PlatformFacts> {
    const repo = new ModelerRepository(this.orm.em.fork());
    const forms = await repo.resources('form');
    const versions = await repo.versions(forms);
    const deployedForms = new Set(versions.filter((v) => v.status === 'deployed').map((v) => v.resource.id));
    return {
      jobTypes: [...new Set(JOB_WORKER_REGISTRY.map((w) => w.type))].sort(),
      formIds: forms
        .filter((f) => deployedForms.has(f.id))
        .map((f) => f.resourceId)
        .sort(),
      units: Object.keys(AGENCY_UNITS),
    };
  }

  /** Lints BPMN XML with the same rules as the editor (bad XML → INVALID_BPMN). */
  async lint(content: string): Promise<LintIssue[]> {
    const { definitions } = await checkBpmn(content);
    return lintDefinitions(definitions, await this.facts());
  }

  /** element templates of every job type, named after the tasks in the deployed models */
  async elementTemplates(): Promise<ElementTemplate[]> {
    const repo = new ModelerRepository(this.orm.em.fork());
    const models: ModdleElement[] = [];
    for (const resource of await repo.resources('bpmn')) {
      const deployed = await repo.latestDeployed(resource);
      if (!deployed) continue;
      let definitions = this.parsed.get(deployed.sha256);
      if (!definitions) {
        definitions = await parseBpmnXml(deployed.content);
        this.parsed.set(deployed.sha256, definitions);
      }
      models.push(definitions);
    }
    return generateElementTemplates(JOB_WORKER_REGISTRY, jobTypeUsages(models));
  }

  // ---------------------------------------------------------------- changing

  /** Saves a new draft version (creating the resource when the id is new). Nothing is stored on error. */
  async save(
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    input: SaveVersionInput,
  ): Promise<VersionDetail> {
    if (!isValidResourceId(resourceId)) throw new ModelNotFoundError('Dieses Modell gibt es nicht.');
    const name =
      kind === 'bpmn'
        ? (await checkBpmn(input.content, resourceId)).name
        : checkForm(input.content, resourceId).name;
    const number = await this.orm.em.fork().transactional(async (em) => {
      const repo = new ModelerRepository(em);
      let resource = await repo.resource(kind, resourceId);
      if (resource) await em.lock(resource, LockMode.PESSIMISTIC_WRITE);
      else resource = em.create(ModelResource, { kind, resourceId, name });
      const next = (await repo.highestNumber(resource)) + 1;
      if (
        input.basedOn !== undefined &&
        input.basedOn !== null &&
        (input.basedOn < 1 || input.basedOn >= next)
      ) {
        throw new VersionNotFoundError(
          `Die Version ${input.basedOn}, auf der der Entwurf beruht, gibt es nicht.`,
        );
      }
      resource.name = name;
      const version = em.create(ModelVersion, {
        resource,
        number: next,
        content: input.content,
        sha256: sha256(input.content),
        authorId: actor.id,
        authorName: actor.displayName,
        comment: input.comment?.trim() ?? '',
        status: 'draft',
        basedOn: input.basedOn ?? (next > 1 ? next - 1 : null),
      });
      await this.step(em, version, 'saved', actor, actingRole(actor, MANAGER_ROLES), version.comment || null);
      return next;
    });
    return this.changed('model version saved', actor, kind, resourceId, number);
  }

  /** Imports a .bpmn or .form file as a new draft version of the resource it contains. */
  async importFile(
    actor: Actor,
    fileName: string,
    content: string,
    comment?: string,
  ): Promise<VersionDetail> {
    const kind = kindOfFileName(fileName);
    if (!kind) {
      throw new UnsupportedFileError('Nur .bpmn- und .form-Dateien können importiert werden.');
    }
    const resourceId = kind === 'bpmn' ? (await checkBpmn(content)).processId : checkForm(content).formId;
    return this.save(actor, kind, resourceId, {
      content,
      comment: comment?.trim() || `Import der Datei ${fileName.replace(/^.*[\\/]/, '').slice(0, 200)}`,
      basedOn: null,
    });
  }

  /** A process manager submits a draft for release; lint errors block it and name the elements. */
  async submit(
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
    reason: string,
  ): Promise<VersionDetail> {
    await this.orm.em.fork().transactional(async (em) => {
      const repo = new ModelerRepository(em);
      const resource = await this.findResource(repo, kind, resourceId);
      const version = await this.findVersion(repo, resource, number, true, true);
      if (version.status !== 'draft') {
        throw new VersionStatusError(
          `Version ${number} ist ${STATUS_TEXT[version.status]} und kann nicht eingereicht werden; nur Entwürfe.`,
        );
      }
      if (kind === 'bpmn') {
        const issues = await lintDefinitions(await parseBpmnXml(version.content), await this.facts());
        const errors = issues.filter((i) => i.category === 'error');
        if (errors.length) {
          throw new LintErrorsError(
            errors.map(({ elementId, rule, message }) => ({ elementId, rule, message })),
          );
        }
      }
      version.status = 'submitted';
      await this.step(em, version, 'submitted', actor, actingRole(actor, MANAGER_ROLES), reason.trim());
    });
    return this.changed('model version submitted', actor, kind, resourceId, number);
  }

  /** Quality approves a submitted version (not their own): it is deployed to the engine at once. */
  async approve(
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
    comment?: string,
  ): Promise<{ engineVersion: number; version: VersionDetail }> {
    let failure: Error | null = null;
    let engineVersion = 0;
    try {
      await this.orm.em.fork().transactional(async (em) => {
        const { resource, version } = await this.reviewable(em, actor, kind, resourceId, number, 'freigeben');
        const repo = new ModelerRepository(em);
        const deployed = await repo.latestDeployed(resource);
        if (deployed && version.basedOn !== null && version.basedOn < deployed.number) {
          throw new StaleVersionError(
            `Version ${number} beruht auf Version ${version.basedOn}; inzwischen ist Version ${deployed.number} freigegeben. Bitte den Entwurf auf Grundlage der Version ${deployed.number} neu erstellen.`,
          );
        }
        let result: { key: string; version: number };
        try {
          result = await this.deploy(kind, resourceId, version.content);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
          throw failure;
        }
        engineVersion = result.version;
        const now = new Date();
        version.status = 'deployed';
        version.engineVersion = result.version;
        version.engineKey = result.key;
        version.deployedAt = now;
        await this.step(em, version, 'approved', actor, 'quality', comment?.trim() || null);
        await this.step(em, version, 'deployed', actor, 'quality', `Engine-Version ${result.version}`);
        const exists = await em.findOne(DeployedResource, { kind, deployedKey: result.key });
        if (!exists) {
          em.create(DeployedResource, {
            resourceName: fileNameOf(kind, resourceId),
            resourceId,
            kind,
            checksum: version.sha256,
            deployedKey: result.key,
            deployedVersion: result.version,
            deployedAt: now,
          });
        }
      });
    } catch (error) {
      if (failure && error === failure) {
        const cause = failure as Error;
        const unreachable = cause instanceof EngineUnreachable;
        const reason = cause.message.replace(GRPC_STATUS_PREFIX, '').slice(0, 1000);
        await this.recordDeployFailure(actor, kind, resourceId, number, reason);
        this.logger.warn({
          msg: unreachable ? 'deployment failed: engine unreachable' : 'deployment refused',
          kind,
          resourceId,
          version: number,
        });
        throw new DeploymentFailedError(
          unreachable
            ? `Die Engine ist nicht erreichbar; Version ${number} bleibt eingereicht. Bitte später erneut freigeben.`
            : `Die Engine hat die Version ${number} nicht angenommen; sie bleibt eingereicht. Grund: ${reason}`,
        );
      }
      throw error;
    }
    this.logger.log({
      msg: 'model version deployed',
      kind,
      resourceId,
      version: number,
      engineVersion,
      userId: actor.id,
    });
    return { engineVersion, version: await this.version(kind, resourceId, number) };
  }

  /** Quality rejects a submitted version (not their own) with a comment. */
  async reject(
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
    comment: string,
  ): Promise<VersionDetail> {
    await this.orm.em.fork().transactional(async (em) => {
      const { version } = await this.reviewable(em, actor, kind, resourceId, number, 'ablehnen');
      version.status = 'rejected';
      await this.step(em, version, 'rejected', actor, 'quality', comment.trim());
    });
    return this.changed('model version rejected', actor, kind, resourceId, number);
  }

  // ---------------------------------------------------------------- helpers

  /** logs a change (ids only) and answers with the version as it is now */
  private changed(
    msg: string,
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
  ): Promise<VersionDetail> {
    this.logger.log({ msg, kind, resourceId, version: number, userId: actor.id });
    return this.version(kind, resourceId, number);
  }

  /** the submitted version, locked, after the four-eyes check */
  private async reviewable(
    em: EntityManager,
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
    verb: 'freigeben' | 'ablehnen',
  ): Promise<{ resource: ModelResource; version: ModelVersion }> {
    const repo = new ModelerRepository(em);
    const resource = await this.findResource(repo, kind, resourceId);
    const version = await this.findVersion(repo, resource, number, true, true);
    const steps = await repo.steps([version]);
    const involved = new Set([
      version.authorId,
      ...steps.filter((s) => s.action === 'submitted').map((s) => s.actorId),
    ]);
    if (involved.has(actor.id)) {
      throw new SelfApprovalError(
        `Sie können Version ${number} nicht ${verb}: Sie haben sie selbst gespeichert oder eingereicht. Eine andere Person mit der Rolle Qualitätssicherung muss sie prüfen (Vier-Augen-Prinzip).`,
      );
    }
    if (version.status !== 'submitted') {
      throw new VersionStatusError(
        `Version ${number} ist ${STATUS_TEXT[version.status]}; nur eingereichte Versionen können Sie ${verb}.`,
      );
    }
    return { resource, version };
  }

  private async deploy(
    kind: ModelKind,
    resourceId: string,
    content: string,
  ): Promise<{ key: string; version: number }> {
    // the client retries an unreachable engine without end: ask first, so that quality gets an answer
    if (!(await this.zeebe.isReachable())) throw new EngineUnreachable();
    const name = fileNameOf(kind, resourceId);
    const buffer = Buffer.from(content, 'utf8');
    if (kind === 'form') {
      const response = await this.zeebe.client.deployResource({ name, form: buffer });
      const form = response.deployments.find((d) => 'form' in d)?.form;
      if (!form) throw new Error('Die Engine hat kein Formular zurückgegeben.');
      return { key: String(form.formKey), version: Number(form.version) };
    }
    const response = await this.zeebe.client.deployResource({ name, process: buffer });
    const process = response.deployments.find((d) => 'process' in d)?.process;
    if (!process) throw new Error('Die Engine hat keinen Prozess zurückgegeben.');
    return { key: String(process.processDefinitionKey), version: Number(process.version) };
  }

  private async recordDeployFailure(
    actor: Actor,
    kind: ModelKind,
    resourceId: string,
    number: number,
    reason: string,
  ): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const repo = new ModelerRepository(em);
      const resource = await this.findResource(repo, kind, resourceId);
      const version = await this.findVersion(repo, resource, number, false);
      await this.step(em, version, 'deploy-failed', actor, 'quality', reason);
    });
  }

  /** one release step, recorded with the version and, in the same transaction, in the audit trail */
  private async step(
    em: EntityManager,
    version: ModelVersion,
    action: ReleaseAction,
    actor: Actor | null,
    role: string,
    reason: string | null,
  ): Promise<void> {
    em.create(ReleaseStep, {
      version,
      action,
      actorId: actor?.id ?? null,
      actorName: actor?.displayName ?? SYSTEM.name,
      role,
      at: new Date(),
      reason,
    });
    await this.audit.record(
      {
        actor: actor ?? { username: 'system' },
        action: `release.${action}`,
        resourceType: 'model-version',
        resourceId: version.id,
        outcome: action === 'deploy-failed' ? 'failed' : 'success',
        details: { role },
      },
      { em },
    );
  }

  private async findResource(
    repo: ModelerRepository,
    kind: ModelKind,
    resourceId: string,
  ): Promise<ModelResource> {
    const resource = await repo.resource(kind, resourceId);
    if (!resource) {
      throw new ModelNotFoundError(
        kind === 'bpmn'
          ? `Den Prozess „${resourceId}“ gibt es nicht.`
          : `Das Formular „${resourceId}“ gibt es nicht.`,
      );
    }
    return resource;
  }

  private async findVersion(
    repo: ModelerRepository,
    resource: ModelResource,
    number: number,
    withContent = true,
    lock = false,
  ): Promise<ModelVersion> {
    const version = lock
      ? await repo.lockedVersion(resource, number)
      : await repo.version(resource, number, withContent);
    if (!version)
      throw new VersionNotFoundError(`Version ${number} von „${resource.resourceId}“ gibt es nicht.`);
    return version;
  }

  private async summaries(
    em: EntityManager,
    repo: ModelerRepository,
    resources: ModelResource[],
  ): Promise<ResourceSummary[]> {
    const versions = await repo.versions(resources);
    await this.fillEngineVersions(em, repo, versions);
    const running = await repo.runningInstances(
      resources.filter((r) => r.kind === 'bpmn').map((r) => r.resourceId),
    );
    return resources.map((resource) => {
      const own = versions.filter((v) => v.resource.id === resource.id);
      return {
        kind: resource.kind,
        resourceId: resource.resourceId,
        name: resource.name,
        latest: own[0]?.number ?? 0,
        latestDeployed: own.find((v) => v.status === 'deployed')?.number ?? null,
        versions: own.map((v) => this.versionSummary(resource, v, running)),
      };
    });
  }

  private versionSummary(
    resource: ModelResource,
    v: ModelVersion,
    running: Map<string, number>,
  ): VersionSummary {
    return {
      number: v.number,
      status: v.status,
      author: { id: v.authorId ?? null, name: v.authorName },
      createdAt: v.createdAt.toISOString(),
      comment: v.comment,
      basedOn: v.basedOn,
      engineVersion: v.engineVersion ?? null,
      deployedAt: iso(v.deployedAt),
      runningInstances:
        resource.kind === 'bpmn' && v.engineVersion
          ? (running.get(`${resource.resourceId}@${v.engineVersion}`) ?? 0)
          : 0,
    };
  }

  /** versions imported from files learn their engine version from the start-up deployment's record */
  private async fillEngineVersions(
    em: EntityManager,
    repo: ModelerRepository,
    versions: ModelVersion[],
  ): Promise<void> {
    const missing = versions.filter((v) => v.status === 'deployed' && !v.engineVersion);
    if (!missing.length) return;
    const records = await repo.deployments([...new Set(missing.map((v) => v.resource.resourceId))]);
    let changed = false;
    for (const v of missing) {
      // the latest deployment of exactly this content
      const record = records.find(
        (r) =>
          r.kind === v.resource.kind && r.resourceId === v.resource.resourceId && r.checksum === v.sha256,
      );
      if (!record) continue;
      v.engineVersion = record.deployedVersion;
      v.engineKey = record.deployedKey;
      v.deployedAt = record.deployedAt;
      changed = true;
    }
    if (changed) await em.flush();
  }
}

const STATUS_TEXT: Record<VersionStatus, string> = {
  draft: 'ein Entwurf',
  submitted: 'bereits eingereicht',
  rejected: 'abgelehnt',
  approved: 'freigegeben',
  deployed: 'bereits bereitgestellt',
};
