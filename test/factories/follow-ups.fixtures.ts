/** Fixture data for the Wiedervorlagen templates (src/web/views/follow-ups.hbs, the section of person.hbs). */
const ITEM = {
  id: '00000000-0000-4000-8000-0000000000f1',
  dueOn: '01.12.2026',
  reason: 'Nachweis <Passbeschaffung> prüfen',
  ownerName: 'Sachbearbeitung LG',
  unit: 'LG – Leistungsgewährung AsylbLG',
  status: 'offen, überfällig',
  open: true,
  overdue: true,
  person: {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Haddad, Mohammed',
    fileNumber: 'MIA-2026-000001',
  },
  history: ['28.11.2026, 14:00, Sachbearbeitung LG: angelegt für den 01.12.2026'],
  returnTo: 'liste',
  minDate: '2026-12-02',
  commentMax: 1000,
};

export const FOLLOW_UPS_VIEW_FIXTURE: Record<string, unknown> = {
  errors: ['Neues Datum: Pflichtangabe.'],
  message: 'Die Wiedervorlage ist verschoben.',
  today: '02.12.2026',
  due: [ITEM],
  upcoming: [],
  unit: [{ ...ITEM, id: '00000000-0000-4000-8000-0000000000f2', overdue: false, status: 'offen' }],
  hasUnits: true,
  units: 'LG – Leistungsgewährung AsylbLG',
  absence: { active: true, until: '24.12.2026', value: '2026-12-24' },
  minDate: '2026-12-02',
  commentMax: 1000,
};

/** the person page's section (merge into PERSON_VIEW_FIXTURE) */
export const PERSON_FOLLOW_UPS_FIXTURE: Record<string, unknown> = {
  items: [
    { ...ITEM, returnTo: 'person' },
    { ...ITEM, id: '00000000-0000-4000-8000-0000000000f3', open: false, overdue: false, status: 'erledigt' },
  ],
  canCreate: true,
  units: [{ code: 'LG', label: 'LG – Leistungsgewährung AsylbLG', selected: true }],
  form: { dueOn: '', reason: '<b>Grund</b>' },
  minDate: '2026-12-02',
  reasonMax: 500,
  commentMax: 1000,
};
