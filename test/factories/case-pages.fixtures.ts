/** Fixture data for the case file's page templates (src/web/views/intake.hbs, person.hbs). */
export const INTAKE_VIEW_FIXTURE: Record<string, unknown> = {
  query: { q: '', name: 'Muhamad', geburtsdatum: '', aktenzeichen: '' },
  searched: true,
  hits: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Haddad, Mohammed',
      variants: 'Muhammad Haddad',
      dateOfBirth: '29.02.1988',
      fileNumber: 'MIA-2026-000001',
      nationalities: 'SYR',
    },
  ],
  noHits: false,
  errors: ['Familienname: Pflichtangabe.'],
  form: { familyName: '<b>', givenNames: '', nameVariants: '', dateOfBirth: '', nationality: '' },
};

export const PERSON_VIEW_FIXTURE: Record<string, unknown> = {
  errors: [],
  message: 'Die Person ist angelegt.',
  person: {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Haddad, Mohammed',
    fileNumber: 'MIA-2026-000001',
    variants: '–',
    dateOfBirth: '29.02.1988',
    nationalities: 'SYR',
    azrNumber: '–',
    bamfFileNumber: '–',
    entryDate: '01.03.2023',
    identity: 'geklärt',
    language: 'ar',
    municipality: 'Naumburg (Saale)',
  },
  episodes: [
    {
      type: 'Aufenthaltsgestattung',
      legalBasis: '§ 55 AsylG',
      from: '01.03.2023',
      to: 'offen',
      current: true,
    },
  ],
  processes: [
    {
      key: '1',
      name: 'Bildung und Teilhabe / Krankenhilfe',
      bpmnProcessId: 'asylblg-but-krankenhilfe',
      caseId: 'MIA-2026-000001',
      units: 'LG – Leistungsgewährung AsylbLG',
      linkedAt: '28.11.2026, 12:00',
      active: 'Antrag entgegennehmen und Bedarf erfassen',
      waitingElsewhere: false,
      diagramId: 'diagramm-0',
    },
  ],
  openTasks: [
    {
      id: 't1',
      name: 'Antrag entgegennehmen',
      process: 'Krankenhilfe',
      units: 'LG',
      assignee: '–',
      due: '–',
      state: 'offen',
      completedAt: '–',
    },
  ],
  doneTasks: [],
  documents: [
    { title: 'Aktenvermerk', unit: 'ABH', createdAt: '28.11.2026, 12:00', url: '/api/documents/d/pdf' },
  ],
  notes: [{ authorName: 'Testperson', createdAt: '28.11.2026, 12:00', text: '<script>x</script>' }],
  startable: [
    {
      id: 'asylblg-but-krankenhilfe',
      name: 'Bildung und Teilhabe / Krankenhilfe',
      fields: [
        {
          key: 'requestType',
          inputId: 'asylblg-but-krankenhilfe-requestType',
          label: 'Art des Antrags',
          isDate: false,
          isBoolean: false,
          options: [{ value: 'BuT', label: 'Bildung und Teilhabe' }],
        },
      ],
    },
  ],
  pageData: '{"processes":[]}',
};
