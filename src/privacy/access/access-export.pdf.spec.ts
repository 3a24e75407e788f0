import { accessExportView, renderAccessExportHtml, renderAccessExportPdf } from './access-export.pdf';
import { ACCESS_EXPORT_FORMAT, type AccessExport } from './access-export.types';

/** an export with one entry of every kind (synthetic data) */
function fixture(overrides: Partial<AccessExport['person']> = {}): AccessExport {
  return {
    format: ACCESS_EXPORT_FORMAT,
    legalBasis: 'Art. 15 DSGVO',
    controller: 'Migrationsagentur',
    generatedAt: '2026-11-28T10:00:00.000Z',
    generatedBy: { username: 'tl.abh', displayName: 'Teamleitung ABH' },
    person: {
      id: 'p-1',
      fileNumber: 'MIA-2026-000001',
      familyName: 'Haddad',
      givenNames: 'Mohammed',
      nameVariants: ['Muhammad Hadad'],
      dateOfBirth: '1988-02-29',
      dateOfBirthEstimated: true,
      sex: 'male',
      nationalities: ['SYR'],
      azrNumber: 'AZR-1',
      bamfFileNumber: 'B-1',
      entryDate: '2023-03-01',
      identityClarified: true,
      identityEvidence: 'passport',
      identityClarifiedOn: '2023-04-01',
      language: 'ar',
      vulnerabilities: ['illness'],
      municipality: 'Zeitz',
      searchKeys: { nameFold: 'haddad mohammed', nameSkeleton: 'hdd mhmd' },
      createdAt: '2026-01-01T09:00:00.000Z',
      updatedAt: '2026-01-02T09:00:00.000Z',
      ...overrides,
    },
    household: {
      id: 'h-1',
      reference: 'ZUW-1',
      address: 'Lindenweg 7',
      municipality: 'Zeitz',
      createdAt: '2026-01-01T09:00:00.000Z',
      otherMembers: 2,
    },
    statusEpisodes: [
      {
        id: 'e-1',
        type: 'Aufenthaltsgestattung',
        legalBasis: '§ 55 AsylG',
        validFrom: '2026-01-10',
        validTo: null,
        conditions: { wohnsitzauflage: 'Zeitz' },
        supersedes: null,
        processInstanceKey: null,
        recordedAt: '2026-01-10T09:00:00.000Z',
      },
    ],
    domainEvents: [
      {
        id: '1',
        type: 'PersonArrived',
        occurredOn: '2026-01-10',
        payload: { arrivalDate: '2026-01-10' },
        processInstanceKey: null,
        bpmnProcessId: null,
        recordedAt: '2026-01-10T09:00:00.000Z',
      },
    ],
    processes: [
      {
        processInstanceKey: '22517',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        name: 'Bildung und Teilhabe / Krankenhilfe',
        caseId: 'MIA-2026-000001',
        role: 'subject',
        linkedAt: '2026-02-01T09:00:00.000Z',
        version: 1,
        state: 'ACTIVE',
        startedAt: '2026-02-01T09:00:00.000Z',
        endedAt: null,
        activeElementIds: ['Task_AntragErfassen'],
        variables: { requestType: 'Krankenhilfe' },
        variablesSource: 'engine',
        calledInstances: [],
      },
    ],
    tasks: [
      {
        id: 't-1',
        name: 'Antrag entgegennehmen',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        processInstanceKey: '22517',
        elementId: 'Task_AntragErfassen',
        candidateGroups: ['LG'],
        assignee: 'sb.lg',
        state: 'open',
        createdAt: '2026-02-01T09:00:00.000Z',
        claimedAt: null,
        completedAt: null,
        dueDate: null,
        followUpDate: null,
        formId: 'lg-but-krankenhilfe-request',
        variables: { requestType: 'Krankenhilfe' },
        draft: { recordedBy: 'SB1' },
        draftSavedAt: '2026-02-01T10:00:00.000Z',
        draftBy: 'sb.lg',
      },
    ],
    notes: [
      {
        id: 'n-1',
        author: 'sb.lg',
        authorName: 'SB LG',
        text: 'Telefonat',
        createdAt: '2026-02-01T09:00:00.000Z',
      },
    ],
    followUps: [
      {
        id: 'f-1',
        unit: 'LG',
        owner: 'sb.lg',
        ownerName: 'SB LG',
        dueOn: '2026-03-01',
        reason: 'Kostenübernahme prüfen',
        status: 'open',
        createdBy: 'sb.lg',
        createdAt: '2026-02-01T09:00:00.000Z',
        doneAt: null,
        doneBy: null,
        events: [
          {
            kind: 'created',
            actor: 'sb.lg',
            actorName: 'SB LG',
            at: '2026-02-01T09:00:00.000Z',
            comment: null,
            dueOnBefore: null,
            dueOnAfter: '2026-03-01',
          },
        ],
      },
    ],
    documents: [
      {
        id: 'd-1',
        templateId: 'aktenvermerk',
        title: 'Aktenvermerk',
        unit: 'ABH',
        caseId: 'MIA-2026-000001',
        processInstanceKey: null,
        createdAt: '2026-02-01T09:00:00.000Z',
        remedy: null,
        sha256: 'ab'.repeat(32),
        htmlSha256: 'cd'.repeat(32),
        pdfBase64: '',
      },
    ],
    otherRecords: [{ table: 'register_request', rows: [{ register: 'AZR', purpose: 'Identitätsprüfung' }] }],
    auditEntries: [
      {
        seq: '1',
        occurredAt: '2026-02-01T09:00:00.000Z',
        actor: 'sb.lg',
        roles: ['caseworker'],
        units: ['LG'],
        action: 'read',
        resourceType: 'person',
        resourceId: 'p-1',
        outcome: 'success',
        details: null,
      },
    ],
    engineSource: 'engine',
  };
}

describe('access export PDF (Art. 15 DSGVO)', () => {
  it('renders every kind of data in German, in strict mode', () => {
    const html = renderAccessExportHtml(fixture());
    expect(html).toMatch(/<html lang='de'>/);
    for (const text of [
      '<h1>Auskunft nach Art. 15 DSGVO</h1>',
      'Muhammad Hadad',
      '29.02.1988 (geschätzt)',
      'Reisepass',
      'Erkrankung',
      'Aufenthaltsgestattung (§ 55 AsylG)',
      'PersonArrived',
      'Bildung und Teilhabe / Krankenhilfe (Vorgang 22517)',
      'requestType: Krankenhilfe',
      'Entwurf',
      'Telefonat',
      'Kostenübernahme prüfen',
      'Aktenvermerk',
      'Tabelle register_request',
      'Fallakte gelesen (erfolgreich)',
      'Weitere Mitglieder',
    ])
      expect(html).toContain(text);
    expect(html).not.toMatch(/undefined|\[object Object\]|NaN/);
  });

  it('escapes what comes from case data', () => {
    const html = renderAccessExportHtml(fixture({ familyName: '<script>alert(1)</script>' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('says so when a kind of data is empty', () => {
    const empty = { ...fixture(), household: null, statusEpisodes: [], tasks: [], followUps: [] };
    const view = accessExportView(empty) as { sections: { heading: string; empty: string }[] };
    const html = renderAccessExportHtml(empty);
    expect(view.sections.map((s) => s.heading)).toContain('Wiedervorlagen');
    for (const text of ['Keinem Haushalt zugeordnet.', 'Kein Aufenthaltsstatus erfasst.', 'Keine Aufgaben.'])
      expect(html).toContain(text);
  });

  it('renders a PDF', async () => {
    const pdf = await renderAccessExportPdf(fixture());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
