import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { loadForms } from '../forms';
import { formVariables, readProcesses, valueChoices } from './task-pages.variables';

describe('variable filters of the task list', () => {
  it.each([
    ['a text stays a text', 'Wartezeit', [], ['Wartezeit']],
    ['digits also mean the number', ' 42 ', [], ['42', 42]],
    ['a decimal comma too', '3,5', [], ['3,5', 3.5]],
    ['ja is also true', 'Ja', [], ['Ja', true]],
    ['nein is also false', 'nein', [], ['nein', false]],
    ['a German date also means the ISO date', '1.2.2026', [], ['1.2.2026', '2026-02-01']],
    [
      "an option's label also means its value",
      'service (wartezeit, dolmetschen)',
      [{ label: 'Service (Wartezeit, Dolmetschen)', value: 'service' }],
      ['service (wartezeit, dolmetschen)', 'service'],
    ],
  ])('%s', (_title, raw, options, expected) => {
    expect(valueChoices(raw, options)).toEqual(expected);
  });

  it('knows the variables the forms write, with their German labels and options', () => {
    const variables = formVariables(loadForms().values());
    const category = variables.get('category');
    expect(category?.labels).toContain('Kategorie');
    expect(category?.options).toContainEqual({ label: 'Service (Wartezeit, Dolmetschen)', value: 'service' });
  });

  it('reads the names and forms of the processes', () => {
    const complaint = readProcesses(join(projectRoot(), 'processes')).get('complaint-management');
    expect(complaint?.name).toBe('Beschwerdemanagement');
    expect(complaint?.formIds).toContain('bs-complaint-register');
  });
});
