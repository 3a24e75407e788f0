/**
 * Sign-in and roles (issue 4 § 1) on the booted platform and real PostgreSQL: local accounts with
 * argon2id, lock-out, the session cookie, CSRF, the global guard and the demo users.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Body, Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import request from 'supertest';
import type { Actor } from '../../../src/auth/actor';
import { CurrentUser, Public, Roles } from '../../../src/auth/auth.decorators';
import { trustProxySetting } from '../../../src/auth/auth.module';
import { AuthService } from '../../../src/auth/auth.service';
import { DEMO_PASSWORD, DemoUsersService, demoUsers } from '../../../src/auth/demo-users.service';
import { hashPassword, verifyPassword } from '../../../src/auth/password.hasher';
import { PgSessionStore } from '../../../src/auth/pg-session.store';
import { UsersRepository } from '../../../src/auth/users.repository';
import { AppModule } from '../../../src/app.module';
import { configureApp } from '../../../src/app.setup';
import { JsonLogger } from '../../../src/common/logging/json-logger';
import { AppConfig, loadConfig } from '../../../src/config/app.config';
import { ViewsService } from '../../../src/web/views.service';
import { INTAKE_VIEW_FIXTURE, PERSON_VIEW_FIXTURE } from '../../factories/case-pages.fixtures';
import { FOLLOW_UPS_VIEW_FIXTURE } from '../../factories/follow-ups.fixtures';
import { DEADLINES_VIEW_FIXTURE } from '../deadlines/deadlines-view.fixture';
import { NOTIFICATIONS_VIEW_FIXTURE } from '../notifications/notifications-view.fixture';
import { MODELER_VIEW_FIXTURES } from '../../factories/modeler-pages.fixtures';
import {
  TASK_ERROR_VIEW_FIXTURE,
  TASK_LIST_VIEW_FIXTURE,
  TASK_VIEW_FIXTURE,
  TEAM_VIEW_FIXTURE,
} from '../../factories/task-pages.fixtures';
import { createUser, TEST_PASSWORD } from '../../factories/user.factory';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { AUDIT_VIEW_FIXTURE } from '../../factories/audit-pages.fixtures';
import { OPERATIONS_VIEW_FIXTURES } from '../../factories/operations-pages.fixtures';
import { ANALYTICS_VIEW_FIXTURES } from '../analytics/analytics-pages.fixtures';
import { STATISTICS_VIEW_FIXTURE } from '../statistics/statistics-view.fixture';

class NoteDto {
  @IsString()
  text!: string;
}

/** routes only this spec has: a page, a role-restricted API and a state-changing API */
@Controller()
class ProbeController {
  @Get('probe/seite')
  page(@CurrentUser() actor: Actor): string {
    return `Seite für ${actor.username}`;
  }

  @Get('api/probe/leitung')
  @Roles('team-lead', 'admin')
  lead(@CurrentUser() actor: Actor): { username: string } {
    return { username: actor.username };
  }

  @Post('api/probe/notiz')
  note(@CurrentUser() actor: Actor, @Body() body: NoteDto): { by: string; text: string } {
    return { by: actor.username, text: body.text };
  }

  @Get('api/probe/offen')
  @Public()
  open(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const cookieOf = (res: request.Response): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('mia.sid='));

const sidOf = (cookie: string | undefined): string | undefined =>
  cookie
    ? decodeURIComponent(cookie.split(';')[0].slice('mia.sid='.length)).replace(/^s:/, '').split('.')[0]
    : undefined;

/** the hidden _csrf field of the sign-in page */
const formToken = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('sign-in and roles', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let orm: MikroORM;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'debug', TRUST_PROXY: 'loopback' });
    const logger = new JsonLogger('debug', undefined, (line) => logLines.push(line));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config), ProbeModule] })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ logger });
    configureApp(app, logger);
    await app.init();
    orm = app.get(MikroORM);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const sql = <T>(query: string, params: unknown[] = []) =>
    orm.em.getConnection().execute<T[]>(query, params);

  /** an agent signed in through the JSON API, with its CSRF token */
  async function signedIn(username: string, password = TEST_PASSWORD) {
    const agent = request.agent(app.getHttpServer());
    const res = await agent.post('/api/auth/login').send({ username, password }).expect(200);
    return { agent, csrf: (res.body as { csrfToken: string }).csrfToken, res };
  }

  describe('passwords', () => {
    it('are stored as argon2id hashes, never as the password', async () => {
      const user = await createUser(app, { password: 'Sehr-geheim-42' });
      const [row] = await sql<{ password_hash: string }>(`select password_hash from app_user where id = ?`, [
        user.id,
      ]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain('Sehr-geheim-42');
      expect(await verifyPassword(row.password_hash, 'Sehr-geheim-42')).toBe(true);
      expect(await verifyPassword(row.password_hash, 'sehr-geheim-42')).toBe(false);
      // a fresh salt every time
      expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
    });
  });

  describe('JSON sign-in', () => {
    it('signs in, answers /api/auth/me and sets an httpOnly, SameSite=Lax session cookie', async () => {
      const user = await createUser(app, { username: 'Erika.Muster', roles: ['caseworker'], units: ['LG'] });
      const { agent, res, csrf } = await signedIn('erika.muster');
      expect(res.body).toMatchObject({
        id: user.id,
        username: 'erika.muster',
        roles: ['caseworker'],
        units: ['LG'],
      });
      expect(csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const cookie = cookieOf(res)!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      const me = await agent.get('/api/auth/me').expect(200);
      expect(me.body).toMatchObject({ id: user.id, csrfToken: csrf });
      expect(me.body).not.toHaveProperty('passwordHash');
      const [{ last_login_at }] = await sql<{ last_login_at: Date | null }>(
        `select last_login_at from app_user where id = ?`,
        [user.id],
      );
      expect(last_login_at).not.toBeNull();
    });

    it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
      await createUser(app, { username: 'tls.user' });
      const res = await http()
        .post('/api/auth/login')
        .set('x-forwarded-proto', 'https')
        .send({ username: 'tls.user', password: TEST_PASSWORD })
        .expect(200);
      expect(cookieOf(res)).toMatch(/;\s*Secure/i);
      expect(trustProxySetting('false')).toBe(false);
      expect(trustProxySetting('1')).toBe(1);
      expect(trustProxySetting('10.0.0.0/8')).toBe('10.0.0.0/8');
    });

    it('answers an unknown user and a wrong password alike (no enumeration), without a session', async () => {
      await createUser(app, { username: 'known.user' });
      const wrong = await http().post('/api/auth/login').send({ username: 'known.user', password: 'falsch' });
      const unknown = await http()
        .post('/api/auth/login')
        .send({ username: 'nobody.here', password: 'falsch' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
      expect(wrong.body.message).toBe(unknown.body.message);
      expect(cookieOf(wrong)).toBeUndefined();
      expect(cookieOf(unknown)).toBeUndefined();
    });

    it('validates the body and accepts JSON only', async () => {
      const res = await http().post('/api/auth/login').send({ username: 'x' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      await http().post('/api/auth/login').type('form').send({ username: 'x', password: 'y' }).expect(415);
    });

    it('never logs the username or the password', async () => {
      await createUser(app, { username: 'log.secret' });
      await http().post('/api/auth/login').send({ username: 'log.secret', password: 'PasswortImLog' });
      await http().post('/api/auth/login').send({ username: 'log.secret', password: TEST_PASSWORD });
      // (MikroORM's query log at LOG_LEVEL=debug is the ORM's own and off by default)
      const all = logLines.filter((l) => !l.includes('"context":"MikroORM"')).join('\n');
      expect(all).toContain('signed in');
      expect(all).not.toContain('log.secret');
      expect(all).not.toContain('PasswortImLog');
      expect(all).not.toContain(TEST_PASSWORD);
    });
  });

  describe('lock-out', () => {
    it('locks after 5 failures, refuses even the right password alike, and opens again when it expires', async () => {
      const user = await createUser(app, { username: 'lock.me' });
      for (let i = 0; i < 5; i++) {
        await http()
          .post('/api/auth/login')
          .send({ username: 'lock.me', password: `falsch${i}` })
          .expect(401);
      }
      const locked = await http()
        .post('/api/auth/login')
        .send({ username: 'lock.me', password: TEST_PASSWORD })
        .expect(401);
      expect(locked.body.code).toBe('INVALID_CREDENTIALS');
      const [row] = await sql<{ locked_until: Date }>(`select locked_until from app_user where id = ?`, [
        user.id,
      ]);
      const minutes = (new Date(row.locked_until).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(14);
      expect(minutes).toBeLessThanOrEqual(15);

      // the lock-out is over
      await sql(`update app_user set locked_until = now() - interval '1 second' where id = ?`, [user.id]);
      await signedIn('lock.me');
      const [after] = await sql<{ locked_until: Date | null; failed_attempts: number }>(
        `select locked_until, failed_attempts from app_user where id = ?`,
        [user.id],
      );
      expect(after).toEqual({ locked_until: null, failed_attempts: 0 });
    });

    it('counts failures in a row only: a success resets the count', async () => {
      const user = await createUser(app, { username: 'reset.count' });
      for (let i = 0; i < 4; i++) {
        await http()
          .post('/api/auth/login')
          .send({ username: 'reset.count', password: 'falsch' })
          .expect(401);
      }
      await signedIn('reset.count');
      await http().post('/api/auth/login').send({ username: 'reset.count', password: 'falsch' }).expect(401);
      await signedIn('reset.count');
      const [row] = await sql<{ locked_until: Date | null }>(
        `select locked_until from app_user where id = ?`,
        [user.id],
      );
      expect(row.locked_until).toBeNull();
    });

    it('refuses an inactive account alike', async () => {
      const user = await createUser(app, { username: 'inactive.user' });
      await sql(`update app_user set active = false where id = ?`, [user.id]);
      const res = await http()
        .post('/api/auth/login')
        .send({ username: 'inactive.user', password: TEST_PASSWORD })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('the sign-in page', () => {
    it('is German, accessible and public; the form signs in with a new session id and redirects', async () => {
      await createUser(app, { username: 'form.user', displayName: 'Frieda Formular' });
      const agent = request.agent(app.getHttpServer());
      const page = await agent.get('/anmelden').expect(200);
      expect(page.headers['content-type']).toMatch(/html/);
      expect(page.text).toContain('<html lang="de">');
      expect(page.text).toContain('href="#inhalt"');
      expect(page.text).toMatch(/<label for="username">Benutzername<\/label>/);
      expect(page.text).toMatch(/<label for="password">Passwort<\/label>/);
      const before = sidOf(cookieOf(page));
      expect(before).toBeDefined();

      const res = await agent
        .post('/anmelden')
        .type('form')
        .send({ _csrf: formToken(page.text), username: 'form.user', password: TEST_PASSWORD })
        .expect(303);
      expect(res.headers.location).toBe('/');
      const after = sidOf(cookieOf(res));
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      // the pre-sign-in session is gone
      expect(await sql(`select sid from http_session where sid = ?`, [before])).toHaveLength(0);
      expect(await sql(`select sid from http_session where sid = ?`, [after])).toHaveLength(1);

      const start = await agent.get('/').expect(200);
      expect(start.text).toContain('Frieda Formular');
      expect(start.text).toContain('action="/abmelden"');
    });

    it('refuses the form without the CSRF token of the session (login CSRF)', async () => {
      await createUser(app, { username: 'csrf.form' });
      const res = await http()
        .post('/anmelden')
        .type('form')
        .send({ username: 'csrf.form', password: TEST_PASSWORD })
        .expect(403);
      expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
      const agent = request.agent(app.getHttpServer());
      await agent.get('/anmelden').expect(200);
      const wrong = await agent
        .post('/anmelden')
        .type('form')
        .send({ _csrf: 'falsch', username: 'csrf.form', password: TEST_PASSWORD })
        .expect(403);
      expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
    });

    it('shows one German message for wrong credentials and keeps the username', async () => {
      const agent = request.agent(app.getHttpServer());
      const page = await agent.get('/anmelden').expect(200);
      const res = await agent
        .post('/anmelden')
        .type('form')
        .send({ _csrf: formToken(page.text), username: 'nie.gesehen', password: 'x' })
        .expect(401);
      expect(res.text).toContain('role="alert"');
      expect(res.text).toContain('Benutzername oder Passwort ist falsch');
      expect(res.text).toContain('value="nie.gesehen"');
    });

    it('goes back to the page asked for, but never to another site', async () => {
      await createUser(app, { username: 'return.user' });
      const redirect = await http().get('/probe/seite?x=1').expect(303);
      expect(redirect.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent('/probe/seite?x=1')}`);
      const agent = request.agent(app.getHttpServer());
      const page = await agent.get(redirect.headers.location).expect(200);
      const res = await agent
        .post('/anmelden')
        .type('form')
        .send({
          _csrf: formToken(page.text),
          username: 'return.user',
          password: TEST_PASSWORD,
          ziel: '/probe/seite?x=1',
        })
        .expect(303);
      expect(res.headers.location).toBe('/probe/seite?x=1');
      expect((await agent.get('/probe/seite').expect(200)).text).toBe('Seite für return.user');

      const other = request.agent(app.getHttpServer());
      const page2 = await other.get('/anmelden').expect(200);
      const evil = await other
        .post('/anmelden')
        .type('form')
        .send({
          _csrf: formToken(page2.text),
          username: 'return.user',
          password: TEST_PASSWORD,
          ziel: '//evil.example',
        })
        .expect(303);
      expect(evil.headers.location).toBe('/');
    });
  });

  describe('the guard', () => {
    it('answers API calls without a session with 401 JSON and pages with a redirect to /anmelden', async () => {
      const api = await http().get('/api/parameters').expect(401);
      expect(api.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(api.headers['content-type']).toMatch(/json/);
      await http().get('/api/auth/me').expect(401);
      const page = await http().get('/').expect(303);
      expect(page.headers.location).toBe('/anmelden');
      const post = await http().post('/abmelden').expect(303);
      expect(post.headers.location).toBe('/anmelden');
    });

    it('lets @Public routes, /health, /api/docs and the sign-in page through', async () => {
      await http().get('/api/probe/offen').expect(200);
      const health = await http().get('/health');
      expect([200, 503]).toContain(health.status);
      expect(health.body).toHaveProperty('database');
      await http().get('/api/docs').expect(200);
      const doc = await http().get('/api/docs-json').expect(200);
      expect(doc.body.paths['/api/auth/login']).toBeDefined();
      expect(doc.body.paths['/api/auth/me']).toBeDefined();
      await http().get('/anmelden').expect(200);
    });

    it('restricts @Roles routes: 403 for a caseworker, 200 for a team lead', async () => {
      await createUser(app, { username: 'role.sb', roles: ['caseworker'] });
      await createUser(app, { username: 'role.tl', roles: ['team-lead'] });
      const sb = await signedIn('role.sb');
      const denied = await sb.agent.get('/api/probe/leitung').expect(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      const tl = await signedIn('role.tl');
      expect((await tl.agent.get('/api/probe/leitung').expect(200)).body).toEqual({ username: 'role.tl' });
    });

    it('signs out a user deactivated since sign-in', async () => {
      const user = await createUser(app, { username: 'gone.soon' });
      const { agent } = await signedIn('gone.soon');
      await agent.get('/api/auth/me').expect(200);
      await sql(`update app_user set active = false where id = ?`, [user.id]);
      await agent.get('/api/auth/me').expect(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a state-changing call of a signed-in session without or with a wrong token', async () => {
      await createUser(app, { username: 'csrf.api' });
      const { agent, csrf } = await signedIn('csrf.api');
      const missing = await agent.post('/api/probe/notiz').send({ text: 'a' }).expect(403);
      expect(missing.body.code).toBe('CSRF_TOKEN_INVALID');
      const wrong = await agent.post('/api/probe/notiz').set('x-csrf-token', `${csrf}x`).send({ text: 'a' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
      // another session's token is no good either
      await createUser(app, { username: 'csrf.other' });
      const other = await signedIn('csrf.other');
      await agent.post('/api/probe/notiz').set('x-csrf-token', other.csrf).send({ text: 'a' }).expect(403);
    });

    it('accepts the header, and the form field (removed before validation)', async () => {
      await createUser(app, { username: 'csrf.ok' });
      const { agent, csrf } = await signedIn('csrf.ok');
      const byHeader = await agent.post('/api/probe/notiz').set('x-csrf-token', csrf).send({ text: 'a' });
      expect(byHeader.status).toBe(201);
      expect(byHeader.body).toEqual({ by: 'csrf.ok', text: 'a' });
      const byForm = await agent.post('/api/probe/notiz').type('form').send({ _csrf: csrf, text: 'b' });
      expect(byForm.status).toBe(201);
      expect(byForm.body).toEqual({ by: 'csrf.ok', text: 'b' });
    });
  });

  describe('sign-out', () => {
    it('API: needs the CSRF token, destroys the session, and the cookie no longer works', async () => {
      await createUser(app, { username: 'bye.api' });
      const { agent, csrf, res } = await signedIn('bye.api');
      const sid = sidOf(cookieOf(res));
      await agent.post('/api/auth/logout').expect(403);
      await agent.post('/api/auth/logout').set('x-csrf-token', csrf).expect(204);
      expect(await sql(`select sid from http_session where sid = ?`, [sid])).toHaveLength(0);
      await agent.get('/api/auth/me').expect(401);
      // replaying the old cookie is no good either
      await http().get('/api/auth/me').set('Cookie', cookieOf(res)!.split(';')[0]).expect(401);
    });

    it('page: the sign-out form ends the session and leads to /anmelden', async () => {
      await createUser(app, { username: 'bye.page' });
      const { agent, csrf } = await signedIn('bye.page');
      const res = await agent.post('/abmelden').type('form').send({ _csrf: csrf }).expect(303);
      expect(res.headers.location).toBe('/anmelden');
      await agent.get('/').expect(303);
    });
  });

  describe('session store', () => {
    it('does not accept and purges expired sessions', async () => {
      await createUser(app, { username: 'expired.user' });
      const { agent, res } = await signedIn('expired.user');
      const sid = sidOf(cookieOf(res));
      await sql(`update http_session set expires_at = now() - interval '1 minute' where sid = ?`, [sid]);
      await agent.get('/api/auth/me').expect(401);
      expect(await app.get(PgSessionStore).purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await sql(`select sid from http_session where sid = ?`, [sid])).toHaveLength(0);
    });
  });

  describe('demo users', () => {
    const demoService = (demoData: boolean) => {
      const config = Object.assign(new AppConfig(), app.get(AppConfig), { DEMO_DATA: demoData });
      return new DemoUsersService(orm, config, app.get(AuthService), app.get(UsersRepository));
    };

    it('are never created with DEMO_DATA off', async () => {
      expect(app.get(AppConfig).DEMO_DATA).toBe(false);
      expect(await app.get(DemoUsersService).ensure()).toEqual({ created: [], usernames: [] });
      expect(await sql(`select id from app_user where username = 'sb.abh'`)).toHaveLength(0);
    });

    it('with DEMO_DATA on: a caseworker per unit, team lead, process manager, quality, admin; one password', async () => {
      await sql(`delete from app_user`);
      const result = await demoService(true).ensure();
      expect(result.created).toEqual(demoUsers().map((u) => u.username));
      expect(result.created).toEqual(
        expect.arrayContaining(['sb.abh', 'sb.lg', 'sb.uv', 'sb.bs', 'tl.abh', 'pv.mia', 'qs.mia', 'admin']),
      );
      const { res } = await signedIn('sb.abh', DEMO_PASSWORD);
      expect(res.body).toMatchObject({ roles: ['caseworker'], units: ['ABH'] });
      const tl = await signedIn('tl.abh', DEMO_PASSWORD);
      expect(tl.res.body.roles).toContain('team-lead');
      // only once
      expect((await demoService(true).ensure()).created).toEqual([]);
    });
  });

  describe('views', () => {
    it('render every page template with fixture data', () => {
      const views = app.get(ViewsService);
      const fixtures: Record<string, Record<string, unknown>> = {
        'sign-in': {
          formToken: 't',
          returnTo: '/x',
          username: '<b>',
          error: 'Fehler',
          oidcHref: '/anmelden/oidc',
        },
        start: { units: 'ABH', roles: 'caseworker' },
        intake: INTAKE_VIEW_FIXTURE,
        person: PERSON_VIEW_FIXTURE,
        'task-list': TASK_LIST_VIEW_FIXTURE,
        task: TASK_VIEW_FIXTURE,
        'task-error': TASK_ERROR_VIEW_FIXTURE,
        team: TEAM_VIEW_FIXTURE,
        'follow-ups': FOLLOW_UPS_VIEW_FIXTURE,
        deadlines: DEADLINES_VIEW_FIXTURE,
        notifications: NOTIFICATIONS_VIEW_FIXTURE,
        audit: AUDIT_VIEW_FIXTURE,
        ...MODELER_VIEW_FIXTURES,
        ...OPERATIONS_VIEW_FIXTURES,
        ...ANALYTICS_VIEW_FIXTURES,
        statistics: STATISTICS_VIEW_FIXTURE,
      };
      expect(views.names.sort()).toEqual(Object.keys(fixtures).sort());
      for (const name of views.names) {
        const html = views.render(name, { title: 'T', userName: 'U', csrfToken: 'c', ...fixtures[name] });
        expect(html).toContain('<html lang="de">');
      }
      // auto-escaped
      expect(views.render('sign-in', { title: 'T', ...fixtures['sign-in'] })).toContain('value="&lt;b&gt;"');
    });
  });

  it('keeps the actor in a request context of its own (no global EntityManager use)', async () => {
    await RequestContext.create(orm.em.fork(), async () => {
      expect(await app.get(UsersRepository).findByUsername('NOBODY')).toBeNull();
    });
  });
});
