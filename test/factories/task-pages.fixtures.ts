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
    faelligBis: '',
    person: '',
    sortierung: 'dueDate',
    reihenfolge: 'asc',
  },
  processes: [{ value: 'complaint-management', label: 'Beschwerdemanagement', selected: true }],
  units: [{ value: 'BS', label: 'BS – Beschwerdestelle', selected: false }],
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
