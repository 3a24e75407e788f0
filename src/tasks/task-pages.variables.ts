import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormComponent, FormSchema } from '../forms';
import type { VariableValue } from './tasks.service';

/** A process variable a caseworker may filter the task list by: a field of some task form. */
export interface FilterVariable {
  key: string;
  /** the field's German label(s) in the forms, e.g. "Kategorie" */
  labels: string[];
  /** the options of a select/radio field: label → stored value */
  options: { label: string; value: VariableValue }[];
}

/** What the pages need of processes/*.bpmn: each executable process's name and the forms of its tasks. */
export interface ProcessInfo {
  name: string;
  formIds: string[];
}

const INPUT_TYPES = new Set(['textfield', 'textarea', 'number', 'checkbox', 'radio', 'select', 'datetime']);

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** bpmnProcessId → name and form ids, for the executable processes of the BPMN files in a directory */
export function readProcesses(directory: string): Map<string, ProcessInfo> {
  const processes = new Map<string, ProcessInfo>();
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.bpmn'))) {
    const xml = readFileSync(join(directory, file), 'utf8');
    for (const m of xml.matchAll(/<bpmn:process\b([^>]*)>([\s\S]*?)<\/bpmn:process>/g)) {
      const id = /\bid="([^"]+)"/.exec(m[1])?.[1];
      if (!id || !/isExecutable="true"/.test(m[1])) continue;
      const formIds = [...m[2].matchAll(/<zeebe:formDefinition\b[^>]*\bformId="([^"]+)"/g)].map((f) => f[1]);
      processes.set(id, {
        name: unescapeXml(/\bname="([^"]+)"/.exec(m[1])?.[1] ?? id),
        formIds: [...new Set(formIds)],
      });
    }
  }
  return processes;
}

const isPlain = (v: unknown): v is VariableValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The top-level process variables the forms write (fields of groups without a path included; fields
 * of a group with a path or of a list are nested objects, which the filter does not reach).
 */
export function formVariables(forms: Iterable<FormSchema>): Map<string, FilterVariable> {
  const variables = new Map<string, FilterVariable>();
  const visit = (components: FormComponent[]): void => {
    for (const c of components) {
      if (c.type === 'group' && c.components && !c.path) visit(c.components);
      if (!INPUT_TYPES.has(c.type) || !c.key || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(c.key)) continue;
      const entry = variables.get(c.key) ?? { key: c.key, labels: [], options: [] };
      if (c.label && !entry.labels.includes(c.label)) entry.labels.push(c.label);
      for (const option of c.values ?? []) {
        if (isPlain(option.value) && !entry.options.some((o) => o.label === option.label)) {
          entry.options.push({ label: option.label, value: option.value });
        }
      }
      variables.set(c.key, entry);
    }
  };
  for (const form of forms) visit(form.components);
  return variables;
}

/**
 * The stored values a typed filter value may stand for: the text itself, and where it reads so a
 * number ("42", "3,5"), a yes/no ("ja", "nein"), an ISO date ("01.02.2026" → "2026-02-01") or the
 * value behind an option's label ("Service (Wartezeit, Dolmetschen)" → "service").
 */
export function valueChoices(raw: string, options: FilterVariable['options'] = []): VariableValue[] {
  const text = raw.trim();
  const lower = text.toLowerCase();
  const choices: VariableValue[] = [text];
  if (/^-?\d+([.,]\d+)?$/.test(text)) choices.push(Number(text.replace(',', '.')));
  if (['ja', 'true', 'wahr'].includes(lower)) choices.push(true);
  if (['nein', 'false', 'falsch'].includes(lower)) choices.push(false);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (german) choices.push(`${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}`);
  for (const option of options) {
    if (option.label.trim().toLowerCase() === lower) choices.push(option.value);
  }
  const seen = new Set<string>();
  return choices.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
