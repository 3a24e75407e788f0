/**
 * Right of access (Art. 15 DSGVO; issue 7 § 2): the JSON export holds every kind of data the platform
 * keeps about the person — master data with spelling variants, household, status episodes, domain
 * events, the process with its state and variables from the engine, the task with its draft, notes,
 * Wiedervorlagen, documents (hash and content), the agencies' own records, the audit trail — and
 * nothing about a second person of the same household; the PDF is a real PDF whose text names the
 * person; roles and units that may not export get 403; every export is in the audit trail; the person
 * page shows the button to those who may export.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import request from 'supertest';
import { CasesService, type Person } from '../../../src/cases';
import { DocumentsService } from '../../../src/documents';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { RegisterRequest } from '../../../src/registers/register-request.entity';
import { createPerson } from '../../factories/person.factory';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

/** the text of a pdfkit PDF: its Flate streams inflated, the hex strings of TJ/Tj operators decoded */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const body = op[1] ?? `<${op[2]}>`;
      let line = '';
      for (const piece of body.matchAll(/<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)/g)) {
        if (piece[1] !== undefined) line += Buffer.from(piece[1], 'hex').toString('latin1');
        else if (Number(piece[2]) < -200) line += ' ';
      }
      parts.push(line);
    }
  }
  return parts.join('\n');
}

interface ExportBody {
  format: string;
  person: Record<string, unknown> & { nameVariants: string[] };
  household: { reference: string; address: string; otherMembers: number } | null;
  statusEpisodes: { type: string; legalBasis: string }[];
  domainEvents: { type: string }[];
  processes: {
    processInstanceKey: string;
    bpmnProcessId: string;
    state: string;
    variables: Record<string, unknown>;
    variablesSource: string;
  }[];
  tasks: { name: string; draft: Record<string, unknown> | null; variables: Record<string, unknown> }[];
  notes: { text: string }[];
  followUps: { reason: string; events: { kind: string }[] }[];
  documents: { id: string; sha256: string; pdfBase64: string; title: string }[];
  otherRecords: { table: string; rows: Record<string, unknown>[] }[];
  auditEntries: { action: string; actor: string; resourceType: string }[];
  engineSource: string;
}

describe('Auskunft nach Art. 15 DSGVO (/api/privacy/persons/:id/access-export)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let agents: Record<string, SignedInAgent>;
  let haddad: Person;
  let schneider: Person;
  let processKey: string;
  let documentId: string;

  const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), fn);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    agents = await createSignedInUsers(app, [
      { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
      { username: 'tl.abh', displayName: 'Teamleitung ABH', units: ['ABH'], roles: ['team-lead'] },
      { username: 'tl.bs', displayName: 'Teamleitung BS', units: ['BS'], roles: ['team-lead'] },
      { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
      { username: 'admin', displayName: 'Administration', units: [], roles: ['admin'] },
    ]);
    const cases = app.get(CasesService);
    ({ haddad, schneider } = await inContext(async () => {
      const household = await cases.createHousehold({
        reference: 'ZUW-2026-0815',
        address: 'Lindenweg 7, 06618 Naumburg (Saale)',
        municipality: 'Naumburg (Saale)',
      });
      const a = await createPerson(cases, {
        familyName: 'Haddad',
        givenNames: 'Mohammed',
        nameVariants: ['Muhammad Hadad'],
        dateOfBirth: '1988-02-29',
        azrNumber: 'AZR-551234',
        bamfFileNumber: '7712345-475',
        vulnerabilities: ['illness'],
        householdId: household.id,
      });
      const b = await createPerson(cases, {
        familyName: 'Schneiderowa',
        givenNames: 'Petra',
        dateOfBirth: '1990-06-15',
        azrNumber: 'AZR-999888',
        householdId: household.id,
      });
      await cases.startStatusEpisode(
        a.id,
        { type: 'Aufenthaltsgestattung', legalBasis: '§ 55 AsylG', validFrom: '2026-01-10' },
        { idempotencyPrefix: 'access-test-a' },
      );
      await cases.startStatusEpisode(
        b.id,
        { type: 'Duldung §60a', legalBasis: '§ 60a AufenthG', validFrom: '2026-02-01' },
        { idempotencyPrefix: 'access-test-b' },
      );
      const docs = app.get(DocumentsService);
      const doc = await docs.issue(
        'aktenvermerk',
        { subject: 'Vorsprache Haddad', paragraphs: ['Pass vorgelegt.'] },
        { personId: a.id, caseId: a.fileNumber, idempotencyKey: `access-test:${a.id}` },
      );
      await docs.issue(
        'aktenvermerk',
        { subject: 'Vorsprache Schneiderowa', paragraphs: ['Geheimer Vermerk Schneiderowa.'] },
        { personId: b.id, caseId: b.fileNumber, idempotencyKey: `access-test:${b.id}` },
      );
      documentId = doc.id;
      const em = app.get(MikroORM).em;
      em.persist(
        em.create(RegisterRequest, {
          register: 'AZR',
          personId: a.id,
          subject: 'identity',
          purpose: 'Identitätsprüfung im Test',
          mode: 'manual',
          idempotencyKey: `access-test-register:${a.id}`,
        }),
      );
      await em.flush();
      return { haddad: a, schneider: b };
    }));

    // through the API as caseworkers work: a process with its task and a draft, a note, a Wiedervorlage
    const lg = agents['sb.lg'];
    const started = await lg.agent
      .post(`/api/persons/${haddad.id}/processes`)
      .set('x-csrf-token', lg.csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'Krankenhilfe' } })
      .expect(201);
    processKey = (started.body as { processInstanceKey: string }).processInstanceKey;
    let taskId: string | undefined;
    for (let i = 0; i < 400 && !taskId; i++) {
      const file = (await lg.agent.get(`/api/persons/${haddad.id}`).expect(200)).body as {
        openTasks: { id: string; processInstanceKey: string }[];
      };
      taskId = file.openTasks.find((t) => t.processInstanceKey === processKey)?.id;
      if (!taskId) await new Promise((r) => setTimeout(r, 50));
    }
    if (!taskId) throw new Error('the task of the process did not appear');
    await lg.agent.post(`/api/tasks/${taskId}/claim`).set('x-csrf-token', lg.csrf).expect(200);
    await lg.agent
      .put(`/api/tasks/${taskId}/draft`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: { recordedBy: 'LGHA' } })
      .expect(200);
    await lg.agent
      .post(`/api/persons/${haddad.id}/notes`)
      .set('x-csrf-token', lg.csrf)
      .send({ text: 'Telefonat: Zahnarzttermin am Montag.' })
      .expect(201);
    await lg.agent
      .post(`/api/persons/${haddad.id}/follow-ups`)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'LG', dueOn: '2099-01-15', reason: 'Kostenübernahme prüfen' })
      .expect(201);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('exports every kind of data about the person as a JSON file, and nothing about the other household member', async () => {
    const res = await agents['tl.abh'].agent
      .get(`/api/privacy/persons/${haddad.id}/access-export`)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="auskunft-${haddad.fileNumber}.json"`,
    );
    const text = res.body as string;
    const data = JSON.parse(text) as ExportBody;
    expect(data.format).toBe('mia-auskunft-art15/1');
    expect(data.person).toMatchObject({
      id: haddad.id,
      fileNumber: haddad.fileNumber,
      familyName: 'Haddad',
      givenNames: 'Mohammed',
      nameVariants: ['Muhammad Hadad'],
      dateOfBirth: '1988-02-29',
      azrNumber: 'AZR-551234',
      bamfFileNumber: '7712345-475',
      vulnerabilities: ['illness'],
    });
    expect(data.household).toMatchObject({
      reference: 'ZUW-2026-0815',
      address: 'Lindenweg 7, 06618 Naumburg (Saale)',
      otherMembers: 1,
    });
    expect(data.statusEpisodes).toEqual([
      expect.objectContaining({ type: 'Aufenthaltsgestattung', legalBasis: '§ 55 AsylG' }),
    ]);
    expect(data.domainEvents.map((e) => e.type)).toContain('StatusEpisodeStarted');
    expect(data.processes).toEqual([
      expect.objectContaining({
        processInstanceKey: processKey,
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        state: 'ACTIVE',
        variablesSource: 'engine',
        variables: expect.objectContaining({
          personId: haddad.id,
          caseId: haddad.fileNumber,
          requestType: 'Krankenhilfe',
        }),
      }),
    ]);
    expect(data.tasks).toEqual([
      expect.objectContaining({
        name: 'Antrag entgegennehmen und Bedarf erfassen',
        draft: { recordedBy: 'LGHA' },
        variables: expect.objectContaining({ personId: haddad.id }),
      }),
    ]);
    expect(data.notes).toEqual([expect.objectContaining({ text: 'Telefonat: Zahnarzttermin am Montag.' })]);
    expect(data.followUps).toEqual([
      expect.objectContaining({
        reason: 'Kostenübernahme prüfen',
        events: [expect.objectContaining({ kind: 'created' })],
      }),
    ]);
    expect(data.documents).toHaveLength(1);
    const [doc] = data.documents;
    expect(doc).toMatchObject({ id: documentId, title: expect.any(String) });
    const pdf = Buffer.from(doc.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(doc.sha256);
    expect(data.otherRecords).toEqual(
      expect.arrayContaining([
        {
          table: 'register_request',
          rows: [expect.objectContaining({ person_id: haddad.id, purpose: 'Identitätsprüfung im Test' })],
        },
      ]),
    );
    // the audit trail: the case file reads, the note, the process start, the task's draft
    const actions = data.auditEntries.map((e) => `${e.resourceType}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['person:read', 'case-note:create', 'process-instance:engine.start']),
    );
    expect(data.engineSource).toBe('engine');
    // nothing of the other household member
    for (const other of [
      schneider.id,
      schneider.fileNumber,
      'Schneiderowa',
      '1990-06-15',
      'AZR-999888',
      'Duldung',
    ])
      expect(text).not.toContain(other);
  });

  it('leaves out the other members of a household process (a Zuweisung), keeping the person’s own entry', async () => {
    const tl = agents['tl.abh'];
    await app.get(ZeebeService).client.publishMessage({
      name: 'Zuweisung',
      correlationKey: 'ZASt-ACCESS-1',
      timeToLive: 60_000,
      variables: {
        zuweisung: {
          reference: 'ZASt-ACCESS-1',
          arrivalDate: new Date().toISOString().slice(0, 10),
          municipality: 'Zeitz',
          receptionCentreSince: '2026-06-03',
          persons: [
            {
              familyName: 'Wardak',
              givenNames: 'Farida',
              dateOfBirth: '1991-05-06',
              sex: 'female',
              nationalities: ['AFG'],
              entryDate: '2026-06-01',
              role: 'applicant',
            },
            {
              familyName: 'Wardak',
              givenNames: 'Jawid',
              dateOfBirth: '1989-09-10',
              sex: 'male',
              nationalities: ['AFG'],
              entryDate: '2026-06-01',
              role: 'spouse',
            },
          ],
        },
      },
    });
    let spouse: { id: string } | undefined;
    for (let i = 0; i < 300 && !spouse; i++) {
      const hits = (await tl.agent.get('/api/persons').query({ q: 'Jawid Wardak' }).expect(200)).body as {
        id: string;
        givenNames: string;
      }[];
      spouse = hits.find((h) => h.givenNames === 'Jawid');
      if (!spouse) await new Promise((r) => setTimeout(r, 100));
    }
    if (!spouse) throw new Error('the Zuweisung was not imported');
    let data: ExportBody | undefined;
    for (let i = 0; i < 300; i++) {
      data = (await tl.agent.get(`/api/privacy/persons/${spouse.id}/access-export`).expect(200))
        .body as ExportBody;
      if (data.tasks.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(data?.processes).toEqual([
      expect.objectContaining({ bpmnProcessId: 'arrival-reception', state: 'ACTIVE' }),
    ]);
    expect(data?.tasks.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    // the spouse's own entry of the Zuweisung is there, the applicant's is not
    expect(text).toContain('1989-09-10');
    expect(text).toContain('Angaben zu einer anderen Person (Art. 15 Abs. 4 DSGVO)');
    expect(text).not.toContain('Farida');
    expect(text).not.toContain('1991-05-06');
  });

  it('exports a readable German PDF that names the person', async () => {
    const res = await agents.admin.agent
      .get(`/api/privacy/persons/${haddad.id}/access-export.pdf`)
      .buffer(true)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="auskunft-${haddad.fileNumber}.pdf"`,
    );
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Auskunft nach Art. 15 DSGVO');
    expect(text).toContain('Haddad');
    expect(text).toContain('Muhammad Hadad');
    expect(text).toContain('29.02.1988');
    expect(text).toContain('Aufenthaltsgestattung');
    expect(text).toContain('Bildung und Teilhabe / Krankenhilfe');
    expect(text).toContain('Kostenübernahme prüfen');
    expect(text).toContain('Zugriffsprotokoll');
    expect(text).not.toContain('Schneiderowa');
  });

  it('refuses roles and units that may not export (403), unknown persons (404) and requests without a session (401)', async () => {
    const url = `/api/privacy/persons/${haddad.id}/access-export`;
    for (const username of ['sb.lg', 'qs.mia']) {
      await agents[username].agent.get(url).expect(403);
      await agents[username].agent.get(`${url}.pdf`).expect(403);
    }
    // a team lead of a unit that does not work on the person
    const refused = await agents['tl.bs'].agent.get(url).expect(403);
    expect(refused.body).toMatchObject({
      code: 'ACCESS_EXPORT_FORBIDDEN',
      message: expect.stringMatching(/Art\. 15/),
    });
    await agents['tl.bs'].agent.get(`${url}.pdf`).expect(403);
    await agents.admin.agent
      .get('/api/privacy/persons/00000000-0000-4000-8000-000000000000/access-export')
      .expect(404);
    const malformed = await agents.admin.agent
      .get('/api/privacy/persons/kein-uuid/access-export')
      .expect(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(malformed.body)).toContain('keine gültige Kennung');
    await request(app.getHttpServer()).get(url).expect(401);
  });

  it('records every export in the audit trail, and the refused attempt', async () => {
    const res = await agents['qs.mia'].agent
      .get('/api/audit')
      .query({ person: haddad.id, aktion: 'access-export' })
      .expect(200);
    const items = (
      res.body as {
        items: { actor: string; outcome: string; resourceId: string; details: Record<string, unknown> }[];
      }
    ).items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'tl.abh',
          outcome: 'success',
          resourceId: haddad.id,
          details: expect.objectContaining({ format: 'json', tasks: 1, documents: 1 }),
        }),
        expect.objectContaining({
          actor: 'admin',
          outcome: 'success',
          details: expect.objectContaining({ format: 'pdf' }),
        }),
        expect.objectContaining({
          actor: 'tl.bs',
          outcome: 'denied',
          details: expect.objectContaining({ code: 'ACCESS_EXPORT_FORBIDDEN' }),
        }),
      ]),
    );
    // no names in the trail
    expect(JSON.stringify(items)).not.toContain('Haddad');
  });

  it('shows the button "Auskunft nach Art. 15 DSGVO" on the person page to those who may export', async () => {
    const page = await agents['tl.abh'].agent.get(`/personen/${haddad.id}`).expect(200);
    expect(page.text).toContain('Auskunft nach Art. 15 DSGVO');
    expect(page.text).toContain(`action="/api/privacy/persons/${haddad.id}/access-export.pdf"`);
    expect(page.text).toContain(`href="/api/privacy/persons/${haddad.id}/access-export"`);
    const caseworker = await agents['sb.lg'].agent.get(`/personen/${haddad.id}`).expect(200);
    expect(caseworker.text).not.toContain('Auskunft nach Art. 15 DSGVO');
  });
});
