/** fixture data for the views test (test/integration/auth/auth.spec.ts): the page /benachrichtigungen */
export const NOTIFICATIONS_VIEW_FIXTURE = {
  message: 'Ihre E-Mail-Einstellungen sind gespeichert.',
  errors: ['Die E-Mail-Adresse ist nicht gültig.'],
  unread: 1,
  items: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'task-assigned',
      title: 'Aufgabe Ihnen zugewiesen: Az. ABH-2026-0001',
      link: '/aufgaben/00000000-0000-4000-8000-000000000002',
      fileNumber: 'ABH-2026-0001',
      count: 1,
      createdAt: '2026-11-28T10:00:00.000Z',
      updatedAt: '2026-11-28T10:00:00.000Z',
      read: false,
      when: '28.11.2026, 11:00',
    },
  ],
  email: 'sb@example.org',
  mailOff: true,
  modes: [
    { value: 'immediate', label: 'sofort bei jeder Benachrichtigung', checked: true },
    { value: 'digest', label: 'einmal täglich als Tagesübersicht', checked: false },
    { value: 'off', label: 'keine E-Mails', checked: false },
  ],
};
