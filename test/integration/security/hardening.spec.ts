/**
 * HTTP hardening (issue 7 § 3) through the real app: security headers with a CSP that allows scripts
 * only from the platform itself, CORS closed by default, a new session id at sign-in, rate limits on
 * sign-in and the API (with low limits configured for the test), and the body size limit.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createUser, TEST_PASSWORD } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const sessionCookie = (res: request.Response): string | undefined =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('mia.sid='))
    ?.split(';')[0];

describe('HTTP hardening', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({
      databaseUrl: db.url,
      env: { RATE_LIMIT_SIGN_IN: '6', RATE_LIMIT_API: '40' },
    });
    await createUser(app, { username: 'sb.abh', units: ['ABH'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('sends security headers with a CSP that allows scripts only from the platform', async () => {
    const res = await request(app.getHttpServer()).get('/anmelden').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*)/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // over plain HTTP no HSTS (the platform is reached over TLS through a proxy, TRUST_PROXY)
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const https = await request(app.getHttpServer()).get('/health').set('X-Forwarded-Proto', 'https');
    expect(https.headers['strict-transport-security']).toBeUndefined(); // TRUST_PROXY is off: header not trusted
  });

  it('answers no cross-origin request (CORS closed by default)', async () => {
    const res = await request(app.getHttpServer())
      .options('/api/persons')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(app.getHttpServer()).get('/health').set('Origin', 'https://evil.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives a new session id at sign-in (no session fixation)', async () => {
    const agent = request.agent(app.getHttpServer());
    const form = await agent.get('/anmelden').expect(200);
    const before = sessionCookie(form);
    expect(before).toBeDefined();
    const signIn = await agent
      .post('/api/auth/login')
      .send({ username: 'sb.abh', password: TEST_PASSWORD })
      .expect(200);
    const after = sessionCookie(signIn);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('refuses bodies above the limit with 413', async () => {
    const agent = request.agent(app.getHttpServer());
    const signIn = await agent
      .post('/api/auth/login')
      .send({ username: 'sb.abh', password: TEST_PASSWORD })
      .expect(200);
    const res = await agent
      .post('/api/persons')
      .set('x-csrf-token', (signIn.body as { csrfToken: string }).csrfToken)
      .send({ familyName: 'x'.repeat(200_000), givenNames: 'y' })
      .expect(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const broken = await agent
      .post('/api/persons')
      .set('x-csrf-token', (signIn.body as { csrfToken: string }).csrfToken)
      .set('Content-Type', 'application/json')
      .send('{"familyName": ')
      .expect(400);
    expect(broken.body).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('limits sign-in attempts per address, then the API', async () => {
    // two sign-ins above; four more attempts are allowed in the window, the next is refused
    for (let i = 0; i < 4; i++) {
      await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'niemand', password: 'x' })
        .expect(401);
    }
    const refused = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'sb.abh', password: TEST_PASSWORD })
      .expect(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused.body.message).toContain('Zu viele Anmeldeversuche');
    expect(refused.headers['ratelimit']).toBeDefined();
    // the sign-in page itself is still shown
    await request(app.getHttpServer()).get('/anmelden').expect(200);

    let status = 0;
    for (let i = 0; i < 45 && status !== 429; i++) {
      status = (await request(app.getHttpServer()).get('/api/persons/processes')).status;
    }
    expect(status).toBe(429);
  });
});
