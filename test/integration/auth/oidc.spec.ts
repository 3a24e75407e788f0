/**
 * OIDC sign-in (issue 4 § 1) against a real OpenID Connect provider (oidc-provider 9, a child process
 * on a free port) and the platform listening on a real port: the full authorization code flow with
 * PKCE, state and nonce, roles and units from claims, provisioning, refusals.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig } from '../../../src/config/app.config';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const CLIENT_ID = 'mia-plattform';
const CLIENT_SECRET = 'oidc-test-client-secret-0123456789abcdef';

const ACCOUNTS = {
  anna: {
    preferred_username: 'anna.abh',
    name: 'Anna Schmidt',
    roles: ['caseworker', 'team-lead', 'hausmeister'],
    units: ['ABH', 'lg', 'XYZ'],
  },
  ohne: { preferred_username: 'ohne.einheit', name: 'Otto Ohne', roles: ['caseworker'], units: ['XYZ'] },
  norolle: { preferred_username: 'no.role', name: 'Nora', roles: ['gast'], units: ['ABH'] },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** a minimal browser: follows redirects across both servers, with a cookie jar per host */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly visited: string[] = [];

  cookies(url: string): string {
    const host = new URL(url).host;
    return [...(this.jar.get(host) ?? new Map<string, string>()).entries()]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  async open(
    start: string,
    rewrite: (url: URL) => URL = (u) => u,
  ): Promise<{ status: number; url: string; body: string }> {
    let url = rewrite(new URL(start));
    for (let hop = 0; hop < 20; hop += 1) {
      this.visited.push(url.href);
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.cookies(url.href) } });
      const jar = this.jar.get(url.host) ?? new Map<string, string>();
      this.jar.set(url.host, jar);
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        const value = pair.slice(eq + 1);
        if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') jar.delete(pair.slice(0, eq));
        else jar.set(pair.slice(0, eq), value);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        url = rewrite(new URL(location, url));
        continue;
      }
      return { status: res.status, url: url.href, body: await res.text() };
    }
    throw new Error('too many redirects');
  }

  async json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(url, { headers: { cookie: this.cookies(url), accept: 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}

describe('OIDC sign-in', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let provider: ChildProcess;
  let issuer: string;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirect = `${base}/anmelden/oidc/rueckkehr`;
    provider = spawn(
      process.execPath,
      [
        join(__dirname, '../../../node_modules/tsx/dist/cli.mjs'),
        join(__dirname, '../../utils/oidc-test-provider.main.ts'),
      ],
      {
        env: {
          ...process.env,
          OIDC_TEST_CLIENT_ID: CLIENT_ID,
          OIDC_TEST_CLIENT_SECRET: CLIENT_SECRET,
          OIDC_TEST_REDIRECT_URI: redirect,
          OIDC_TEST_ACCOUNTS: JSON.stringify(ACCOUNTS),
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    issuer = await new Promise<string>((resolve, reject) => {
      provider.once('exit', (code) => reject(new Error(`OIDC provider exited (${code})`)));
      createInterface({ input: provider.stdout! }).once('line', (line) => {
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      });
    });
    app = await createTestApp({
      databaseUrl: db.url,
      logLines,
      env: {
        TASK_COLLECTOR: 'false',
        OIDC_ISSUER_URL: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: redirect,
        OIDC_SCOPES: 'openid profile mia',
      },
    });
    await app.listen(port, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    provider?.kill();
    await db?.drop();
  });

  const sql = <T>(query: string, params: unknown[] = []) =>
    app.get(MikroORM).em.getConnection().execute<T[]>(query, params);

  async function as(account: keyof typeof ACCOUNTS): Promise<void> {
    const res = await fetch(`${issuer}/__test/account/${account}`);
    expect(res.status).toBe(200);
  }

  it('offers "Mit Dienstkonto anmelden" on the sign-in page', async () => {
    const page = await new Browser().open(`${base}/anmelden?ziel=%2Faufgaben%3Fa%3D1%26b%3D2`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mit Dienstkonto anmelden');
    expect(page.body).toContain('href="/anmelden/oidc?ziel&#x3D;%2Faufgaben%3Fa%3D1%26b%3D2"');
  });

  it('signs a user in through the full code flow with roles and units from the claims', async () => {
    await as('anna');
    const browser = new Browser();
    const page = await browser.open(`${base}/anmelden/oidc`);
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${base}/`);
    expect(page.body).toContain('Anna Schmidt');

    // the authorization request carried PKCE (S256), state and nonce
    const auth = new URL(browser.visited.find((u) => u.startsWith(`${issuer}/auth`)) ?? '');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toBeTruthy();
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();

    const me = await browser.json(`${base}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'anna.abh', displayName: 'Anna Schmidt' });
    expect(me.body.roles).toEqual(['caseworker', 'team-lead']);
    expect(me.body.units).toEqual(['ABH', 'LG']);
    expect(me.body.csrfToken).toEqual(expect.any(String));

    // a local account marked as OIDC, without password: no password sign-in
    const [row] = await sql<{ password_hash: string | null; oidc_subject: string }>(
      `select password_hash, oidc_subject from app_user where username = 'anna.abh'`,
    );
    expect(row).toEqual({ password_hash: null, oidc_subject: 'anna' });
    const local = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'anna.abh', password: 'irgendwas' }),
    });
    expect(local.status).toBe(401);

    // the session works like a local one: CSRF-protected sign-out
    const logout = await fetch(`${base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: browser.cookies(base), 'x-csrf-token': String(me.body.csrfToken) },
    });
    expect(logout.status).toBe(204);

    // no secrets, codes or tokens in the logs
    const code = new URL(
      browser.visited.find((u) => u.includes('/anmelden/oidc/rueckkehr')) ?? '',
    ).searchParams.get('code');
    const logs = logLines.join('\n');
    expect(code).toBeTruthy();
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(CLIENT_SECRET);
    expect(logs).not.toContain(auth.searchParams.get('state'));
    expect(logs).toContain('"via":"oidc"');
  });

  it('returns to the page asked for and keeps one account per subject', async () => {
    await as('anna');
    const browser = new Browser();
    const page = await browser.open(`${base}/anmelden/oidc?ziel=%2Fapi%2Fauth%2Fme`);
    expect(page.url).toBe(`${base}/api/auth/me`);
    expect(page.status).toBe(200);
    const rows = await sql<{ n: string }>(`select count(*) as n from app_user where oidc_subject = 'anna'`);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('refuses a tampered state', async () => {
    await as('anna');
    const browser = new Browser();
    const page = await browser.open(`${base}/anmelden/oidc`, (url) => {
      if (url.pathname === '/anmelden/oidc/rueckkehr') url.searchParams.set('state', 'manipuliert');
      return url;
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('Die Anmeldung mit dem Dienstkonto ist fehlgeschlagen');
    expect((await browser.json(`${base}/api/auth/me`)).status).toBe(401);
  });

  it('refuses a callback without a started sign-in', async () => {
    const page = await new Browser().open(`${base}/anmelden/oidc/rueckkehr?code=abc&state=xyz`);
    expect(page.status).toBe(400);
  });

  it('refuses a user without a known unit, and one without a known role', async () => {
    await as('ohne');
    const browser = new Browser();
    const page = await browser.open(`${base}/anmelden/oidc`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('keine bekannte Organisationseinheit');
    expect((await browser.json(`${base}/api/auth/me`)).status).toBe(401);

    await as('norolle');
    const second = await new Browser().open(`${base}/anmelden/oidc`);
    expect(second.status).toBe(403);
    expect(second.body).toContain('keine bekannte Rolle');

    const rows = await sql<{ n: string }>(
      `select count(*) as n from app_user where username in ('ohne.einheit', 'no.role')`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('OIDC configuration', () => {
  const all = {
    OIDC_ISSUER_URL: 'https://login.example.de/realms/stadt',
    OIDC_CLIENT_ID: 'mia',
    OIDC_CLIENT_SECRET: 'geheim',
    OIDC_REDIRECT_URL: 'https://mia.example.de/anmelden/oidc/rueckkehr',
  };

  it('is optional, and enabled only with all four settings', () => {
    expect(loadConfig({}).oidcEnabled).toBe(false);
    expect(loadConfig(all).oidcEnabled).toBe(true);
    expect(() => loadConfig({ ...all, OIDC_CLIENT_SECRET: '' })).toThrow(ConfigError);
  });

  it('needs https except on loopback, and never echoes the secret', () => {
    expect(() => loadConfig({ ...all, OIDC_ISSUER_URL: 'http://login.example.de' })).toThrow(/https/);
    expect(loadConfig({ ...all, OIDC_ISSUER_URL: 'http://127.0.0.1:4000' }).oidcEnabled).toBe(true);
    expect(() => loadConfig({ ...all, OIDC_REDIRECT_URL: 'https://mia.example.de/callback' })).toThrow(
      /rueckkehr/,
    );
    try {
      loadConfig({ ...all, OIDC_REDIRECT_URL: 'kein-url' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('geheim');
    }
  });
});
