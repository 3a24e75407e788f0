import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';

import { Camunda8, Zeebe } from '@camunda8/sdk';

type ZeebeGrpcClient = Zeebe.ZeebeGrpcClient;

/**
 * The standalone engine (`npm run engine`, src/engine/engine.main.ts) as a child process, for tests and
 * benchmarks that must kill it or keep its event loop apart from the client's.
 *
 * The child is `node --import tsx src/engine/engine.main.ts` rather than `npx tsx …`: npx and the tsx CLI
 * each put a parent process in between, and a SIGKILL sent to a parent does not reach the engine. With
 * `--import tsx` the pid we hold is the engine itself. It also runs in its own process group, so that
 * `kill()` takes down anything the engine might have started.
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** the standalone engine's entry point; ENGINE_MAIN_OVERRIDE points the harness at another one */
export const ENGINE_MAIN = resolve(
  REPO_ROOT,
  process.env.ENGINE_MAIN_OVERRIDE ?? resolve(REPO_ROOT, 'src', 'engine', 'engine.main.ts'),
);

export interface EngineProcessOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** how long to wait for the ready line (default 60 s: the first start runs the migrations) */
  readyTimeoutMs?: number;
  /** extra node flags for the engine, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** called with every line the engine writes (stdout and stderr) */
  onLine?: (line: string) => void;
}

export interface EngineProcess {
  /** host:port for a Zeebe client */
  readonly address: string;
  readonly port: number;
  readonly pid: number;
  /** true once the process has exited */
  readonly exited: boolean;
  /** the last lines the engine wrote, for failure messages */
  output(): string;
  /** CPU seconds (user + system) the engine has used so far, from /proc; undefined elsewhere */
  cpuSeconds(): number | undefined;
  /** sends the signal to the engine's process group and resolves when the engine has exited */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/** a port on 127.0.0.1 that was free a moment ago */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolveProbe(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** the ready line: a JSON object that names the address (or at least the port) the engine listens on */
function isReadyLine(line: string, port: number): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const names = (value: unknown): boolean => typeof value === 'string' && value.endsWith(`:${port}`);
    const message = [entry.msg, entry.message].find((m) => typeof m === 'string') ?? '';
    return (
      names(entry.address) ||
      names(entry.grpcAddress) ||
      entry.port === port ||
      (/ready|listening/.test(message) && JSON.stringify(entry).includes(`:${port}`))
    );
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const host = options.host ?? '127.0.0.1';
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const lines: string[] = [];
  const remember = (line: string): void => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    options.onLine?.(line);
  };

  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', ENGINE_MAIN],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...options.env,
        DATABASE_URL: options.databaseUrl,
        ENGINE_PORT: String(options.port),
        ENGINE_HOST: host,
      },
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn the engine (${ENGINE_MAIN})`);

  let exited = false;
  let exitInfo = '';
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitInfo = `code ${code ?? '-'}, signal ${signal ?? '-'}`;
      resolveExit();
    });
  });

  let ready = false;
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (markReady = r));
  const splitLines = (stream: NodeJS.ReadableStream | null): void => {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) {
          remember(line);
          if (!ready && isReadyLine(line, options.port)) {
            ready = true;
            markReady();
          }
        }
        newline = buffer.indexOf('\n');
      }
    });
  };
  splitLines(child.stdout);
  splitLines(child.stderr);

  const output = (): string => lines.join('\n');
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (exited) return;
    try {
      process.kill(-pid, signal); // the engine's own process group (detached above)
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    await exitPromise;
  };

  // Ready = the ready line; if the engine never logs one we accept an open port after 10 s.
  const started = Date.now();
  while (!ready) {
    if (exited) {
      throw new Error(`engine exited before it was ready (${exitInfo}):\n${output()}`);
    }
    if (Date.now() - started > readyTimeoutMs) {
      await kill('SIGKILL');
      throw new Error(`engine not ready after ${readyTimeoutMs} ms:\n${output()}`);
    }
    if (Date.now() - started > 10_000 && (await tcpAnswers(host, options.port))) {
      remember(`[engine-process] no ready line after 10 s, but ${host}:${options.port} answers`);
      break;
    }
    await Promise.race([readyPromise, exitPromise, sleep(100)]);
  }

  return {
    address: `${host}:${options.port}`,
    port: options.port,
    pid,
    get exited() {
      return exited;
    },
    output,
    cpuSeconds() {
      return procCpuSeconds(pid);
    },
    kill,
    async stop(graceMs = 5_000) {
      if (exited) return;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      await kill('SIGKILL');
    },
  };
}

/** user + system CPU seconds of a process (Linux /proc), undefined when unavailable */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * A Zeebe gRPC client of @camunda8/sdk for a plaintext engine on `address` (host:port; `grpc://` means
 * plaintext, so CAMUNDA_SECURE_CONNECTION is not needed and would only warn), without OAuth
 * and without the SDK's own log lines. `grpc` overrides the zeebeGrpcSettings (retries, back-off).
 */
export function zeebeClient(
  address: string,
  grpc: Record<string, string | number | boolean> = {},
): ZeebeGrpcClient {
  const config: ConstructorParameters<typeof Camunda8>[0] = {
    ZEEBE_GRPC_ADDRESS: `grpc://${address}`,
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ...grpc },
  };
  return new Camunda8(config).getZeebeGrpcApiClient();
}
