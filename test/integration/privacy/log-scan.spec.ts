/**
 * Logs never contain personal data (issue 7 § 2): the whole platform at LOG_LEVEL=debug (MikroORM query
 * logging, the Zeebe client's debug output, the embedded engine, the task collector and every worker)
 * runs a scenario through the real engine — a Zuweisung of a family imported by the ABH workers, a
 * Krankenhilfe request through claim, draft, completion, the workers' check and a refusal notice, the
 * intake search by name, date of birth and AZR number, the person page, notes, Wiedervorlagen, the
 * access export, failed sign-ins, refused and invalid requests — and every line the platform logged
 * (through its logger and anything written to stdout, stderr or the console) is scanned for the test
 * persons' names, spelling variants, dates of birth, AZR numbers, BAMF and local file numbers.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

interface TaskItem {
  id: string;
  name: string;
  elementId: string;
  processInstanceKey: string;
  variables?: Record<string, unknown>;
}

/** the family of the Zuweisung: imported as persons by the arrival workers */
const FAMILY = {
  reference: 'ZASt-LOGSCAN-1',
  municipality: 'Zeitz',
  receptionCentreSince: '2026-06-03',
  persons: [
    {
      familyName: 'Qaderyan',
      givenNames: 'Zuleikha',
      nameVariants: ['Zulaikha Kaderian'],
      dateOfBirth: '1986-11-23',
      sex: 'female',
      nationalities: ['AFG'],
      language: 'fa',
      entryDate: '2026-06-02',
      asylumApplicationDate: '2026-06-03',
      role: 'applicant',
    },
    {
      familyName: 'Qaderyan',
      givenNames: 'Baryalai',
      dateOfBirth: '1984-03-17',
      sex: 'male',
      nationalities: ['AFG'],
      entryDate: '2026-06-02',
      role: 'spouse',
    },
  ],
};

/** the person created at the intake: every identifying value is unusual enough to be found in a log */
const INTAKE = {
  familyName: 'Xhaferovic',
  givenNames: 'Dzenana',
  nameVariants: ['Djenana Djaferovitsch'],
  dateOfBirth: '1979-08-14',
  nationalities: ['BIH'],
  azrNumber: 'AZR418273645',
  bamfFileNumber: '8836152-133',
};

describe('logs of a full scenario contain no personal data', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let agents: Record<string, SignedInAgent>;
  const lines: string[] = [];
  const outside: string[] = [];
  const restore: (() => void)[] = [];
  let intakeId = '';
  let intakeFileNumber = '';
  const familyFileNumbers: string[] = [];

  /** everything written to stdout, stderr or the console while the platform runs */
  function captureOutside(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      const forward = original.bind(stream) as (...args: unknown[]) => boolean;
      stream.write = (chunk: unknown, ...rest: unknown[]) => {
        outside.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
        return forward(chunk, ...rest);
      };
      restore.push(() => (stream.write = original));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        outside.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      };
      restore.push(() => (console[method] = original));
    }
  }

  beforeAll(async () => {
    captureOutside();
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url, logLines: lines, env: { LOG_LEVEL: 'debug' } });
    agents = await createSignedInUsers(app, [
      { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', units: ['ABH'] },
      { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
      { username: 'sb.lg2', displayName: 'Zweite Sachbearbeitung LG', units: ['LG'] },
      { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
      { username: 'tl.abh', displayName: 'Teamleitung ABH', units: ['ABH'], roles: ['team-lead'] },
    ]);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    for (const undo of restore.reverse()) undo();
  }, 60_000);

  async function waitForTask(
    agent: SignedInAgent,
    find: (items: TaskItem[]) => TaskItem | undefined,
    what: string,
  ): Promise<TaskItem> {
    for (let i = 0; i < 600; i++) {
      const res = await agent.agent.get('/api/tasks').query({ view: 'unit', pageSize: 200 }).expect(200);
      const found = find((res.body as { items: TaskItem[] }).items);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${what} did not appear`);
  }

  async function complete(
    agent: SignedInAgent,
    taskId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await agent.agent.post(`/api/tasks/${taskId}/claim`).set('x-csrf-token', agent.csrf).expect(200);
    const done = await agent.agent
      .post(`/api/tasks/${taskId}/complete`)
      .set('x-csrf-token', agent.csrf)
      .send({ data });
    expect({ status: done.status, body: done.status === 200 ? 'ok' : done.body }).toEqual({
      status: 200,
      body: 'ok',
    });
  }

  it('runs the scenario', async () => {
    const abh = agents['sb.abh'];
    const lg = agents['sb.lg'];
    const server = app.getHttpServer();

    // failed sign-ins: a wrong password, an unknown user typing a person's name, a malformed body
    await request(server)
      .post('/api/auth/login')
      .send({ username: 'sb.abh', password: 'falsch-falsch' })
      .expect(401);
    await request(server)
      .post('/api/auth/login')
      .send({ username: 'dzenana.xhaferovic', password: INTAKE.dateOfBirth })
      .expect(401);
    await request(server).post('/anmelden').type('form').send({ username: 'Xhaferovic', password: 'x' });

    // the Zuweisung: the ABH workers import the family as persons
    await app.get(ZeebeService).client.publishMessage({
      name: 'Zuweisung',
      correlationKey: FAMILY.reference,
      variables: { zuweisung: { ...FAMILY, arrivalDate: new Date().toISOString().slice(0, 10) } },
      timeToLive: 60_000,
    });
    const azrTask = await waitForTask(
      abh,
      (items) => items.find((t) => t.elementId === 'Task_AzrAuskunftErfassen'),
      'AZR-Auskunft',
    );
    await complete(abh, azrTask.id, {
      azrNumber: '998877665544',
      azrRecordFound: true,
      azrPersonalDataMatch: true,
      azrFurtherRecords: false,
    });

    // intake: create, search by name, variant, date of birth and AZR number (API and page)
    const created = await abh.agent
      .post('/api/persons')
      .set('x-csrf-token', abh.csrf)
      .send(INTAKE)
      .expect(201);
    intakeId = (created.body as { id: string }).id;
    intakeFileNumber = (created.body as { fileNumber: string }).fileNumber;
    for (const q of [
      'Xhaferovic Dzenana',
      'Djenana Djaferovitsch',
      '14.08.1979',
      INTAKE.azrNumber,
      intakeFileNumber,
    ])
      await abh.agent.get('/api/persons').query({ q }).expect(200);
    await abh.agent.get('/eingang').query({ q: 'Dzenana Xaferovic' }).expect(200);
    await abh.agent.get('/eingang').query({ name: 'Qaderyan', geburtsdatum: '23.11.1986' }).expect(200);
    await abh.agent
      .post('/api/persons')
      .set('x-csrf-token', abh.csrf)
      .send({ ...INTAKE, dateOfBirth: '14.08.1979' })
      .expect(400);

    // a Krankenhilfe request through the LG workers to the refusal notice (no AsylbLG benefits)
    const started = await lg.agent
      .post(`/api/persons/${intakeId}/processes`)
      .set('x-csrf-token', lg.csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'Krankenhilfe' } })
      .expect(201);
    const key = (started.body as { processInstanceKey: string }).processInstanceKey;
    const request1 = await waitForTask(
      lg,
      (items) => items.find((t) => t.processInstanceKey === key && t.elementId === 'Task_AntragErfassen'),
      'Antrag erfassen',
    );
    await lg.agent
      .put(`/api/tasks/${request1.id}/draft`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: { recordedBy: 'SB1', practiceName: 'Praxis Xhaferovic' } })
      .expect(200);
    await lg.agent
      .post(`/api/tasks/${request1.id}/complete`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: { recordedBy: 'Xhaferovic Dzenana', requestType: 'Zahnersatz' } })
      .expect((res) => expect([403, 409, 422]).toContain(res.status));
    await complete(lg, request1.id, {
      recordedBy: 'SB1',
      requestType: 'Krankenhilfe',
      requestReceivedOn: new Date().toISOString().slice(0, 10),
      treatmentType: 'acute',
      practiceName: 'Praxis Dr. Xhaferovic',
    });
    const approval = await waitForTask(
      agents['sb.lg2'],
      (items) => items.find((t) => t.processInstanceKey === key && t.elementId === 'Task_Freigeben'),
      'Freigabe',
    );
    await complete(agents['sb.lg2'], approval.id, { approvedBy: 'ZP2', approvalDecision: 'approved' });
    let documents: { id: string; url: string }[] = [];
    for (let i = 0; i < 300 && documents.length === 0; i++) {
      documents = (
        (await lg.agent.get(`/api/persons/${intakeId}`).expect(200)).body as { documents: typeof documents }
      ).documents;
      if (!documents.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(documents.length).toBeGreaterThan(0);
    await lg.agent.get(documents[0].url).expect(200);

    // the case file: page, note, Wiedervorlage, refused and invalid requests, the access export
    await lg.agent.get(`/personen/${intakeId}`).expect(200);
    await lg.agent
      .post(`/api/persons/${intakeId}/notes`)
      .set('x-csrf-token', lg.csrf)
      .send({ text: 'Frau Xhaferovic hat am 14.08.1979 Geburtstag, AZR418273645.' })
      .expect(201);
    await lg.agent
      .post(`/api/persons/${intakeId}/notes`)
      .set('x-csrf-token', lg.csrf)
      .send({ text: `Xhaferovic ${'x'.repeat(6000)}` })
      .expect(400);
    await lg.agent
      .post(`/api/persons/${intakeId}/follow-ups`)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'LG', dueOn: '2099-03-01', reason: 'Xhaferovic: Zahnersatz nachfragen' })
      .expect(201);
    await agents['sb.bs'].agent.get(`/api/persons/${intakeId}`).expect(403);
    await agents['sb.bs'].agent.get(`/personen/${intakeId}`).expect(403);
    await lg.agent.post(`/api/persons/${intakeId}/notes`).send({ text: 'Xhaferovic ohne Token' }).expect(403);
    await agents['tl.abh'].agent.get(`/api/privacy/persons/${intakeId}/access-export`).expect(200);
    await agents['tl.abh'].agent.get(`/api/privacy/persons/${intakeId}/access-export.pdf`).expect(200);
    await lg.agent.get(`/api/privacy/persons/${intakeId}/access-export`).expect(403);
    // the Zuweisung's persons in the ABH list and case files
    const family = (await abh.agent.get('/api/persons').query({ q: 'Qaderyan' }).expect(200)).body as {
      id: string;
      fileNumber: string;
    }[];
    expect(family.length).toBe(2);
    familyFileNumbers.push(...family.map((p) => p.fileNumber));
    for (const p of family) await abh.agent.get(`/personen/${p.id}`).expect(200);
  }, 300_000);

  it('logged at debug level, and no line names a test person or their numbers', () => {
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    const secrets = [
      INTAKE.familyName,
      INTAKE.givenNames,
      ...INTAKE.nameVariants.flatMap((v) => v.split(' ')),
      INTAKE.dateOfBirth,
      '14.08.1979',
      INTAKE.azrNumber,
      INTAKE.bamfFileNumber,
      intakeFileNumber,
      ...familyFileNumbers,
      'Qaderyan',
      'Zuleikha',
      'Baryalai',
      'Kaderian',
      '1986-11-23',
      '23.11.1986',
      '1984-03-17',
      '998877665544',
    ];
    expect(intakeFileNumber).toMatch(/^MIA-/);
    const found: string[] = [];
    for (const line of [...lines, ...outside]) {
      const lower = line.toLowerCase();
      for (const secret of secrets)
        if (lower.includes(secret.toLowerCase())) found.push(`${secret} in: ${line.slice(0, 300)}`);
    }
    expect(found).toEqual([]);
  });
});
