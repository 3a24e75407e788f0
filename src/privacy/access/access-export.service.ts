import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { hasRole, type Actor, type Role } from '../../auth/actor';
import { CaseFileService } from '../../cases/case-file.service';
import { CaseNote } from '../../cases/case-note.entity';
import { processName } from '../../cases/case-pages.service';
import { CasesService } from '../../cases/cases.service';
import { DomainEvent } from '../../cases/domain-event.entity';
import { Person } from '../../cases/person.entity';
import { StatusEpisode } from '../../cases/status-episode.entity';
import { GeneratedDocument } from '../../documents/generated-document.entity';
import { ZeebeService } from '../../engine/zeebe.service';
import { FollowUpEvent } from '../../follow-ups/follow-up-event.entity';
import { FollowUp } from '../../follow-ups/follow-up.entity';
import { Task } from '../../tasks/task.entity';
import { AccessExportForbiddenError } from './access-export.errors';
import { renderAccessExportPdf } from './access-export.pdf';
import { withoutOtherPersons } from './access-export.redaction';
import {
  ACCESS_EXPORT_FORMAT,
  type AccessExport,
  type AccessExportProcess,
  type AccessExportTask,
} from './access-export.types';

/**
 * Who answers a request for access (Art. 15 DSGVO): admins (the data protection coordination), and team
 * leads who may read the person's case file (README "Die Fallakte": the intake unit ABH always, other
 * units while they work on the person). Caseworkers, quality staff and process managers do not: the
 * export holds the whole file across all units, so it is released by a lead, not by whoever opens it.
 */
export const ACCESS_EXPORT_ROLES: readonly Role[] = ['admin', 'team-lead'];

/** the tables the export reads by name; every other table with a person_id column goes to otherRecords */
const COVERED_TABLES = [
  'person',
  'status_episode',
  'domain_event',
  'process_link',
  'task',
  'case_note',
  'follow_up',
  'generated_document',
  'audit_entry',
];

/** the audit entries about one person the export lists at most (the audit view has them all) */
const AUDIT_LIMIT = 10_000;

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();
const isoOf = (d: Date | string): string => new Date(d).toISOString();

/** a database value as JSON: bytes as base64, instants as ISO strings */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor: string;
  roles: string[];
  units: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

/**
 * The right of access (Art. 15 DSGVO; issue 7 § 2): collects everything the platform holds about one
 * person — master data with spelling variants, household, status episodes, domain events, processes
 * with their state and variables, tasks with drafts, notes, Wiedervorlagen, documents, the agencies'
 * own records and the audit trail about them — as JSON or as a German PDF. Every export is recorded
 * in the audit trail (action `access-export`).
 */
@Injectable()
export class AccessExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly cases: CasesService,
    private readonly caseFile: CaseFileService,
    private readonly zeebe: ZeebeService,
    private readonly audit: AuditService,
  ) {}

  /** whether the actor may export this person's data (no audit entry: used to show the button) */
  async mayExport(actor: Actor, personId: string): Promise<boolean> {
    if (hasRole(actor, 'admin')) return true;
    if (!hasRole(actor, ...ACCESS_EXPORT_ROLES)) return false;
    return this.caseFile.canRead(actor, personId);
  }

  /** the export as JSON data; recorded */
  exportJson(actor: Actor, personId: string): Promise<AccessExport> {
    return this.audit.around(
      this.entry(actor, personId, 'json'),
      () => this.collect(actor, personId),
      (data) => ({ details: { format: 'json', ...counts(data) } }),
    );
  }

  /** the export as a readable German PDF; recorded */
  async exportPdf(actor: Actor, personId: string): Promise<{ pdf: Buffer; fileNumber: string }> {
    return this.audit.around(
      this.entry(actor, personId, 'pdf'),
      async () => {
        const data = await this.collect(actor, personId);
        return { pdf: await renderAccessExportPdf(data), fileNumber: data.person.fileNumber, data };
      },
      ({ data }) => ({ details: { format: 'pdf', ...counts(data) } }),
    );
  }

  private entry(actor: Actor, personId: string, format: 'json' | 'pdf') {
    return {
      actor,
      action: 'access-export',
      resourceType: 'person',
      resourceId: personId,
      personId,
      details: { format },
    };
  }

  private async collect(actor: Actor, personId: string): Promise<AccessExport> {
    await this.cases.getPerson(personId);
    if (!(await this.mayExport(actor, personId))) throw new AccessExportForbiddenError({ personId });
    const em = this.em.fork();
    const person = await em.findOneOrFail(
      Person,
      { id: personId },
      { populate: ['nameFold', 'nameSkeleton', 'household'] },
    );
    const links = await this.cases.processLinks(personId);
    const keys = links.map((l) => l.processInstanceKey);
    const [episodes, events, tasks, notes, followUps, documents, otherRecords, auditEntries, otherMembers] =
      await Promise.all([
        em.find(StatusEpisode, { person: personId }, { orderBy: { validFrom: 'asc', recordedAt: 'asc' } }),
        em.find(DomainEvent, { personId }, { orderBy: { id: 'asc' } }),
        em.find(
          Task,
          { $or: [{ personId }, ...(keys.length ? [{ processInstanceKey: { $in: keys } }] : [])] },
          { orderBy: { createdAt: 'asc' } },
        ),
        em.find(CaseNote, { person: personId }, { orderBy: { createdAt: 'asc' } }),
        em.find(FollowUp, { person: personId }, { orderBy: { createdAt: 'asc' } }),
        em.find(GeneratedDocument, { personId }, { orderBy: { createdAt: 'asc' }, populate: ['pdf'] }),
        this.otherRecords(em, personId),
        em.execute<AuditRow[]>(
          `select seq::text as seq, occurred_at, actor, roles, units, action, resource_type, resource_id, outcome, details
             from audit_entry e
            where e.person_id = ? or jsonb_exists(e.details -> 'personIds', ?)
            order by e.seq limit ${AUDIT_LIMIT}`,
          [personId, personId],
        ),
        person.household
          ? em.count(Person, { household: person.household.id, id: { $ne: personId } })
          : Promise.resolve(0),
      ]);
    const followUpEvents = followUps.length
      ? await em.find(
          FollowUpEvent,
          { followUp: { $in: followUps.map((f) => f.id) } },
          { orderBy: { at: 'asc' } },
        )
      : [];
    // processes and tasks about a household hold the other members too: not theirs to receive
    const own = <T>(value: T): T => withoutOtherPersons(value, person);
    const processes = (await Promise.all(links.map((l) => this.process(em, l, tasks)))).map((p) => ({
      ...p,
      variables: own(p.variables),
      calledInstances: p.calledInstances.map((c) => ({ ...c, variables: own(c.variables) })),
    }));
    const household = person.household;
    return {
      format: ACCESS_EXPORT_FORMAT,
      legalBasis: 'Art. 15 DSGVO',
      controller: 'Migrationsagentur',
      generatedAt: new Date().toISOString(),
      generatedBy: { username: actor.username, displayName: actor.displayName },
      person: {
        id: person.id,
        fileNumber: person.fileNumber,
        familyName: person.familyName,
        givenNames: person.givenNames,
        nameVariants: person.nameVariants,
        dateOfBirth: person.dateOfBirth ?? null,
        dateOfBirthEstimated: person.dateOfBirthEstimated,
        sex: person.sex ?? null,
        nationalities: person.nationalities,
        azrNumber: person.azrNumber ?? null,
        bamfFileNumber: person.bamfFileNumber ?? null,
        entryDate: person.entryDate ?? null,
        identityClarified: person.identityClarified ?? null,
        identityEvidence: person.identityEvidence ?? null,
        identityClarifiedOn: person.identityClarifiedOn ?? null,
        language: person.language ?? null,
        vulnerabilities: person.vulnerabilities,
        municipality: person.municipality ?? null,
        searchKeys: { nameFold: person.nameFold ?? null, nameSkeleton: person.nameSkeleton ?? null },
        createdAt: isoOf(person.createdAt),
        updatedAt: isoOf(person.updatedAt),
      },
      household: household
        ? {
            id: household.id,
            reference: household.reference ?? null,
            address: household.address ?? null,
            municipality: household.municipality ?? null,
            createdAt: isoOf(household.createdAt),
            otherMembers,
          }
        : null,
      statusEpisodes: episodes.map((e) => ({
        id: e.id,
        type: e.type,
        legalBasis: e.legalBasis ?? null,
        validFrom: e.validFrom,
        validTo: e.validTo ?? null,
        conditions: e.conditions as Record<string, unknown>,
        supersedes: e.supersedes ?? null,
        processInstanceKey: e.processInstanceKey ?? null,
        recordedAt: isoOf(e.recordedAt),
      })),
      domainEvents: events.map((e) => ({
        id: e.id,
        type: e.type,
        occurredOn: e.occurredOn,
        payload: e.payload,
        processInstanceKey: e.processInstanceKey ?? null,
        bpmnProcessId: e.bpmnProcessId ?? null,
        recordedAt: isoOf(e.recordedAt),
      })),
      processes,
      tasks: tasks.map(taskOf).map((t) => ({ ...t, variables: own(t.variables), draft: own(t.draft) })),
      notes: notes.map((n) => ({
        id: n.id,
        author: n.author,
        authorName: n.authorName,
        text: n.text,
        createdAt: isoOf(n.createdAt),
      })),
      followUps: followUps.map((f) => ({
        id: f.id,
        unit: f.unit,
        owner: f.owner,
        ownerName: f.ownerName,
        dueOn: f.dueOn,
        reason: f.reason,
        status: f.status,
        createdBy: f.createdBy,
        createdAt: isoOf(f.createdAt),
        doneAt: iso(f.doneAt),
        doneBy: f.doneBy ?? null,
        events: followUpEvents
          .filter((e) => e.followUp.id === f.id)
          .map((e) => ({
            kind: e.kind,
            actor: e.actor,
            actorName: e.actorName,
            at: isoOf(e.at),
            comment: e.comment ?? null,
            dueOnBefore: e.dueOnBefore ?? null,
            dueOnAfter: e.dueOnAfter ?? null,
          })),
      })),
      documents: documents.map((d) => ({
        id: d.id,
        templateId: d.templateId,
        title: d.title,
        unit: d.unit,
        caseId: d.caseId,
        processInstanceKey: d.processInstanceKey ?? null,
        createdAt: isoOf(d.createdAt),
        remedy: d.remedy ?? null,
        sha256: d.sha256,
        htmlSha256: d.htmlSha256,
        pdfBase64: d.pdf.toString('base64'),
      })),
      otherRecords,
      auditEntries: auditEntries.map((r) => ({
        seq: r.seq,
        occurredAt: isoOf(r.occurred_at),
        actor: r.actor,
        roles: r.roles,
        units: r.units,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        outcome: r.outcome,
        details: r.details,
      })),
      engineSource: this.zeebe.embeddedEngine ? 'engine' : 'platform',
    };
  }

  /**
   * A linked process instance: with the embedded engine its state, active elements and variables (and
   * those of the instances it called) from the engine; against a real Zeebe, whose gRPC API reads no
   * instance, what the platform observed: the instance log and the variables of its last task.
   */
  private async process(
    em: EntityManager,
    link: { processInstanceKey: string; bpmnProcessId: string; caseId: string; role: string; linkedAt: Date },
    tasks: Task[],
  ): Promise<AccessExportProcess> {
    const key = link.processInstanceKey;
    const [record] = await em.execute<{ version: number; started_at: Date | null; ended_at: Date | null }[]>(
      `select version, started_at, ended_at from process_instance_record where process_instance_key = ?`,
      [key],
    );
    const own = tasks.filter((t) => t.processInstanceKey === key);
    const lastTask = own.at(-1);
    const base: AccessExportProcess = {
      processInstanceKey: key,
      bpmnProcessId: link.bpmnProcessId,
      name: processName(link.bpmnProcessId),
      caseId: link.caseId,
      role: link.role,
      linkedAt: isoOf(link.linkedAt),
      version: record?.version ?? null,
      state: record ? (record.ended_at ? 'COMPLETED' : 'ACTIVE') : null,
      startedAt: iso(record?.started_at),
      endedAt: iso(record?.ended_at),
      activeElementIds: [...new Set(own.filter((t) => t.state === 'open').map((t) => t.elementId))],
      variables: lastTask ? lastTask.variables : {},
      variablesSource: lastTask ? 'task' : 'none',
      calledInstances: [],
    };
    const engine = this.zeebe.embeddedEngine;
    if (!engine) return base;
    const view = await engine.inspect.instance(key);
    if (!view) return base;
    const children = await em.execute<{ key: string }[]>(
      `with recursive called as (
         select key from engine.process_instance where parent_process_instance_key = ?
         union all
         select p.key from engine.process_instance p join called c on p.parent_process_instance_key = c.key)
       select key::text as key from called order by key`,
      [key],
    );
    const calledInstances: AccessExportProcess['calledInstances'] = [];
    for (const child of children) {
      const v = await engine.inspect.instance(child.key);
      if (v)
        calledInstances.push({
          processInstanceKey: child.key,
          bpmnProcessId: v.bpmnProcessId,
          state: v.state,
          variables: v.variables,
        });
    }
    const engineHasVariables = Object.keys(view.variables).length > 0;
    return {
      ...base,
      version: view.version,
      state: view.state,
      activeElementIds: view.activeElements,
      // an ended instance has no variables left in the engine: then the last task's view stands
      variables: engineHasVariables ? view.variables : base.variables,
      variablesSource: engineHasVariables ? 'engine' : base.variablesSource,
      calledInstances,
    };
  }

  /** rows naming the person in every other table with a person_id column (the agencies' records) */
  private async otherRecords(
    em: EntityManager,
    personId: string,
  ): Promise<{ table: string; rows: Record<string, unknown>[] }[]> {
    const tables = await em.execute<{ table_name: string }[]>(
      `select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'person_id' and table_name <> all(?::text[])
        order by table_name`,
      [`{${COVERED_TABLES.join(',')}}`],
    );
    const out: { table: string; rows: Record<string, unknown>[] }[] = [];
    for (const { table_name: table } of tables) {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select * from "${table.replace(/"/g, '')}" where person_id = ?`,
        [personId],
      );
      // a row that holds nothing but the reference (a work queue such as lagebild_dirty_person) says nothing
      if (rows.length && rows.some((r) => Object.keys(r).some((k) => k !== 'person_id')))
        out.push({
          table,
          rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]))),
        });
    }
    return out;
  }
}

function taskOf(t: Task): AccessExportTask {
  return {
    id: t.id,
    name: t.name,
    bpmnProcessId: t.bpmnProcessId,
    processInstanceKey: t.processInstanceKey,
    elementId: t.elementId,
    candidateGroups: t.candidateGroups,
    assignee: t.assignee ?? null,
    state: t.state,
    createdAt: isoOf(t.createdAt),
    claimedAt: iso(t.claimedAt),
    completedAt: iso(t.completedAt),
    dueDate: iso(t.dueDate),
    followUpDate: iso(t.followUpDate),
    formId: t.formId ?? null,
    variables: t.variables,
    draft: t.draft ?? null,
    draftSavedAt: iso(t.draftSavedAt),
    draftBy: t.draftBy ?? null,
  };
}

/** what the audit entry notes about an export: counts only */
function counts(data: AccessExport): Record<string, number> {
  return {
    statusEpisodes: data.statusEpisodes.length,
    domainEvents: data.domainEvents.length,
    processes: data.processes.length,
    tasks: data.tasks.length,
    notes: data.notes.length,
    followUps: data.followUps.length,
    documents: data.documents.length,
    otherRecords: data.otherRecords.reduce((n, r) => n + r.rows.length, 0),
    auditEntries: data.auditEntries.length,
  };
}
