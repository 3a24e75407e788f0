import { formFieldKeys, validateFormData, type FormSchema } from './form-validation';

const form: FormSchema = {
  id: 'test-form',
  components: [
    { type: 'text', id: 't' },
    {
      type: 'textfield',
      key: 'azrNumber',
      label: 'AZR-Nummer',
      validate: { required: true, pattern: '^[0-9]{12}$' },
    },
    { type: 'textarea', key: 'remark', label: 'Anmerkung', validate: { maxLength: 10 } },
    {
      type: 'number',
      key: 'weeklyHours',
      label: 'Wochenstunden',
      validate: { required: true, min: 0, max: 60 },
    },
    { type: 'checkbox', key: 'identityClarified', label: 'Identität geklärt' },
    { type: 'checkbox', key: 'consent', label: 'Einwilligung', validate: { required: true } },
    {
      type: 'select',
      key: 'caseType',
      label: 'Fallgruppe',
      values: [
        { label: 'Nr. 1', value: 'nr1' },
        { label: 'Nr. 2', value: 'nr2' },
      ],
    },
    {
      type: 'checklist',
      key: 'vulnerabilities',
      label: 'Schutzbedarfe',
      values: [
        { label: 'Schwangerschaft', value: 'pregnancy' },
        { label: 'Behinderung', value: 'disability' },
      ],
    },
    {
      type: 'datetime',
      subtype: 'date',
      key: 'entryDate',
      label: 'Einreisedatum',
      validate: { required: true },
    },
    { type: 'textfield', key: 'email', label: 'E-Mail', validate: { validationType: 'email' } },
    {
      type: 'textfield',
      key: 'spouseName',
      label: 'Name Ehegatte',
      conditional: { hide: '=married != true' },
      validate: { required: true },
    },
    { type: 'checkbox', key: 'married', label: 'verheiratet' },
    { type: 'textfield', key: 'computed', label: 'Berechnet', disabled: true },
    {
      type: 'group',
      id: 'g',
      path: 'employer',
      components: [{ type: 'textfield', key: 'name', label: 'Arbeitgeber', validate: { required: true } }],
    },
  ],
};

const valid = {
  azrNumber: '123456789012',
  weeklyHours: 20,
  consent: true,
  entryDate: '2022-12-31',
  employer: { name: 'Bäckerei Beispiel' },
};

describe('validateFormData (server-side form-js validation)', () => {
  it('accepts valid data and returns only form fields', () => {
    const result = validateFormData(form, {
      ...valid,
      caseType: 'nr2',
      vulnerabilities: ['pregnancy'],
      identityClarified: false,
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.data).toEqual({
      ...valid,
      caseType: 'nr2',
      vulnerabilities: ['pregnancy'],
      identityClarified: false,
    });
  });

  it.each([
    ['required text missing', { azrNumber: '' }, 'azrNumber', 'Pflichtfeld: bitte ausfüllen.'],
    ['pattern', { azrNumber: '12345' }, 'azrNumber', 'Die Eingabe hat nicht das erwartete Format.'],
    ['maxLength', { remark: 'viel zu lang hier' }, 'remark', 'Bitte höchstens 10 Zeichen eingeben.'],
    ['number type', { weeklyHours: '20' }, 'weeklyHours', 'Bitte eine Zahl eingeben.'],
    ['number max', { weeklyHours: 61 }, 'weeklyHours', 'Der Wert darf höchstens 60 sein.'],
    ['number min', { weeklyHours: -1 }, 'weeklyHours', 'Der Wert muss mindestens 0 sein.'],
    ['required checkbox must be ticked', { consent: false }, 'consent', 'Pflichtfeld: bitte ausfüllen.'],
    [
      'checkbox type',
      { identityClarified: 'ja' },
      'identityClarified',
      'Bitte ankreuzen oder leer lassen (ja/nein).',
    ],
    ['select option', { caseType: 'nr3' }, 'caseType', 'Bitte einen der angebotenen Werte wählen.'],
    [
      'checklist option',
      { vulnerabilities: ['pregnancy', 'x'] },
      'vulnerabilities',
      'Die Auswahl enthält einen Wert, den die Liste nicht anbietet.',
    ],
    [
      'impossible date',
      { entryDate: '2022-02-30' },
      'entryDate',
      'Bitte ein gültiges Datum eingeben (TT.MM.JJJJ).',
    ],
    [
      'German date format is no ISO date',
      { entryDate: '31.12.2022' },
      'entryDate',
      'Bitte ein gültiges Datum eingeben (TT.MM.JJJJ).',
    ],
    ['email', { email: 'kein-at' }, 'email', 'Bitte eine gültige E-Mail-Adresse eingeben.'],
    ['shown conditional field required', { married: true }, 'spouseName', 'Pflichtfeld: bitte ausfüllen.'],
    ['group field required', { employer: { name: '' } }, 'employer.name', 'Pflichtfeld: bitte ausfüllen.'],
    [
      'unknown field refused',
      { processVariableInjection: 1 },
      'processVariableInjection',
      'Dieses Feld gehört nicht zum Formular.',
    ],
  ])('%s', (_name, patch, key, message) => {
    const result = validateFormData(form, { ...valid, ...patch });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ key, message })]);
  });

  it('does not validate or submit a hidden field, nor a disabled one', () => {
    const result = validateFormData(form, { ...valid, married: false, spouseName: '', computed: 'x' });
    expect(result.errors).toEqual([]);
    expect(result.data).not.toHaveProperty('computed');
  });

  it('names every field with an error at once', () => {
    const result = validateFormData(form, {});
    expect(result.errors.map((e) => e.key)).toEqual([
      'azrNumber',
      'weeklyHours',
      'consent',
      'entryDate',
      'employer.name',
    ]);
    expect(result.errors[0].label).toBe('AZR-Nummer');
  });

  it('lists the field keys of a form', () => {
    expect(formFieldKeys(form)).toContain('employer.name');
    expect(formFieldKeys(form)).not.toContain('t');
  });
});
