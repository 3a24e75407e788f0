import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import type { FormSchema } from './form-validation';

/** The form schemas of forms/*.form by form id (read once). */
export function loadForms(directory: string = join(projectRoot(), 'forms')): Map<string, FormSchema> {
  const forms = new Map<string, FormSchema>();
  if (!existsSync(directory)) return forms;
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.form'))) {
    const schema = JSON.parse(readFileSync(join(directory, file), 'utf8')) as FormSchema;
    if (forms.has(schema.id)) throw new Error(`form id ${schema.id} is used twice (${file})`);
    forms.set(schema.id, schema);
  }
  return forms;
}
