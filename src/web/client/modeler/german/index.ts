import { GERMAN } from './german';

/**
 * bpmn-js `translate` in German: the palette, context pad, replace menu and the properties panel labels
 * a process manager reads most. Strings without a translation stay English; placeholders `{name}` are
 * filled as bpmn-js' own translate does.
 */
function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = GERMAN[template] ?? template;
  return text.replace(/{([^}]+)}/g, (_m, key: string) => replacements[key] ?? `{${key}}`);
}

export default {
  translate: ['value', translate],
};
