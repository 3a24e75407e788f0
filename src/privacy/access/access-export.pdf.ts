import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_UNITS, isAgencyUnit } from '../../agencies/units';
import { formatGermanDate } from '../../documents/template-catalogue';
import { renderPdf } from '../../documents/pdf-renderer';
import { projectRoot } from '../../config/project-root';
import type { AccessExport } from './access-export.types';

export const ACCESS_EXPORT_TITLE = 'Auskunft nach Art. 15 DSGVO';

interface Row {
  label: string;
  value: string;
}
interface Item {
  heading: string;
  rows: Row[];
  lines: string[];
}
interface Section {
  heading: string;
  intro: string;
  rows: Row[];
  items: Item[];
  empty: string;
}

const SEX: Record<string, string> = {
  female: 'weiblich',
  male: 'männlich',
  diverse: 'divers',
  unknown: 'unbekannt',
};
const EVIDENCE: Record<string, string> = {
  passport: 'Reisepass',
  'id-card': 'Personalausweis',
  'biometric-document': 'biometrisches Dokument',
  'non-biometric-document': 'nicht biometrisches Dokument',
  other: 'sonstiger Nachweis',
  none: 'kein Nachweis',
};
const VULNERABILITY: Record<string, string> = {
  pregnancy: 'Schwangerschaft',
  disability: 'Behinderung',
  'violence-survivor': 'von Gewalt betroffen',
  'single-parent': 'alleinerziehend',
  elderly: 'ältere Person',
  minor: 'minderjährig',
  illness: 'Erkrankung',
};
const PROCESS_STATE: Record<string, string> = {
  ACTIVE: 'läuft',
  COMPLETED: 'abgeschlossen',
  TERMINATED: 'abgebrochen',
};
const TASK_STATE: Record<string, string> = { open: 'offen', completed: 'erledigt', cancelled: 'abgebrochen' };
const FOLLOW_UP_STATUS: Record<string, string> = { open: 'offen', done: 'erledigt' };
const FOLLOW_UP_EVENT: Record<string, string> = {
  created: 'angelegt',
  moved: 'verschoben',
  done: 'erledigt',
};
const OUTCOME: Record<string, string> = {
  success: 'erfolgreich',
  denied: 'verweigert',
  failed: 'fehlgeschlagen',
};
const ACTION: Record<string, string> = {
  read: 'gelesen',
  search: 'gesucht (in Suchergebnissen angezeigt)',
  create: 'angelegt',
  update: 'geändert',
  download: 'heruntergeladen',
  list: 'in einer Liste angezeigt',
  'access-export': 'Auskunft nach Art. 15 DSGVO erteilt',
  'engine.start': 'Vorgang gestartet',
  'engine.cancel': 'Vorgang abgebrochen',
};
const RESOURCE: Record<string, string> = {
  person: 'Fallakte',
  'case-note': 'Notiz',
  document: 'Schreiben',
  task: 'Aufgabe',
  'follow-up': 'Wiedervorlage',
  'process-instance': 'Vorgang',
};

const dash = (v: string | null | undefined): string => (v === null || v === undefined || v === '' ? '–' : v);
const date = (v: string | null | undefined): string => (v ? formatGermanDate(v) : '–');
const dateTime = (v: string | null | undefined): string =>
  v
    ? new Date(v).toLocaleString('de-DE', {
        timeZone: 'Europe/Berlin',
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '–';
const yesNo = (v: boolean | null): string => (v === null ? 'nicht erfasst' : v ? 'ja' : 'nein');
const units = (codes: string[]): string =>
  codes.map((u) => (isAgencyUnit(u) ? `${u} – ${AGENCY_UNITS[u]}` : u)).join(', ') || '–';
/** a stored value as readable text (objects as compact JSON) */
const valueText = (v: unknown): string =>
  v === null || v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v);
const variableLines = (vars: Record<string, unknown>): string[] =>
  Object.keys(vars)
    .sort()
    .map((k) => `${k}: ${valueText(vars[k])}`);

const section = (heading: string, empty: string, part: Partial<Section>): Section => ({
  heading,
  intro: '',
  rows: [],
  items: [],
  empty,
  ...part,
});

/** The view model of the PDF: German labels and values, one section per kind of data. */
export function accessExportView(data: AccessExport): Record<string, unknown> {
  const p = data.person;
  const sections: Section[] = [
    section('Stammdaten', '', {
      rows: [
        { label: 'Aktenzeichen', value: p.fileNumber },
        { label: 'Familienname', value: p.familyName },
        { label: 'Vornamen', value: p.givenNames },
        { label: 'Weitere Schreibweisen', value: p.nameVariants.join(', ') || '–' },
        {
          label: 'Geburtsdatum',
          value: p.dateOfBirth
            ? `${date(p.dateOfBirth)}${p.dateOfBirthEstimated ? ' (geschätzt)' : ''}`
            : '–',
        },
        { label: 'Geschlecht', value: p.sex ? (SEX[p.sex] ?? p.sex) : '–' },
        { label: 'Staatsangehörigkeit', value: p.nationalities.join(', ') || '–' },
        { label: 'AZR-Nummer', value: dash(p.azrNumber) },
        { label: 'BAMF-Aktenzeichen', value: dash(p.bamfFileNumber) },
        { label: 'Einreise', value: date(p.entryDate) },
        { label: 'Identität geklärt', value: yesNo(p.identityClarified) },
        {
          label: 'Identitätsnachweis',
          value: p.identityEvidence ? (EVIDENCE[p.identityEvidence] ?? p.identityEvidence) : '–',
        },
        { label: 'Identität geklärt am', value: date(p.identityClarifiedOn) },
        { label: 'Sprache', value: dash(p.language) },
        {
          label: 'Besondere Schutzbedürftigkeit',
          value: p.vulnerabilities.map((v) => VULNERABILITY[v] ?? v).join(', ') || '–',
        },
        { label: 'Wohnort', value: dash(p.municipality) },
        { label: 'Suchschlüssel (aus den Namen abgeleitet)', value: dash(p.searchKeys.nameFold) },
        { label: 'Angelegt', value: dateTime(p.createdAt) },
        { label: 'Zuletzt geändert', value: dateTime(p.updatedAt) },
      ],
    }),
    section('Haushalt', 'Keinem Haushalt zugeordnet.', {
      rows: data.household
        ? [
            { label: 'Bezug', value: dash(data.household.reference) },
            { label: 'Anschrift', value: dash(data.household.address) },
            { label: 'Gemeinde', value: dash(data.household.municipality) },
            { label: 'Weitere Mitglieder', value: String(data.household.otherMembers) },
          ]
        : [],
    }),
    section('Aufenthaltsstatus', 'Kein Aufenthaltsstatus erfasst.', {
      items: data.statusEpisodes.map((e) => ({
        heading: `${e.type}${e.legalBasis ? ` (${e.legalBasis})` : ''}`,
        rows: [
          { label: 'Gültig', value: `${date(e.validFrom)} bis ${e.validTo ? date(e.validTo) : 'offen'}` },
          { label: 'Auflagen und Nebenbestimmungen', value: valueText(e.conditions) },
          { label: 'Erfasst', value: dateTime(e.recordedAt) },
        ],
        lines: [],
      })),
    }),
    section('Ereignisse', 'Keine Ereignisse.', {
      rows: data.domainEvents.map((e) => ({
        label: `${date(e.occurredOn)} ${e.type}`,
        value: valueText(e.payload),
      })),
    }),
    section('Vorgänge', 'Kein Vorgang.', {
      intro:
        data.engineSource === 'engine'
          ? 'Stand und Angaben der Vorgänge aus der Prozess-Engine.'
          : 'Stand und Angaben der Vorgänge, wie die Plattform sie zuletzt gesehen hat.',
      items: data.processes.map((proc) => ({
        heading: `${proc.name} (Vorgang ${proc.processInstanceKey})`,
        rows: [
          { label: 'Aktenzeichen', value: proc.caseId },
          { label: 'Stand', value: proc.state ? (PROCESS_STATE[proc.state] ?? proc.state) : 'unbekannt' },
          { label: 'Begonnen', value: dateTime(proc.startedAt ?? proc.linkedAt) },
          { label: 'Beendet', value: dateTime(proc.endedAt) },
          ...proc.calledInstances.map((c) => ({
            label: `Teilvorgang ${c.bpmnProcessId}`,
            value: `${PROCESS_STATE[c.state] ?? c.state}; ${variableLines(c.variables).join('; ') || 'keine Angaben'}`,
          })),
        ],
        lines: variableLines(proc.variables),
      })),
    }),
    section('Aufgaben', 'Keine Aufgaben.', {
      items: data.tasks.map((t) => ({
        heading: `${t.name} (${TASK_STATE[t.state] ?? t.state})`,
        rows: [
          { label: 'Einheit', value: units(t.candidateGroups) },
          { label: 'Bearbeitung', value: dash(t.assignee) },
          { label: 'Erstellt', value: dateTime(t.createdAt) },
          { label: 'Fällig', value: dateTime(t.dueDate) },
          { label: 'Abgeschlossen', value: dateTime(t.completedAt) },
          ...(t.draft
            ? [
                {
                  label: `Entwurf (${dateTime(t.draftSavedAt)}, ${dash(t.draftBy)})`,
                  value: valueText(t.draft),
                },
              ]
            : []),
        ],
        lines: variableLines(t.variables),
      })),
    }),
    section('Notizen', 'Keine Notizen.', {
      rows: data.notes.map((n) => ({ label: `${dateTime(n.createdAt)} ${n.authorName}`, value: n.text })),
    }),
    section('Wiedervorlagen', 'Keine Wiedervorlagen.', {
      items: data.followUps.map((f) => ({
        heading: `Wiedervorlage zum ${date(f.dueOn)} (${FOLLOW_UP_STATUS[f.status] ?? f.status})`,
        rows: [
          { label: 'Grund', value: f.reason },
          { label: 'Einheit', value: units([f.unit]) },
          { label: 'Zuständig', value: f.ownerName },
        ],
        lines: f.events.map(
          (e) =>
            `${dateTime(e.at)} ${FOLLOW_UP_EVENT[e.kind] ?? e.kind} von ${e.actorName}` +
            `${e.dueOnAfter ? ` auf den ${date(e.dueOnAfter)}` : ''}${e.comment ? `: ${e.comment}` : ''}`,
        ),
      })),
    }),
    section('Schreiben und Bescheide', 'Keine Schreiben.', {
      rows: data.documents.map((d) => ({
        label: `${dateTime(d.createdAt)} ${d.title}`,
        value: `${units([d.unit])}; SHA-256 ${d.sha256}`,
      })),
    }),
    section('Einträge der Fachverfahren', 'Keine weiteren Einträge.', {
      items: data.otherRecords.map((r) => ({
        heading: `Tabelle ${r.table}`,
        rows: [],
        lines: r.rows.map((row) => valueText(row)),
      })),
    }),
    section('Zugriffsprotokoll', 'Keine Einträge.', {
      intro: 'Wer wann auf die Daten zugegriffen oder sie geändert hat.',
      rows: data.auditEntries.map((e) => ({
        label: `${dateTime(e.occurredAt)} ${e.actor}`,
        value: `${RESOURCE[e.resourceType] ?? e.resourceType} ${ACTION[e.action] ?? e.action} (${OUTCOME[e.outcome] ?? e.outcome})`,
      })),
    }),
  ];
  return {
    title: ACCESS_EXPORT_TITLE,
    controller: data.controller,
    format: data.format,
    generatedOn: date(data.generatedAt),
    generatedAt: dateTime(data.generatedAt),
    generatedBy: data.generatedBy.displayName,
    subject: { name: `${p.givenNames} ${p.familyName}`, fileNumber: p.fileNumber },
    sections,
  };
}

let template: HandlebarsTemplateDelegate | undefined;

/** the export as HTML (Handlebars, compiled once, strict and auto-escaped) */
export function renderAccessExportHtml(data: AccessExport): string {
  template ??= Handlebars.compile(
    readFileSync(join(projectRoot(), 'src', 'privacy', 'access', 'templates', 'access-export.hbs'), 'utf8'),
    { strict: true },
  );
  return template(accessExportView(data));
}

/** the export as a PDF through the documents' renderer (A4, Helvetica, German letters) */
export function renderAccessExportPdf(data: AccessExport): Promise<Buffer> {
  return renderPdf(renderAccessExportHtml(data), ACCESS_EXPORT_TITLE, new Date(data.generatedAt));
}
