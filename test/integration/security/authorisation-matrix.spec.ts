/**
 * The authorisation matrix (issue 7 § 4): every HTTP route the application registers (read from
 * Express's router after app.init(), not from a hand list) is checked against its declared policy in
 * route-policies.ts. A route without a policy fails. For each route every principal (all roles, users
 * of the resource's unit, of the intake unit and of another unit, and no session) is tried: the allowed
 * ones must succeed, the others must be refused (401/403/404, pages without a session: redirect to
 * /anmelden) — never 200, never 500. The seeded person, task, document and Wiedervorlage belong to the
 * LG, so the caseworker of another unit asking for them by id is the IDOR probe. The figures go to
 * /tmp/authz-report.txt and the console.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { GeneratedDocument } from '../../../src/documents/generated-document.entity';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser, type UserOverrides } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';
import {
  FORM_ID,
  LOGIN_PASSWORD,
  LOGIN_USER,
  MIDDLEWARE_MOUNTS,
  PRINCIPALS,
  ROUTE_POLICIES,
  type MatrixContext,
  type Principal,
  registeredRoutes,
  type RegisteredRoute,
  type RoutePolicy,
  type RouteRequest,
} from './route-policies';

const ROOT = join(__dirname, '..', '..', '..');
const USERS: Record<Exclude<Principal, 'anonym'>, UserOverrides> = {
  'sb.abh': { roles: ['caseworker'], units: ['ABH'] },
  'sb.lg': { roles: ['caseworker'], units: ['LG'] },
  'sb.uv': { roles: ['caseworker'], units: ['UV'] },
  'tl.lg': { roles: ['team-lead', 'caseworker'], units: ['LG'] },
  pv: { roles: ['process-manager'], units: [] },
  qs: { roles: ['quality'], units: [] },
  admin: { roles: ['admin'], units: [] },
};
const LG_PROCESS = 'authz-lg-task';
/** the guard's refusals: an allowed principal must never get one of these */
const REFUSAL_CODES = /^(UNAUTHENTICATED|FORBIDDEN|CSRF_TOKEN_INVALID|[A-Z_]*_FORBIDDEN)$/;

interface Check {
  name: string;
  policy: RoutePolicy;
  route: RegisteredRoute;
}

describe('authorisation matrix over every route', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const agents = {} as Record<Exclude<Principal, 'anonym'>, SignedInAgent>;
  let ctx: MatrixContext;

  const server = () => app.getHttpServer() as Parameters<typeof request>[0];

  async function waitForTask(processInstanceKey: string, process: string): Promise<string> {
    // the task collector may need a while when the machine is busy (CI runs two suites at once)
    for (const until = Date.now() + 180_000; Date.now() < until;) {
      const res = await agents['sb.lg'].agent
        .get('/api/tasks')
        .query({ view: 'unit', process, pageSize: 200 })
        .expect(200);
      const found = (res.body as { items: { id: string; processInstanceKey: string }[] }).items.find(
        (t) => t.processInstanceKey === processInstanceKey,
      );
      if (found) return found.id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no task for instance ${processInstanceKey}`);
  }

  async function api(who: Exclude<Principal, 'anonym'>, method: 'post' | 'put', path: string, body: object) {
    const { agent, csrf } = agents[who];
    const res = await agent[method](path).set('x-csrf-token', csrf).send(body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({
      databaseUrl: db.url,
      env: { RATE_LIMIT_SIGN_IN: '10000', RATE_LIMIT_API: '100000' },
    });
    for (const [username, user] of Object.entries(USERS)) await createUser(app, { username, ...user });
    await createUser(app, { username: LOGIN_USER, password: LOGIN_PASSWORD, units: ['UV'] });
    for (const username of Object.keys(USERS) as (keyof typeof USERS)[]) {
      agents[username] = await signedIn(app, username);
    }
    await deployUserTaskProcess(
      app,
      LG_PROCESS,
      userTaskProcess(LG_PROCESS, [{ id: 'pruefen', name: 'Antrag prüfen', candidateGroups: 'LG' }]),
    );

    const person = async (familyName: string) =>
      (
        await api('sb.abh', 'post', '/api/persons', {
          familyName,
          givenNames: 'Amal',
          dateOfBirth: '1990-01-02',
        })
      ).id as string;
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const personLg = await person('Matrixperson');
    const personSpare = await person('Matrixreserve');
    const started = await api('sb.abh', 'post', `/api/persons/${personLg}/processes`, {
      bpmnProcessId: 'asylblg-benefits',
      variables: { needKnownOn: '2026-11-02' },
    });
    const instanceLg = started.processInstanceKey as string;
    const taskLg = await waitForTask(instanceLg, 'asylblg-benefits');
    const orm = app.get(MikroORM);
    const documentLg = await RequestContext.create(orm.em.fork(), async () => {
      const doc = orm.em.create(GeneratedDocument, {
        templateId: 'matrix-test',
        title: 'Bescheid (Matrix)',
        unit: 'LG',
        personId: personLg,
        caseId: 'MIA-2026-000001',
        html: '<p>Bescheid</p>',
        pdf: Buffer.from('%PDF-1.4\n%%EOF\n'),
        sha256: '0'.repeat(64),
        htmlSha256: '0'.repeat(64),
        idempotencyKey: `matrix-${Date.now()}`,
      });
      await orm.em.flush();
      return doc.id;
    });
    const followUp = async () =>
      (
        await api('sb.lg', 'post', `/api/persons/${personLg}/follow-ups`, {
          unit: 'LG',
          dueOn: later,
          reason: 'Einkommensnachweis anfordern',
        })
      ).id as string;
    const followUpLg = await followUp();

    const freshLgTask = async () => {
      const created = await app
        .get(ZeebeService)
        .client.createProcessInstance({ bpmnProcessId: LG_PROCESS, variables: {} });
      return waitForTask(String(created.processInstanceKey), LG_PROCESS);
    };
    const formFile = readFileSync(join(ROOT, 'forms', `${FORM_ID}.form`), 'utf8');
    let edits = 0;
    const changedFormContent = () => {
      edits += 1;
      const schema = JSON.parse(formFile) as { components: { label?: string }[] };
      const field = schema.components.find((c) => typeof c.label === 'string');
      if (field) field.label = `${field.label} (Fassung ${edits})`;
      return Promise.resolve(JSON.stringify(schema, null, 2));
    };
    let imports = 0;
    let days = 0;
    let persons = 0;
    ctx = {
      personLg,
      instanceLg,
      taskLg,
      documentLg,
      followUpLg,
      later,
      dayAhead() {
        days += 1;
        return new Date(Date.now() + (30 + days) * 86_400_000).toISOString().slice(0, 10);
      },
      freshPerson: () => person(`Matrixeingang${(persons += 1)}`),
      freshLgTask,
      async freshLgTaskClaimedBy(who) {
        const id = await freshLgTask();
        await api(who as keyof typeof USERS, 'post', `/api/tasks/${id}/claim`, {});
        return id;
      },
      async freshInstance() {
        const res = await api('sb.abh', 'post', `/api/persons/${personSpare}/processes`, {
          bpmnProcessId: 'asylblg-benefits',
          variables: { needKnownOn: '2026-11-02' },
        });
        return res.processInstanceKey as string;
      },
      freshFollowUp: followUp,
      async freshFormDraft(submitted) {
        const saved = await api('pv', 'post', `/api/modeler/resources/form/${FORM_ID}/versions`, {
          content: await changedFormContent(),
          comment: 'Matrix',
        });
        const n = saved.number as number;
        if (submitted) {
          await api('pv', 'post', `/api/modeler/resources/form/${FORM_ID}/versions/${n}/submit`, {
            reason: 'Neue Rechtslage',
          });
        }
        return n;
      },
      changedFormContent,
      importableForm() {
        imports += 1;
        const id = `authz-import-${imports}`;
        return {
          fileName: `${id}.form`,
          content: JSON.stringify({
            id,
            type: 'default',
            schemaVersion: 16,
            components: [{ type: 'textfield', key: 'bemerkung', label: 'Bemerkung', id: 'Field_1' }],
          }),
        };
      },
      lintableBpmn: readFileSync(join(ROOT, 'processes', 'asylblg-benefits.bpmn'), 'utf8'),
    };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has a declared policy for every registered route, and no policy for a route that is gone', () => {
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(90);
    const keys = new Set(routes.map((r) => r.key));
    const declared = new Set(Object.entries(ROUTE_POLICIES).map(([name, policy]) => policy.route ?? name));
    const withoutPolicy = routes
      .filter((r) => !(r.method === 'ALL' ? MIDDLEWARE_MOUNTS[r.path] : declared.has(r.key)))
      .map((r) => `${r.key}: no policy`);
    const stale = [...declared]
      .filter((k) => !keys.has(k))
      .map((k) => `${k}: policy for a route the app does not register`);
    expect([...withoutPolicy, ...stale]).toEqual([]);
  });

  it('lets every allowed principal in and refuses every other one, on every route', async () => {
    const registered = new Map(registeredRoutes(app).map((r) => [r.key, r]));
    const checks = Object.entries(ROUTE_POLICIES)
      .map(([name, policy]) => ({ name, policy, route: registered.get(policy.route ?? name) }))
      .filter((c): c is Check => c.route !== undefined);
    const failures: string[] = [];
    let combinations = 0;
    let refusalsTried = 0;
    let idorTried = 0;

    const freshAgent = async (who: Principal): Promise<{ agent: request.Agent; csrf?: string }> => {
      if (who !== 'anonym') return signedIn(app, who);
      const agent = request.agent(server());
      const page = await agent.get('/anmelden');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      return { agent, csrf };
    };

    const send = async ({ name, route, policy }: Check, who: Principal): Promise<void> => {
      const allowed = policy.allow === 'public' || policy.allow.includes(who);
      let req: RouteRequest;
      try {
        req = await policy.request(ctx, who, allowed);
      } catch (error) {
        failures.push(`${name} as ${who}: fixture failed: ${(error as Error).message}`);
        return;
      }
      const session = policy.freshSession
        ? await freshAgent(who)
        : who === 'anonym'
          ? { agent: request(server()), csrf: undefined }
          : agents[who];
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
      let call = session.agent[method](req.path).redirects(0);
      if (req.query) call = call.query(req.query);
      if (route.method !== 'GET' && session.csrf) call = call.set('x-csrf-token', session.csrf);
      if (req.form) call = call.type('form');
      const res = route.method === 'GET' ? await call : await call.send(req.body ?? {});
      combinations += 1;
      if (!allowed) refusalsTried += 1;
      if (!allowed && policy.resource && policy.resource !== 'none' && who !== 'anonym') idorTried += 1;
      const location = String(res.headers.location ?? '');
      const toSignIn = (res.status === 302 || res.status === 303) && location.startsWith('/anmelden');
      const code = (res.body as { code?: string } | undefined)?.code ?? '';
      const seen = `${res.status}${code ? ` ${code}` : ''}${location ? ` → ${location}` : ''}${
        res.status >= 400 && res.body?.message ? ` (${String(res.body.message).slice(0, 160)})` : ''
      }`;
      if (allowed) {
        const ok =
          (res.status >= 200 && res.status < 300) ||
          (res.status >= 300 && res.status < 400 && !toSignIn) ||
          (policy.alsoOk?.statuses.includes(res.status) && !REFUSAL_CODES.test(code));
        const signedOut =
          policy.signsOut && toSignIn && (await session.agent.get('/api/auth/me')).status === 401;
        if (!ok && !signedOut) failures.push(`${name} as ${who}: allowed, but got ${seen}`);
      } else {
        const refused = [401, 403, 404].includes(res.status) || (who === 'anonym' && toSignIn);
        if (!refused) failures.push(`${name} as ${who}: must be refused, but got ${seen}`);
      }
    };

    const reads = checks.filter((c) => c.route.method === 'GET' && !c.policy.freshSession);
    const writes = checks.filter((c) => !reads.includes(c));
    // reads: all principals at once, a few routes at a time
    for (let i = 0; i < reads.length; i += 4) {
      await Promise.all(reads.slice(i, i + 4).flatMap((check) => PRINCIPALS.map((who) => send(check, who))));
    }
    // writes: one after the other, the refused principals first (they must leave the record as it is)
    for (const check of writes) {
      const { allow } = check.policy;
      const isAllowed = (who: Principal) => allow === 'public' || allow.includes(who);
      for (const who of [...PRINCIPALS.filter((w) => !isAllowed(w)), ...PRINCIPALS.filter(isAllowed)]) {
        await send(check, who);
      }
    }
    const routes = new Set(checks.map((c) => c.route.key));

    const report = [
      `authorisation matrix (${new Date().toISOString()})`,
      `routes covered: ${routes.size} of ${[...registered.values()].filter((r) => r.method !== 'ALL').length} handler routes registered (${checks.length} policies: ${reads.length} reads, ${writes.length} state-changing)`,
      `principals: ${PRINCIPALS.join(', ')}`,
      `combinations tried: ${combinations} (refusals expected: ${refusalsTried}, of them another unit's or role's id on a resource route: ${idorTried})`,
      `failures: ${failures.length}`,
      ...failures.map((f) => `  ${f}`),
    ].join('\n');
    writeFileSync('/tmp/authz-report.txt', `${report}\n`);
    console.log(report);
    expect(failures).toEqual([]);
  }, 600_000);
});
