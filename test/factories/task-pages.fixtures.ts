/** Fixture data for the task pages' templates (src/web/views/task-list.hbs, task.hbs, task-error.hbs). */
export const TASK_LIST_VIEW_FIXTURE: Record<string, unknown> = {
  completed: true,
  tabs: [
    { view: 'meine', label: 'Meine Aufgaben', href: '/aufgaben?ansicht=meine', current: false },
    { view: 'einheit', label: 'Aufgaben meiner Einheit', href: '/aufgaben?ansicht=einheit', current: true },
  ],
  viewLabel: 'Aufgaben meiner Einheit',
  filters: {
    ansicht: 'einheit',
    verfahren: '',
    einheit: '',
    faelligVon: '',
    faelligBis: '2026-02-01',
    wiedervorlageVon: '',
    wiedervorlageBis: '',
    person: '',
    sortierung: 'dueDate',
    reihenfolge: 'asc',
  },
  processes: [{ value: 'complaint-management', label: 'Beschwerdemanagement', selected: true }],
  units: [{ value: 'BS', label: 'BS – Beschwerdestelle', selected: false }],
  variableFilters: [
    {
      index: 0,
      number: 1,
      value: 'service',
      options: [{ value: 'category', label: 'Kategorie (category)', selected: true }],
    },
    { index: 1, number: 2, value: '', options: [] },
  ],
  sorts: [{ value: 'dueDate', label: 'Fälligkeit', selected: true }],
  orderAsc: true,
  items: [
    {
      id: 'a1',
      name: 'Beschwerde <registrieren>',
      process: 'Beschwerdemanagement',
      person: 'Müller, Anna',
      fileNumber: 'MIA-2026-000001',
      units: 'BS',
      assignee: 'nicht übernommen',
      due: '01.02.2026',
      followUp: '–',
      overdue: true,
    },
  ],
  totalLabel: '1 Aufgabe',
  page: 1,
  pages: 2,
  previous: null,
  next: '/aufgaben?seite=2',
};

export const TASK_VIEW_FIXTURE: Record<string, unknown> = {
  task: {
    id: 'a1',
    name: 'Beschwerde registrieren',
    process: 'Beschwerdemanagement',
    units: 'BS',
    assignee: 'sb.bs',
    due: '–',
    followUp: '–',
    draftSavedAt: null,
  },
  open: true,
  stateText: '',
  claimable: false,
  mayWork: true,
  hasForm: true,
  pageData: '{"taskId":"a1"}',
};

export const TASK_ERROR_VIEW_FIXTURE: Record<string, unknown> = {
  heading: 'Kein Zugriff',
  text: 'Nicht Ihre Einheit.',
};

/** Fixture data for the team lead's page (src/web/views/team.hbs) after a bulk assignment. */
export const TEAM_VIEW_FIXTURE: Record<string, unknown> = {
  result: {
    success: '1 Aufgabe ist jetzt Sachbearbeitung BS zugewiesen.',
    failures: [{ name: 'Beschwerde <einordnen>', reason: 'wurde inzwischen im Verfahren beendet' }],
    error: null,
  },
  unitOptions: [
    { value: 'BS', label: 'BS – Beschwerdestelle', selected: true },
    { value: 'LG', label: 'LG – Leistungsgewährung AsylbLG', selected: false },
  ],
  severalUnits: true,
  unit: 'BS',
  unitLabel: 'BS – Beschwerdestelle',
  people: [{ name: 'Sachbearbeitung BS', username: 'sb.bs', open: 3, overdue: 1 }],
  unassigned: { open: 2, overdue: 0 },
  totalOpen: 5,
  totalOverdue: 1,
  filterOptions: [{ value: ':niemand', label: 'Nicht zugewiesen', selected: false }],
  filterActive: false,
  assignees: [
    { value: 'sb.bs', label: 'Sachbearbeitung BS' },
    { value: ':niemand', label: 'Niemandem (zurück an die Einheit)' },
  ],
  items: [
    {
      id: 'a1',
      name: 'Beschwerde registrieren',
      process: 'Beschwerdemanagement',
      person: 'Müller, Anna',
      fileNumber: 'MIA-2026-000001',
      assignee: 'nicht zugewiesen',
      due: '01.02.2026',
      overdue: true,
    },
  ],
  totalLabel: '1 offene Aufgabe',
  page: 1,
  pages: 1,
  previous: null,
  next: null,
  bearbeitung: '',
  seite: 1,
};
