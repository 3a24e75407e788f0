/**
 * The embedded PostgreSQL of `npm start` without DATABASE_URL: it keeps its data between runs, and a
 * second platform started on the same data directory while the first still runs is refused with a
 * clear message — it must not stop the first platform's database under it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../../src/database/embedded-postgres';

jest.setTimeout(180_000);

const quiet = { info: () => undefined, warn: () => undefined };
const ROOT = join(__dirname, '..', '..', '..');

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** starts the embedded PostgreSQL in another process, as a running platform would */
function startOwner(dataDir: string): Promise<{ child: ChildProcess; url: string; dataDir: string }> {
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'test', 'utils', 'embedded-postgres-owner.main.ts'), dataDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; dataDir: string }) });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`owner exited with ${String(code)}: ${err}`)));
  });
}

function stopOwner(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('embedded PostgreSQL (npm start without DATABASE_URL)', () => {
  const base = mkdtempSync(join(tmpdir(), 'mia-embedded-pg-'));
  // reachable by the system user postgres when the tests run as root (else a fallback directory is used)
  chmodSync(base, 0o755);
  const dataDir = join(base, 'postgres');

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('refuses a second start on a data directory a running platform uses, and keeps the data between runs', async () => {
    const first = await startOwner(dataDir);
    expect(first.dataDir).toBe(dataDir);
    try {
      await query(first.url, 'create table kept (v text); insert into kept values ($$still here$$)');

      const second = new EmbeddedPostgres(dataDir, quiet);
      await expect(second.start()).rejects.toThrow(/another platform process \(pid \d+\) is running/);
      // the first platform's database was left alone
      expect(await query(first.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await stopOwner(first.child);
    }

    // once the first has stopped, the next start runs on the same data
    const next = await startOwner(dataDir);
    try {
      expect(await query(next.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await stopOwner(next.child);
    }
  });
});
