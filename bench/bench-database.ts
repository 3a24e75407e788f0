import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** the PostgreSQL server the benchmarks create their databases on (local only) */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database `<prefix>_<time>_<random>` on the local server; `drop()` removes it (force). */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const admin = new URL(ADMIN_URL);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(admin.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point to a local PostgreSQL (127.0.0.1), not ${admin.hostname}`);
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (!name.includes('bench')) throw new Error(`refusing to drop ${name}`);
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
