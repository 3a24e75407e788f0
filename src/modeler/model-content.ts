import { createHash } from 'node:crypto';
import { findXmlDeclaration, xmlDeclarationMessage } from '../common/xml-safety';
import { InvalidBpmnError, InvalidFormError, PayloadTooLargeError } from './modeler.errors';
import type { ModelKind } from './model-resource.entity';

/**
 * Checks what a process manager saves or imports, before anything is stored: size, well-formed XML
 * without DOCTYPE or entities, only BPMN and Zeebe elements, the expected process; for forms valid JSON
 * in the form-js schema shape. Parses with bpmn-moddle and the Zeebe extension (as the engine does).
 */

/** largest model or form the platform accepts, in bytes (UTF-8) */
export const MAX_CONTENT_BYTES = 2 * 1024 * 1024;

/**
 * most XML elements in a model (about ten times the largest shipped process, DI included): parse, lint
 * and diff run on the server's event loop, and a 2 MB file of tiny elements would block it for a minute
 */
export const MAX_XML_ELEMENTS = 5000;

/** deepest nesting of XML elements (sub-processes in sub-processes …); deeper files overflow the stack */
export const MAX_XML_DEPTH = 50;

/** deepest nesting of form fields (groups in groups …) */
export const MAX_FORM_DEPTH = 20;

/** XML namespaces (moddle prefixes) whose elements the platform accepts */
const KNOWN_PREFIXES = new Set(['bpmn', 'bpmndi', 'dc', 'di', 'zeebe']);

const RESOURCE_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

interface ModdleWarning {
  message: string;
}

interface BpmnModdleLike {
  fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: ModdleWarning[] }>;
}

// bpmn-moddle: ESM with a CommonJS build; zeebe-bpmn-moddle: the Zeebe extension schema
const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (packages: object) => BpmnModdleLike };
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export function assertSize(content: string): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_CONTENT_BYTES) {
    throw new PayloadTooLargeError(
      `Die Datei ist zu groß (${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB); erlaubt sind höchstens 2 MB.`,
    );
  }
}

export function isValidResourceId(id: string): boolean {
  return RESOURCE_ID.test(id);
}

/** the kind of an uploaded file, by its name */
export function kindOfFileName(fileName: string): ModelKind | null {
  const lower = fileName.trim().toLowerCase();
  if (lower.endsWith('.bpmn') || lower.endsWith('.bpmn20.xml')) return 'bpmn';
  if (lower.endsWith('.form')) return 'form';
  return null;
}

/**
 * Counts elements and nesting with a linear scan of the tags, before the parser builds anything; throws
 * InvalidBpmnError when the file has more elements or deeper nesting than the platform processes.
 */
function assertStructure(xml: string): void {
  // a start tag with quoted attributes (a value may contain ">"), or an end tag
  const tag = /<(\/?)[A-Za-z_][^\s/>]*(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>/g;
  let elements = 0;
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1]) {
      depth--;
      continue;
    }
    elements++;
    if (!m[2]) depth++;
    if (elements > MAX_XML_ELEMENTS) {
      throw new InvalidBpmnError(
        `Das Modell hat zu viele Elemente (mehr als ${MAX_XML_ELEMENTS.toLocaleString('de-DE')} XML-Elemente); bitte in mehrere Prozesse aufteilen.`,
      );
    }
    if (depth > MAX_XML_DEPTH) {
      throw new InvalidBpmnError(
        `Das Modell ist zu tief verschachtelt (mehr als ${MAX_XML_DEPTH} Ebenen, Zeile ${lineOf(xml, m.index)}).`,
      );
    }
  }
}

/** the 1-based line of an offset */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** "unparsable content <x> detected\n\tline: 3\n\tcolumn: 5\n\tnested error: …" → German line */
function describeModdleProblem(message: string): string {
  const what = /unparsable content (.*?) detected/.exec(message)?.[1]?.trim();
  const line = /line: (\d+)/.exec(message)?.[1];
  const column = /column: (\d+)/.exec(message)?.[1];
  const nested = /nested error: (.*)/.exec(message)?.[1]?.trim();
  const where = line !== undefined ? `Zeile ${Number(line) + 1}, Spalte ${Number(column ?? 0) + 1}` : 'Datei';
  let reason = nested ?? message.split('\n')[0];
  const unknownType = /unknown type <([^>]+)>/.exec(reason)?.[1];
  const unrecognized = /unrecognized element <([^>]+)>/.exec(reason)?.[1];
  if (unknownType) reason = `unbekanntes Element <${unknownType}>`;
  else if (unrecognized) reason = `unbekanntes Element <${unrecognized}>`;
  else if (/missing start tag/.test(reason)) reason = 'kein XML (Start-Tag fehlt)';
  else if (/closing tag mismatch/.test(reason)) reason = 'schließendes Tag passt nicht';
  else if (/unclosed tag/.test(reason)) reason = 'Tag nicht geschlossen';
  return `${where}: ${reason}${what && !unknownType && !unrecognized ? ` (bei ${what.slice(0, 80)})` : ''}`;
}

/** every element below the definitions whose type is outside BPMN, BPMN DI and Zeebe */
function foreignElements(root: ModdleElement): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const element = value as ModdleElement;
    if (typeof element.$type === 'string') {
      const prefix = element.$type.split(':')[0];
      if (!KNOWN_PREFIXES.has(prefix)) found.add(element.$type);
    }
    for (const [key, child] of Object.entries(element)) {
      if (key.startsWith('$')) continue;
      visit(child);
    }
  };
  visit(root);
  return [...found].sort();
}

export interface ParsedBpmn {
  definitions: ModdleElement;
  /** the bpmnProcessId of the (only) process */
  processId: string;
  /** the process's name, or its id */
  name: string;
}

export async function parseBpmnXml(xml: string): Promise<ModdleElement> {
  const declaration = findXmlDeclaration(xml);
  if (declaration) throw new InvalidBpmnError(xmlDeclarationMessage(declaration));
  const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
  return rootElement;
}

/**
 * Parses and checks a BPMN file; `expectedProcessId` (when saving to an existing resource) must be the
 * id of its process. Throws InvalidBpmnError (400) naming what is wrong.
 */
export async function checkBpmn(xml: string, expectedProcessId?: string): Promise<ParsedBpmn> {
  assertSize(xml);
  // DTDs bring external entities (XXE) and entity bombs: refused before any parser sees the file
  const declaration = findXmlDeclaration(xml);
  if (declaration) throw new InvalidBpmnError(xmlDeclarationMessage(declaration));
  if (!xml.trim()) throw new InvalidBpmnError('Die Datei ist leer.');
  assertStructure(xml);
  let definitions: ModdleElement;
  let warnings: ModdleWarning[];
  try {
    ({ rootElement: definitions, warnings } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml));
  } catch (error) {
    const problem = describeModdleProblem(error instanceof Error ? error.message : String(error));
    throw new InvalidBpmnError(`Die Datei ist kein gültiges BPMN-XML: ${problem}.`, [problem]);
  }
  if (definitions?.$type !== 'bpmn:Definitions') {
    throw new InvalidBpmnError('Die Datei enthält keine BPMN-Definitionen (bpmn:definitions).');
  }
  const problems = warnings.map((w) => describeModdleProblem(w.message));
  const foreign = foreignElements(definitions);
  if (foreign.length) problems.push(`Unbekannte Elemente: ${foreign.join(', ')}`);
  if (problems.length) {
    throw new InvalidBpmnError(
      `Die Datei enthält Elemente, die die Plattform nicht kennt (nur BPMN und Zeebe): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ' …' : ''}.`,
      problems,
    );
  }
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  if (processes.length !== 1) {
    throw new InvalidBpmnError(
      processes.length === 0
        ? 'Die Datei enthält keinen Prozess.'
        : `Die Datei enthält ${processes.length} Prozesse; erlaubt ist genau einer je Datei.`,
    );
  }
  const process = processes[0];
  const processId = process.id ?? '';
  if (!isValidResourceId(processId)) {
    throw new InvalidBpmnError(`Die Prozess-ID „${processId}“ ist nicht gültig.`);
  }
  if (expectedProcessId !== undefined && processId !== expectedProcessId) {
    throw new InvalidBpmnError(
      `Die Datei enthält den Prozess „${processId}“, erwartet wird „${expectedProcessId}“ (die Prozess-ID darf sich nicht ändern).`,
    );
  }
  if (process.isExecutable !== true) {
    throw new InvalidBpmnError(
      `Der Prozess „${processId}“ ist nicht als ausführbar (isExecutable) markiert.`,
    );
  }
  return { definitions, processId, name: (process.name ?? '').trim() || processId };
}

export interface FormComponentLike {
  id?: string;
  key?: string;
  type: string;
  label?: string;
  components?: FormComponentLike[];
  [key: string]: unknown;
}

export interface ParsedForm {
  schema: { id: string; type: string; components: FormComponentLike[]; [key: string]: unknown };
  formId: string;
  name: string;
}

/** Parses and checks a form-js schema; `expectedFormId` must be its id. Throws InvalidFormError (400). */
export function checkForm(json: string, expectedFormId?: string): ParsedForm {
  assertSize(json);
  let schema: unknown;
  try {
    schema = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidFormError(`Die Datei ist kein gültiges JSON (${reason}).`, [reason]);
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new InvalidFormError('Die Datei ist kein Formular (erwartet wird ein JSON-Objekt).');
  }
  const form = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (form.type !== 'default') problems.push('"type" muss "default" sein');
  if (!Array.isArray(form.components)) problems.push('"components" muss eine Liste sein');
  if (typeof form.id !== 'string' || !isValidResourceId(form.id))
    problems.push('"id" fehlt oder ist ungültig');
  const walk = (components: unknown[], path: string, depth: number): void => {
    if (depth > MAX_FORM_DEPTH) {
      problems.push(`${path.slice(0, 80)}…: mehr als ${MAX_FORM_DEPTH} verschachtelte Ebenen`);
      return;
    }
    components.forEach((c, i) => {
      const at = `${path}[${i}]`;
      if (!c || typeof c !== 'object' || typeof (c as FormComponentLike).type !== 'string') {
        problems.push(`${at}: Feld ohne "type"`);
        return;
      }
      const nested = (c as FormComponentLike).components;
      if (nested !== undefined) {
        if (Array.isArray(nested)) walk(nested, `${at}.components`, depth + 1);
        else problems.push(`${at}.components muss eine Liste sein`);
      }
    });
  };
  if (Array.isArray(form.components)) walk(form.components, 'components', 1);
  if (problems.length) {
    throw new InvalidFormError(
      `Die Datei ist kein form-js-Formular: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ' …' : ''}.`,
      problems,
    );
  }
  const formId = form.id as string;
  if (expectedFormId !== undefined && formId !== expectedFormId) {
    throw new InvalidFormError(
      `Die Datei enthält das Formular „${formId}“, erwartet wird „${expectedFormId}“ (die Formular-ID darf sich nicht ändern).`,
    );
  }
  const title = (form.components as FormComponentLike[]).find(
    (c) => c.type === 'text' && typeof c.text === 'string',
  )?.text as string | undefined;
  const name =
    title
      ?.replace(/^#+\s*/, '')
      .split('\n')[0]
      .trim() || formId;
  return { schema: form as ParsedForm['schema'], formId, name };
}
