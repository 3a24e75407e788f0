import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Test databases. Every test file that needs PostgreSQL creates its own database on the server named by
 * TEST_DATABASE_URL (default: the local server at 127.0.0.1:5432, user postgres, as on CI) and drops it
 * afterwards. Destructive setup refuses to run against a database whose name lacks "test".
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!name.includes('test')) {
    throw new Error(`Refusing destructive setup on database "${name}": its name lacks "test"`);
  }
}

export async function createTestDatabase(prefix = 'mia_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  assertTestDatabase(url.toString());
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
