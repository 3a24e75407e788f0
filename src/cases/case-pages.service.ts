import { germanDateTime, scriptJson } from '../web/format';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AGENCY_UNITS, isAgencyUnit } from '../agencies/units';
import type { Actor } from '../auth/actor';
import { formatGermanDate } from '../documents/template-catalogue';
import type { PageContext } from '../web/views.service';
import { CreatePersonDto } from './case-file.dto';
import { StartVariablesInvalidError } from './case-file.errors';
import { CaseFileService, STARTABLE_PROCESSES, parseDate, type CaseFile } from './case-file.service';

const PROCESS_NAMES: Record<string, string> = {
  ...Object.fromEntries(STARTABLE_PROCESSES.map((p) => [p.bpmnProcessId, p.name])),
  'arrival-reception': 'Aufnahme und Zuweisung',
  'uma-reception': 'Aufnahme unbegleiteter Minderjähriger',
  'complaint-management': 'Beschwerdemanagement',
  'return-enforcement': 'Rückführung',
  'training-toleration-check': 'Ausbildungsduldung: Prüfung',
  'training-toleration-monitoring': 'Ausbildungsduldung: Überwachung',
};

const TASK_STATES: Record<string, string> = {
  open: 'offen',
  completed: 'erledigt',
  cancelled: 'abgebrochen',
};

export const processName = (id: string): string => PROCESS_NAMES[id] ?? id;

const dateTime = germanDateTime;
const date = (value: string | null | undefined): string => (value ? formatGermanDate(value) : '–');
const unitsText = (units: string[]): string =>
  units.map((u) => (isAgencyUnit(u) ? `${u} – ${AGENCY_UNITS[u]}` : u)).join(', ') || '–';

/** what a page form sends for a new person (text fields; empty means not given) */
export type PersonForm = Record<string, string | undefined>;

/**
 * A section another module adds to the person page (e.g. the Wiedervorlagen): its view model goes into
 * the page context under `key`, after the case file's access check; `input` is what the section's own
 * form posted when the page is shown again with errors.
 */
export interface PersonPageSection {
  readonly key: string;
  load(actor: Actor, personId: string, input?: unknown): Promise<unknown>;
}

/** View models of the intake page (/eingang) and the person page (/personen/:id), German throughout. */
@Injectable()
export class CasePagesService {
  private readonly sections: PersonPageSection[] = [];

  constructor(private readonly caseFile: CaseFileService) {}

  /** adds a section to the person page (once per key) */
  addSection(section: PersonPageSection): void {
    if (!this.sections.some((s) => s.key === section.key)) this.sections.push(section);
  }

  async intakePage(
    actor: Actor,
    q: { q?: string; name?: string; geburtsdatum?: string; aktenzeichen?: string },
    csrfToken: string | null,
    extra: { errors?: string[]; form?: PersonForm } = {},
  ): Promise<PageContext> {
    const searched = Boolean(q.q || q.name || q.geburtsdatum || q.aktenzeichen);
    const hits = searched
      ? await this.caseFile.search(actor, {
          q: q.q,
          name: q.name,
          dateOfBirth: q.geburtsdatum ? (parseDate(q.geburtsdatum) ?? undefined) : undefined,
          fileNumber: q.aktenzeichen,
        })
      : [];
    const form = extra.form ?? {};
    return {
      title: 'Eingangszone',
      userName: actor.displayName,
      csrfToken,
      query: {
        q: q.q ?? '',
        name: q.name ?? '',
        geburtsdatum: q.geburtsdatum ?? '',
        aktenzeichen: q.aktenzeichen ?? '',
      },
      searched,
      hits: hits.map((h) => ({
        id: h.id,
        name: `${h.familyName}, ${h.givenNames}`,
        variants: h.nameVariants.join(', '),
        dateOfBirth: h.dateOfBirth
          ? `${date(h.dateOfBirth)}${h.dateOfBirthEstimated ? ' (geschätzt)' : ''}`
          : '–',
        fileNumber: h.fileNumber,
        nationalities: h.nationalities.join(', ') || '–',
      })),
      noHits: searched && hits.length === 0,
      errors: extra.errors ?? [],
      form: {
        familyName: form.familyName ?? '',
        givenNames: form.givenNames ?? '',
        nameVariants: form.nameVariants ?? '',
        dateOfBirth: form.dateOfBirth ?? '',
        nationality: form.nationality ?? '',
      },
    };
  }

  /** validates the page's person form like the API does; answers the DTO or German messages */
  async personFromForm(form: PersonForm): Promise<{ dto?: CreatePersonDto; errors: string[] }> {
    const dateOfBirth = form.dateOfBirth?.trim()
      ? (parseDate(form.dateOfBirth) ?? form.dateOfBirth.trim())
      : undefined;
    const plain = {
      familyName: form.familyName?.trim() ?? '',
      givenNames: form.givenNames?.trim() ?? '',
      nameVariants: (form.nameVariants ?? '')
        .split(/[,;\n]/)
        .map((v) => v.trim())
        .filter(Boolean),
      ...(dateOfBirth ? { dateOfBirth } : {}),
      ...(form.nationality?.trim() ? { nationalities: [form.nationality.trim().toUpperCase()] } : {}),
    };
    const dto = plainToInstance(CreatePersonDto, plain);
    const failures = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    const labels: Record<string, string> = {
      familyName: 'Familienname: Pflichtangabe (höchstens 200 Zeichen).',
      givenNames: 'Vornamen: Pflichtangabe (höchstens 200 Zeichen).',
      nameVariants: 'Weitere Schreibweisen: höchstens 20, je höchstens 200 Zeichen.',
      dateOfBirth: 'Geburtsdatum: bitte als TT.MM.JJJJ angeben.',
      nationalities: 'Staatsangehörigkeit: dreistelliger Ländercode, z. B. SYR.',
    };
    const errors = failures.map((f) => labels[f.property] ?? `${f.property}: ungültig.`);
    return errors.length ? { errors } : { dto, errors };
  }

  async personPage(
    actor: Actor,
    personId: string,
    csrfToken: string | null,
    extra: { errors?: string[]; message?: string; sections?: Record<string, unknown> } = {},
  ): Promise<PageContext> {
    const file: CaseFile = await this.caseFile.caseFile(actor, personId);
    const sections: Record<string, unknown> = {};
    for (const section of this.sections)
      sections[section.key] = await section.load(actor, personId, extra.sections?.[section.key]);
    const p = file.person;
    const today = new Date().toISOString().slice(0, 10);
    const superseded = new Set(file.statusEpisodes.map((e) => e.supersedes).filter(Boolean));
    const processes = file.processes.map((proc, i) => ({
      key: proc.processInstanceKey,
      name: processName(proc.bpmnProcessId),
      bpmnProcessId: proc.bpmnProcessId,
      caseId: proc.caseId,
      units: unitsText(proc.units),
      linkedAt: dateTime(proc.linkedAt),
      active: file.openTasks
        .filter((t) => t.processInstanceKey === proc.processInstanceKey)
        .map((t) => t.name)
        .join(', '),
      waitingElsewhere: proc.waitingElsewhere,
      diagramId: `diagramm-${i}`,
    }));
    const task = (t: CaseFile['openTasks'][number]) => ({
      id: t.id,
      name: t.name,
      process: processName(t.bpmnProcessId),
      units: unitsText(t.candidateGroups),
      assignee: t.assignee ?? '–',
      due: dateTime(t.dueDate),
      state: TASK_STATES[t.state] ?? t.state,
      completedAt: dateTime(t.completedAt),
    });
    return {
      title: `${p.familyName}, ${p.givenNames}`,
      userName: actor.displayName,
      csrfToken,
      errors: extra.errors ?? [],
      message: extra.message ?? '',
      person: {
        id: p.id,
        name: `${p.familyName}, ${p.givenNames}`,
        fileNumber: p.fileNumber,
        variants: p.nameVariants.join(', ') || '–',
        dateOfBirth: p.dateOfBirth
          ? `${date(p.dateOfBirth)}${p.dateOfBirthEstimated ? ' (geschätzt)' : ''}`
          : '–',
        nationalities: p.nationalities.join(', ') || '–',
        azrNumber: p.azrNumber ?? '–',
        bamfFileNumber: p.bamfFileNumber ?? '–',
        entryDate: date(p.entryDate),
        identity:
          p.identityClarified === true
            ? 'geklärt'
            : p.identityClarified === false
              ? 'ungeklärt'
              : 'nicht erfasst',
        language: p.language ?? '–',
        municipality: p.municipality ?? '–',
      },
      episodes: file.statusEpisodes.map((e) => ({
        type: e.type,
        legalBasis: e.legalBasis ?? '',
        from: date(e.validFrom),
        to: e.validTo ? date(e.validTo) : 'offen',
        current: !superseded.has(e.id) && e.validFrom <= today && (!e.validTo || e.validTo >= today),
      })),
      processes,
      openTasks: file.openTasks.map(task),
      doneTasks: file.doneTasks.map(task),
      documents: file.documents.map((d) => ({
        title: d.title,
        unit: d.unit,
        createdAt: dateTime(d.createdAt),
        url: d.url,
      })),
      notes: file.notes.map((n) => ({
        authorName: n.authorName,
        createdAt: dateTime(n.createdAt),
        text: n.text,
      })),
      startable: STARTABLE_PROCESSES.map((sp) => ({
        id: sp.bpmnProcessId,
        name: sp.name,
        fields: sp.variables.map((v) => ({
          key: v.key,
          inputId: `${sp.bpmnProcessId}-${v.key}`,
          label: v.label,
          isDate: v.type === 'date',
          isBoolean: v.type === 'boolean',
          options: v.options ?? null,
        })),
      })),
      pageData: scriptJson({
        processes: file.processes.map((proc, i) => ({
          diagramId: `diagramm-${i}`,
          bpmnProcessId: proc.bpmnProcessId,
          activeElementIds: proc.activeElementIds,
        })),
      }),
      ...sections,
    };
  }

  /** starts a process from the person page's form; German messages for the start variables */
  async startFromForm(
    actor: Actor,
    personId: string,
    form: Record<string, string | undefined>,
  ): Promise<{ errors: string[] }> {
    const process = STARTABLE_PROCESSES.find((p) => p.bpmnProcessId === form.bpmnProcessId);
    if (!process) return { errors: ['Bitte einen Prozess auswählen.'] };
    const variables: Record<string, unknown> = {};
    for (const v of process.variables) {
      const raw = form[`${process.bpmnProcessId}-${v.key}`];
      if (v.type === 'boolean') variables[v.key] = raw === 'ja';
      else if (v.type === 'date') variables[v.key] = raw ? (parseDate(raw) ?? raw) : undefined;
      else variables[v.key] = raw || undefined;
    }
    try {
      await this.caseFile.startProcess(actor, personId, process.bpmnProcessId, variables);
      return { errors: [] };
    } catch (error) {
      if (error instanceof StartVariablesInvalidError) return { errors: error.errors.map((e) => e.message) };
      throw error;
    }
  }
}
