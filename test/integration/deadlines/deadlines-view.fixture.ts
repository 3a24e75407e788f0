/** Fixture data for the Fristen board (src/web/views/deadlines.hbs), used by the views test. */
const ITEM = {
  kind: 'Meldung an die Landesverteilstelle (7 Werktage)',
  legalBasis: '§ 42a Abs. 4 S. 1 SGB VIII',
  dueOn: '01.12.2026',
  dueOnIso: '2026-12-01',
  overdue: true,
  status: 'überfällig',
  fileNumber: 'MIA-2026-000001',
  unit: 'JA',
};

export const DEADLINES_VIEW_FIXTURE: Record<string, unknown> = {
  today: '02.12.2026',
  week: '30.11.2026 bis 06.12.2026',
  units: [{ code: 'JA', label: 'JA – Jugendamt', selected: true }],
  allUnits: false,
  hasUnits: true,
  unitName: 'JA – Jugendamt',
  overdue: [
    {
      personId: '00000000-0000-4000-8000-000000000001',
      personName: 'Haddad, <Amal>',
      fileNumber: 'MIA-2026-000001',
      items: [ITEM, { ...ITEM, kind: 'Verteilung binnen eines Monats', overdue: false, status: 'offen' }],
    },
  ],
  overdueCount: 1,
  thisWeek: [],
  thisWeekCount: 0,
  byKind: [{ label: ITEM.kind, legalBasis: ITEM.legalBasis, count: 1 }],
};
