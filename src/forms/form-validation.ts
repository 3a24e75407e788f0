import { evaluate } from 'feelin';

/**
 * Server-side validation of form data against a form-js schema (forms/*.form): the same rules the
 * form-js viewer applies in the browser — required, types, min/max, minLength/maxLength, pattern,
 * options of select/radio/checklist/taglist, date formats — so that a forged request cannot complete a
 * task with data the form would not accept. Fields hidden by their `conditional.hide` expression are
 * neither validated nor submitted; disabled fields are not submitted; keys that are no field are refused.
 * Messages are German, one per field.
 */

export interface FormComponent {
  id?: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  readonly?: boolean | string;
  disabled?: boolean;
  subtype?: string;
  values?: { label: string; value: unknown }[];
  valuesKey?: string;
  valuesExpression?: string;
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    validationType?: 'email' | 'phone' | 'custom';
  };
  conditional?: { hide?: string };
  components?: FormComponent[];
}

export interface FormSchema {
  id: string;
  components: FormComponent[];
}

export interface FieldError {
  /** the field's key (dotted path for groups, with [i] for list items) */
  key: string;
  label: string;
  message: string;
}

export interface FormValidationResult {
  valid: boolean;
  errors: FieldError[];
  /** the submitted values of the form's visible, enabled fields */
  data: Record<string, unknown>;
}

const INPUT_TYPES = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
  'datetime',
]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()/-]{5,}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$/;

function isHidden(component: FormComponent, context: Record<string, unknown>): boolean {
  const hide = component.conditional?.hide;
  if (!hide) return false;
  const expression = hide.startsWith('=') ? hide.slice(1) : hide;
  try {
    return evaluate(expression, context).value === true;
  } catch {
    return false;
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function checkValue(
  component: FormComponent,
  value: unknown,
  variables: Record<string, unknown>,
): string | null {
  const v = component.validate ?? {};
  const options =
    component.values ??
    (component.valuesKey && Array.isArray(variables[component.valuesKey])
      ? (variables[component.valuesKey] as { value: unknown }[])
      : undefined);
  switch (component.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Bitte eine Zahl eingeben.';
      if (v.min !== undefined && value < v.min) return `Der Wert muss mindestens ${v.min} sein.`;
      if (v.max !== undefined && value > v.max) return `Der Wert darf höchstens ${v.max} sein.`;
      return null;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'Bitte ankreuzen oder leer lassen (ja/nein).';
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value)) return 'Bitte eine Auswahl aus der Liste treffen.';
      if (options && value.some((item) => !options.some((o) => o.value === item)))
        return 'Die Auswahl enthält einen Wert, den die Liste nicht anbietet.';
      return null;
    }
    case 'radio':
    case 'select':
      if (options && !options.some((o) => o.value === value))
        return 'Bitte einen der angebotenen Werte wählen.';
      return null;
    case 'datetime': {
      if (typeof value !== 'string') return 'Bitte ein Datum eingeben.';
      const subtype = component.subtype ?? 'date';
      if (subtype === 'date' && !validDate(value)) return 'Bitte ein gültiges Datum eingeben (TT.MM.JJJJ).';
      if (subtype === 'time' && !ISO_TIME.test(value)) return 'Bitte eine gültige Uhrzeit eingeben.';
      if (subtype === 'datetime' && (Number.isNaN(Date.parse(value)) || !validDate(value.slice(0, 10))))
        return 'Bitte Datum und Uhrzeit eingeben.';
      return null;
    }
    default: {
      // textfield, textarea
      if (typeof value !== 'string') return 'Bitte Text eingeben.';
      if (v.minLength !== undefined && value.length < v.minLength)
        return `Bitte mindestens ${v.minLength} Zeichen eingeben.`;
      if (v.maxLength !== undefined && value.length > v.maxLength)
        return `Bitte höchstens ${v.maxLength} Zeichen eingeben.`;
      if (v.pattern && !new RegExp(v.pattern).test(value))
        return 'Die Eingabe hat nicht das erwartete Format.';
      if (v.validationType === 'email' && !EMAIL.test(value))
        return 'Bitte eine gültige E-Mail-Adresse eingeben.';
      if (v.validationType === 'phone' && !PHONE.test(value))
        return 'Bitte eine gültige Telefonnummer eingeben.';
      return null;
    }
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    node[part] = node[part] ?? {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function getPath(source: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = source;
  for (const part of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function validateComponents(
  components: FormComponent[],
  data: Record<string, unknown>,
  prefix: string[],
  displayPrefix: string,
  variables: Record<string, unknown>,
  out: { errors: FieldError[]; data: Record<string, unknown>; seen: Set<string> },
): void {
  for (const component of components) {
    const context = { ...variables, ...data };
    if (isHidden(component, context)) {
      // a hidden field belongs to the form but is neither validated nor submitted
      for (const key of formFieldKeys({ id: '', components: [component] }))
        out.seen.add([...prefix, key].join('.'));
      continue;
    }
    if (component.type === 'group' && component.components) {
      const path = component.path ? [...prefix, ...component.path.split('.')] : prefix;
      validateComponents(component.components, data, path, displayPrefix, variables, out);
      continue;
    }
    if (component.type === 'dynamiclist' && component.path && component.components) {
      const path = [...prefix, ...component.path.split('.')];
      const key = `${displayPrefix}${path.join('.')}`;
      out.seen.add(path.join('.'));
      const items = getPath(data, path);
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        out.errors.push({ key, label: component.label ?? key, message: 'Bitte eine Liste angeben.' });
        continue;
      }
      const cleaned: Record<string, unknown>[] = [];
      items.forEach((item, index) => {
        const itemOut = { errors: out.errors, data: {}, seen: new Set<string>() };
        const itemData = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        validateComponents(component.components ?? [], itemData, [], `${key}[${index}].`, variables, itemOut);
        refuseUnknown(itemData, itemOut.seen, `${key}[${index}].`, out.errors);
        cleaned.push(itemOut.data);
      });
      setPath(out.data, path, cleaned);
      continue;
    }
    if (!INPUT_TYPES.has(component.type) || !component.key) continue;
    const path = [...prefix, ...component.key.split('.')];
    const key = `${displayPrefix}${path.join('.')}`;
    out.seen.add(path.join('.'));
    if (component.disabled) continue;
    const value = getPath(data, path);
    const label = component.label ?? component.key;
    if (
      isEmpty(value) ||
      (component.type === 'checkbox' && value === false && component.validate?.required)
    ) {
      if (component.validate?.required)
        out.errors.push({ key, label, message: 'Pflichtfeld: bitte ausfüllen.' });
      if (value !== undefined) setPath(out.data, path, value);
      continue;
    }
    const message = checkValue(component, value, variables);
    if (message) out.errors.push({ key, label, message });
    else setPath(out.data, path, value);
  }
}

function flattenKeys(data: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(data).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? [`${prefix}${k}`, ...flattenKeys(v as Record<string, unknown>, `${prefix}${k}.`)]
      : [`${prefix}${k}`],
  );
}

function refuseUnknown(
  data: Record<string, unknown>,
  seen: Set<string>,
  displayPrefix: string,
  errors: FieldError[],
): void {
  for (const key of flattenKeys(data)) {
    const known = seen.has(key) || [...seen].some((s) => s.startsWith(`${key}.`) || key.startsWith(`${s}.`));
    if (!known)
      errors.push({
        key: `${displayPrefix}${key}`,
        label: key,
        message: 'Dieses Feld gehört nicht zum Formular.',
      });
  }
}

/**
 * Validates `data` (what the caseworker submits) against the form. `variables` are the task's process
 * variables, used for dynamic options (`valuesKey`) and `conditional.hide` expressions.
 */
export function validateFormData(
  schema: FormSchema,
  data: Record<string, unknown>,
  variables: Record<string, unknown> = {},
): FormValidationResult {
  const out = { errors: [] as FieldError[], data: {} as Record<string, unknown>, seen: new Set<string>() };
  validateComponents(schema.components, data, [], '', variables, out);
  refuseUnknown(data, out.seen, '', out.errors);
  return { valid: out.errors.length === 0, errors: out.errors, data: out.data };
}

/** the keys of every input field of the form (dotted for groups with a path) */
export function formFieldKeys(schema: FormSchema): string[] {
  const keys: string[] = [];
  const visit = (components: FormComponent[], prefix: string): void => {
    for (const c of components) {
      if (c.type === 'group' && c.components) visit(c.components, c.path ? `${prefix}${c.path}.` : prefix);
      else if (c.type === 'dynamiclist' && c.path) keys.push(`${prefix}${c.path}`);
      else if (INPUT_TYPES.has(c.type) && c.key) keys.push(`${prefix}${c.key}`);
    }
  };
  visit(schema.components, '');
  return keys;
}
