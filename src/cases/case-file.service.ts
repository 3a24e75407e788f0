import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { hasRole, inUnits, type Actor } from '../auth/actor';
import { projectRoot } from '../config/project-root';
import { GeneratedDocument } from '../documents/generated-document.entity';
import { ZeebeService } from '../engine/zeebe.service';
import { Task } from '../tasks/task.entity';
import { CaseNote } from './case-note.entity';
import {
  CaseFileForbiddenError,
  DocumentNotFoundError,
  IntakeForbiddenError,
  ProcessModelNotFoundError,
  ProcessNotStartableError,
  StartVariablesInvalidError,
} from './case-file.errors';
import { CasesService, type NewPerson } from './cases.service';
import { Person } from './person.entity';

/**
 * Who may read a case file (issue 4 § 3; README "Die Fallakte"):
 * - admins and quality staff (Qualitätssicherung reviews cases across units);
 * - the intake unit: members of the Ausländerbehörde (ABH), whose Eingangszone registers every person;
 * - a user one of whose units has a task for the person (open or done, as candidate group or assignee),
 *   or whose units work on a process instance linked to the person (the candidate groups of the model);
 * - while a person has no process and no task yet (just found or created in the Eingangszone), every
 *   caseworker and team lead, so that intake can start the first process.
 * Searching and creating persons (the Eingangszone) is open to every caseworker, team lead and admin.
 */
export const CASE_FILE_READ_ROLES = ['admin', 'quality'] as const;
export const INTAKE_UNITS = ['ABH'] as const;
export const INTAKE_ROLES = ['caseworker', 'team-lead', 'admin'] as const;

export type StartVariableType = 'date' | 'string' | 'boolean';

export interface StartableProcess {
  bpmnProcessId: string;
  /** German name shown on the pages */
  name: string;
  /** start variables besides personId and caseId (none of the case processes has a start form) */
  variables: {
    key: string;
    label: string;
    type: StartVariableType;
    options?: { value: string; label: string }[];
  }[];
}

/** The case processes a caseworker starts for a person (README "The case processes"). */
export const STARTABLE_PROCESSES: StartableProcess[] = [
  {
    bpmnProcessId: 'asylblg-benefits',
    name: 'Leistungen nach dem AsylbLG',
    variables: [{ key: 'needKnownOn', label: 'Bedarf bekannt seit', type: 'date' }],
  },
  {
    bpmnProcessId: 'asylblg-but-krankenhilfe',
    name: 'Bildung und Teilhabe / Krankenhilfe',
    variables: [
      {
        key: 'requestType',
        label: 'Art des Antrags',
        type: 'string',
        options: [
          { value: 'BuT', label: 'Bildung und Teilhabe' },
          { value: 'Krankenhilfe', label: 'Krankenhilfe' },
        ],
      },
    ],
  },
  {
    bpmnProcessId: 'employment-toleration',
    name: 'Beschäftigungsduldung (§ 60d AufenthG)',
    variables: [
      { key: 'applicationDate', label: 'Antragsdatum', type: 'date' },
      { key: 'hasSpouse', label: 'Ehegatte oder Lebenspartner vorhanden', type: 'boolean' },
    ],
  },
  {
    bpmnProcessId: 'training-toleration',
    name: 'Ausbildungsduldung (§ 60c AufenthG)',
    variables: [{ key: 'applicationDate', label: 'Antragsdatum', type: 'date' }],
  },
  {
    bpmnProcessId: 'return-management',
    name: 'Rückkehrmanagement',
    variables: [
      {
        key: 'obligationBasis',
        label: 'Grundlage der Ausreisepflicht',
        type: 'string',
        options: [
          { value: 'asylum-rejected', label: 'Asylantrag abgelehnt' },
          { value: 'asylum-withdrawn', label: 'Asylantrag zurückgenommen' },
          { value: 'removal-warning', label: 'Abschiebungsandrohung' },
        ],
      },
      { key: 'obligationDate', label: 'Ausreisepflichtig seit', type: 'date' },
    ],
  },
];

export interface PersonSearchQuery {
  /** free text: a name, a date of birth (YYYY-MM-DD or TT.MM.JJJJ) or a file number */
  q?: string;
  name?: string;
  dateOfBirth?: string;
  fileNumber?: string;
  limit?: number;
}

export interface PersonSearchHit {
  id: string;
  fileNumber: string;
  familyName: string;
  givenNames: string;
  nameVariants: string[];
  dateOfBirth: string | null;
  dateOfBirthEstimated: boolean;
  nationalities: string[];
  /** 0..1, 1 for an exact file number or date of birth without a name */
  score: number;
}

export interface CaseFileTask {
  id: string;
  name: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  elementId: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
  state: string;
  createdAt: string;
  completedAt: string | null;
}

export interface CaseFileProcess {
  processInstanceKey: string;
  bpmnProcessId: string;
  caseId: string;
  role: string;
  linkedAt: string;
  /** units working in the model (candidate groups of its user tasks) */
  units: string[];
  /**
   * the elements the instance is waiting in, as far as the platform knows: the open user tasks (task
   * rows). Zeebe's gRPC API does not read an instance's state, so waiting service tasks, timers and
   * message events are not shown.
   */
  activeElementIds: string[];
  /** no open task is known (completed, or waiting elsewhere) */
  waitingElsewhere: boolean;
}

export interface CaseFile {
  person: Person;
  statusEpisodes: {
    id: string;
    type: string;
    legalBasis: string | null;
    validFrom: string;
    validTo: string | null;
    supersedes: string | null;
    recordedAt: string;
  }[];
  processes: CaseFileProcess[];
  openTasks: CaseFileTask[];
  doneTasks: CaseFileTask[];
  documents: {
    id: string;
    title: string;
    templateId: string;
    unit: string;
    caseId: string;
    createdAt: string;
    sha256: string;
    url: string;
  }[];
  notes: { id: string; author: string; authorName: string; text: string; createdAt: string }[];
}

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();

/** TT.MM.JJJJ or YYYY-MM-DD → YYYY-MM-DD, else null */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return null;
}

const FILE_NUMBER = /^[A-Z]{2,4}-\d{4}-\d{3,6}$/i;

/**
 * The case file: intake (search, create, start a process) and what a caseworker sees of a person, each
 * checked against the actor.
 */
@Injectable()
export class CaseFileService {
  private readonly modelUnits = new Map<string, string[]>();

  constructor(
    private readonly em: EntityManager,
    private readonly cases: CasesService,
    private readonly zeebe: ZeebeService,
    private readonly audit: AuditService,
  ) {}

  assertIntake(actor: Actor): void {
    if (!hasRole(actor, ...INTAKE_ROLES)) throw new IntakeForbiddenError();
  }

  /**
   * Persons by name (typo-tolerant: pg_trgm word similarity on the folded names and on their consonant
   * skeletons, so "Muhamad" finds "Mohammed"), date of birth or file number (also AZR number and BAMF
   * file number); the criteria combine.
   */
  search(actor: Actor, query: PersonSearchQuery): Promise<PersonSearchHit[]> {
    return this.audit.around(
      { actor, action: 'search', resourceType: 'person' },
      () => this.searchPersons(actor, query),
      (hits) => ({ details: { count: hits.length, personIds: hits.map((h) => h.id) } }),
    );
  }

  private async searchPersons(actor: Actor, query: PersonSearchQuery): Promise<PersonSearchHit[]> {
    this.assertIntake(actor);
    let name = query.name?.trim() || undefined;
    let dateOfBirth = query.dateOfBirth ? (parseDate(query.dateOfBirth) ?? undefined) : undefined;
    let fileNumber = query.fileNumber?.trim() || undefined;
    const words: string[] = [];
    for (const word of (query.q ?? '').trim().split(/\s+/).filter(Boolean)) {
      const date = parseDate(word);
      if (date && !dateOfBirth) dateOfBirth = date;
      else if (FILE_NUMBER.test(word) && !fileNumber) fileNumber = word;
      else words.push(word);
    }
    if (words.length) name = [name, ...words].filter(Boolean).join(' ');
    if (!name && !dateOfBirth && !fileNumber) return [];

    const where: string[] = [];
    const params: unknown[] = [];
    let score = '1.0';
    if (name) {
      where.push(`(person_name_fold(?) <% p.name_fold or person_name_skeleton(?) <% p.name_skeleton)`);
      params.push(name, name);
      score = `greatest(word_similarity(person_name_fold(?), p.name_fold), 0.9 * word_similarity(person_name_skeleton(?), p.name_skeleton))`;
    }
    if (dateOfBirth) {
      where.push(`p.date_of_birth = ?`);
      params.push(dateOfBirth);
    }
    if (fileNumber) {
      where.push(`(upper(p.file_number) = upper(?) or p.azr_number = ? or p.bamf_file_number = ?)`);
      params.push(fileNumber, fileNumber, fileNumber);
    }
    const limit = Math.min(Math.max(query.limit ?? 25, 1), 100);
    const scoreParams = name ? [name, name] : [];
    return this.em.transactional(async (em) => {
      await em.execute(`select set_config('pg_trgm.word_similarity_threshold', '0.5', true)`);
      const rows = await em.execute<
        {
          id: string;
          file_number: string;
          family_name: string;
          given_names: string;
          name_variants: string[];
          date_of_birth: string | null;
          date_of_birth_estimated: boolean;
          nationalities: string[];
          score: number;
        }[]
      >(
        `select p.id, p.file_number, p.family_name, p.given_names, p.name_variants, to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth,
                p.date_of_birth_estimated, p.nationalities, ${score} as score
         from person p where ${where.join(' and ')}
         order by score desc, p.family_name, p.given_names limit ${limit}`,
        [...scoreParams, ...params],
      );
      return rows.map((r) => ({
        id: r.id,
        fileNumber: r.file_number,
        familyName: r.family_name,
        givenNames: r.given_names,
        nameVariants: r.name_variants,
        dateOfBirth: r.date_of_birth,
        dateOfBirthEstimated: r.date_of_birth_estimated,
        nationalities: r.nationalities,
        score: Math.round(Number(r.score) * 100) / 100,
      }));
    });
  }

  createPerson(actor: Actor, input: NewPerson): Promise<Person> {
    return this.audit.around(
      { actor, action: 'create', resourceType: 'person' },
      async () => {
        this.assertIntake(actor);
        return this.cases.createPerson(input);
      },
      (person) => ({ resourceId: person.id, personId: person.id }),
    );
  }

  startableProcesses(): StartableProcess[] {
    return STARTABLE_PROCESSES;
  }

  /**
   * Starts a case process for a person with personId and caseId (the file number) and the process's
   * start variables, and links the instance to the person.
   */
  startProcess(
    actor: Actor,
    personId: string,
    bpmnProcessId: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ processInstanceKey: string; bpmnProcessId: string; caseId: string }> {
    return this.audit.around(
      {
        actor,
        action: 'engine.start',
        resourceType: 'process-instance',
        personId,
        details: { bpmnProcessId },
      },
      () => this.startProcessFor(actor, personId, bpmnProcessId, variables),
      (started) => ({ resourceId: started.processInstanceKey }),
    );
  }

  private async startProcessFor(
    actor: Actor,
    personId: string,
    bpmnProcessId: string,
    variables: Record<string, unknown>,
  ): Promise<{ processInstanceKey: string; bpmnProcessId: string; caseId: string }> {
    this.assertIntake(actor);
    const process = STARTABLE_PROCESSES.find((p) => p.bpmnProcessId === bpmnProcessId);
    if (!process) throw new ProcessNotStartableError('Dieser Prozess kann hier nicht gestartet werden.');
    const start = checkStartVariables(process, variables);
    const person = await this.cases.getPerson(personId);
    // only for a person whose case file the actor may read (not by id for another unit's person)
    await this.assertCanRead(actor, personId);
    const caseId = person.fileNumber;
    const created = await this.zeebe.client.createProcessInstance({
      bpmnProcessId,
      variables: { ...start, personId: person.id, caseId },
    });
    const processInstanceKey = String(created.processInstanceKey);
    await this.cases.linkProcess(person.id, { processInstanceKey, bpmnProcessId, caseId });
    return { processInstanceKey, bpmnProcessId, caseId };
  }

  /** 403 unless the actor may read the person's case file (see CASE_FILE_READ_ROLES) */
  async assertCanRead(actor: Actor, personId: string): Promise<void> {
    if (!(await this.canRead(actor, personId))) throw new CaseFileForbiddenError({ personId });
  }

  async canRead(actor: Actor, personId: string): Promise<boolean> {
    if (hasRole(actor, ...CASE_FILE_READ_ROLES) || inUnits(actor, INTAKE_UNITS)) return true;
    const links = await this.cases.processLinks(personId);
    if (links.some((l) => inUnits(actor, this.unitsOf(l.bpmnProcessId)))) return true;
    const keys = links.map((l) => l.processInstanceKey);
    const [row] = await this.em.execute<{ any: string; mine: string }[]>(
      `select count(*) as any,
              count(*) filter (where t.candidate_groups && array(select jsonb_array_elements_text(?::jsonb)) or t.assignee = ?) as mine
       from task t where t.person_id = ? or t.process_instance_key = any(?::bigint[])`,
      [JSON.stringify(actor.units), actor.username, personId, `{${keys.join(',')}}`],
    );
    if (Number(row.mine) > 0) return true;
    // a person without any process or task is still in the Eingangszone: intake users open the file to start one
    return links.length === 0 && Number(row.any) === 0 && hasRole(actor, ...INTAKE_ROLES);
  }

  caseFile(actor: Actor, personId: string): Promise<CaseFile> {
    return this.audit.around(
      { actor, action: 'read', resourceType: 'person', resourceId: personId, personId },
      () => this.readCaseFile(actor, personId),
    );
  }

  private async readCaseFile(actor: Actor, personId: string): Promise<CaseFile> {
    const person = await this.cases.getPerson(personId);
    await this.assertCanRead(actor, personId);
    const [episodes, links, documents, notes] = await Promise.all([
      this.cases.statusHistory(personId),
      this.cases.processLinks(personId),
      this.em.find(GeneratedDocument, { personId }, { orderBy: { createdAt: 'asc' } }),
      this.em.find(CaseNote, { person: personId }, { orderBy: { createdAt: 'desc' } }),
    ]);
    const keys = links.map((l) => l.processInstanceKey);
    const tasks = await this.em.find(
      Task,
      { $or: [{ personId }, ...(keys.length ? [{ processInstanceKey: { $in: keys } }] : [])] },
      { orderBy: { createdAt: 'asc' } },
    );
    const toTask = (t: Task): CaseFileTask => ({
      id: t.id,
      name: t.name,
      bpmnProcessId: t.bpmnProcessId,
      processInstanceKey: t.processInstanceKey,
      elementId: t.elementId,
      candidateGroups: t.candidateGroups,
      assignee: t.assignee ?? null,
      dueDate: iso(t.dueDate),
      state: t.state,
      createdAt: iso(t.createdAt) as string,
      completedAt: iso(t.completedAt),
    });
    const open = tasks.filter((t) => t.state === 'open');
    return {
      person,
      statusEpisodes: episodes.map((e) => ({
        id: e.id,
        type: e.type,
        legalBasis: e.legalBasis ?? null,
        validFrom: e.validFrom,
        validTo: e.validTo ?? null,
        supersedes: e.supersedes ?? null,
        recordedAt: iso(e.recordedAt) as string,
      })),
      processes: links.map((l) => {
        const active = open
          .filter((t) => t.processInstanceKey === l.processInstanceKey)
          .map((t) => t.elementId);
        return {
          processInstanceKey: l.processInstanceKey,
          bpmnProcessId: l.bpmnProcessId,
          caseId: l.caseId,
          role: l.role,
          linkedAt: iso(l.linkedAt) as string,
          units: this.unitsOf(l.bpmnProcessId),
          activeElementIds: [...new Set(active)],
          waitingElsewhere: active.length === 0,
        };
      }),
      openTasks: open.map(toTask),
      doneTasks: tasks.filter((t) => t.state !== 'open').map(toTask),
      documents: documents.map((d) => ({
        id: d.id,
        title: d.title,
        templateId: d.templateId,
        unit: d.unit,
        caseId: d.caseId,
        createdAt: iso(d.createdAt) as string,
        sha256: d.sha256,
        url: `/api/documents/${d.id}/pdf`,
      })),
      notes: notes.map((n) => ({
        id: n.id,
        author: n.author,
        authorName: n.authorName,
        text: n.text,
        createdAt: iso(n.createdAt) as string,
      })),
    };
  }

  addNote(actor: Actor, personId: string, text: string): Promise<CaseNote> {
    return this.audit.around(
      { actor, action: 'create', resourceType: 'case-note', personId },
      () => this.addNoteTo(actor, personId, text),
      (note) => ({ resourceId: note.id }),
    );
  }

  private async addNoteTo(actor: Actor, personId: string, text: string): Promise<CaseNote> {
    await this.cases.getPerson(personId);
    await this.assertCanRead(actor, personId);
    const note = this.em.create(CaseNote, {
      person: this.em.getReference(Person, personId),
      author: actor.username,
      authorName: actor.displayName,
      text: text.trim(),
    });
    await this.em.persistAndFlush(note);
    return note;
  }

  /** the PDF of a document, if the actor may read the case file it belongs to */
  async documentPdf(actor: Actor, documentId: string): Promise<{ pdf: Buffer; title: string }> {
    const doc = await this.em.findOne(GeneratedDocument, { id: documentId }, { populate: ['pdf'] });
    const entry = {
      actor,
      action: 'download',
      resourceType: 'document',
      resourceId: documentId,
      personId: doc?.personId ?? null,
    };
    return this.audit.around(entry, async () => {
      if (!doc) throw new DocumentNotFoundError('Document not found', { documentId });
      if (doc.personId) await this.assertCanRead(actor, doc.personId);
      else if (!hasRole(actor, ...CASE_FILE_READ_ROLES) && !inUnits(actor, [doc.unit]))
        throw new CaseFileForbiddenError({ documentId });
      return { pdf: doc.pdf, title: doc.title };
    });
  }

  /** the BPMN XML of a case process model (processes/<id>.bpmn), for the diagram on the person page */
  processXml(bpmnProcessId: string): string {
    if (!/^[a-z0-9-]+$/.test(bpmnProcessId)) throw new ProcessModelNotFoundError('Unknown process model');
    try {
      return readFileSync(join(projectRoot(), 'processes', `${bpmnProcessId}.bpmn`), 'utf8');
    } catch {
      throw new ProcessModelNotFoundError('Unknown process model', { bpmnProcessId });
    }
  }

  /** the candidate groups of the user tasks in a model (the units working on its instances) */
  unitsOf(bpmnProcessId: string): string[] {
    let units = this.modelUnits.get(bpmnProcessId);
    if (!units) {
      let xml = '';
      try {
        xml = this.processXml(bpmnProcessId);
      } catch {
        xml = '';
      }
      const found = new Set<string>();
      for (const m of xml.matchAll(/candidateGroups="([^"]*)"/g))
        for (const g of m[1].split(',')) if (g.trim() && !g.includes('=')) found.add(g.trim());
      units = [...found].sort();
      this.modelUnits.set(bpmnProcessId, units);
    }
    return units;
  }
}

function checkStartVariables(
  process: StartableProcess,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const errors: { key: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(process.variables.map((v) => v.key));
  for (const key of Object.keys(variables))
    if (!known.has(key)) errors.push({ key, message: 'Unbekanntes Feld.' });
  for (const spec of process.variables) {
    const value = variables[spec.key];
    if (value === undefined || value === null || value === '') {
      errors.push({ key: spec.key, message: `${spec.label}: Pflichtangabe.` });
      continue;
    }
    if (spec.type === 'date' && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
      errors.push({ key: spec.key, message: `${spec.label}: Datum im Format JJJJ-MM-TT erwartet.` });
    else if (spec.type === 'boolean' && typeof value !== 'boolean')
      errors.push({ key: spec.key, message: `${spec.label}: Ja oder Nein erwartet.` });
    else if (spec.type === 'string' && typeof value !== 'string')
      errors.push({ key: spec.key, message: `${spec.label}: Text erwartet.` });
    else if (spec.options && !spec.options.some((o) => o.value === value))
      errors.push({ key: spec.key, message: `${spec.label}: kein zulässiger Wert.` });
    else out[spec.key] = value;
  }
  if (errors.length) throw new StartVariablesInvalidError(errors);
  return out;
}
