import { germanLintMessage } from './lint-list/lint-messages';
import { versionNumber } from './release-controls';

describe('process editor in the browser: pure helpers', () => {
  it('reads the version number from the answers of save and import', () => {
    expect(versionNumber({ number: 3 })).toBe(3);
    expect(versionNumber({ version: 4 })).toBe(4);
    expect(versionNumber({ version: { number: 5 } })).toBe(5);
    expect(versionNumber({})).toBeNull();
  });

  it('words bpmnlint findings in German and keeps the platform rules and unknown rules as they are', () => {
    expect(germanLintMessage('label-required', 'Element is missing label/name')).toBe(
      'Dem Element fehlt eine Bezeichnung.',
    );
    expect(germanLintMessage('platform/form-exists', 'Das Formular „x“ gibt es nicht.')).toBe(
      'Das Formular „x“ gibt es nicht.',
    );
    expect(germanLintMessage('camunda-compat/unheard-of', 'Something odd')).toBe('Something odd');
  });
});
