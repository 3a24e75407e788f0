import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildAssets } from '../../src/web/build-assets';
import { createUser, type UserOverrides } from '../factories/user.factory';
import { createTestApp } from './app';
import { createTestDatabase, type TestDatabase } from './database';

/** Debian's chromium (.ci/run installs it); override with CHROMIUM_PATH */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let built: Promise<string[]> | undefined;

/** bundles src/web/client/*.ts once per test process, so a fresh clone needs no separate build step */
export function ensureAssets(): Promise<string[]> {
  built ??= buildAssets();
  return built;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-dev-shm-usage', '--lang=de-DE'],
  });
}

/** lets the app listen on a free port of 127.0.0.1 and answers its base URL */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let axe: string | undefined;
const axeSource = (): string => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** runs axe-core in the page and answers its serious and critical violations */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: the pages' CSP (scripts only from the platform) stays on
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** signs in through the German sign-in page */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/anmelden')),
    page.getByRole('button', { name: 'Anmelden' }).click(),
  ]);
}

export interface BrowserApp {
  /** the booted platform (embedded engine, test database) */
  readonly app: INestApplication;
  readonly browser: Browser;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
}

/**
 * The setup every browser spec shares: assets built, a fresh test database, the whole platform
 * listening on a free port, the given users, and Debian's Chromium; all closed after the spec.
 */
export function useBrowserApp(users: UserOverrides[]): BrowserApp {
  let db: TestDatabase | undefined;
  let app: INestApplication | undefined;
  let browser: Browser | undefined;
  let baseUrl: string | undefined;

  beforeAll(async () => {
    const [database] = await Promise.all([createTestDatabase(), ensureAssets()]);
    db = database;
    app = await createTestApp({ databaseUrl: db.url });
    for (const user of users) await createUser(app, user);
    baseUrl = await listen(app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('browser app not started');
    return value;
  };
  return {
    get app() {
      return need(app);
    },
    get browser() {
      return need(browser);
    },
    get baseUrl() {
      return need(baseUrl);
    },
  };
}
