/**
 * `npm run engine`: the embedded engine alone, for workers in other processes. Listens on
 * ENGINE_HOST:ENGINE_PORT with DATABASE_URL, or the embedded PostgreSQL when it is unset: plaintext on
 * loopback; on any other address only with TLS (ENGINE_TLS_CERT, ENGINE_TLS_KEY) and a bearer token
 * (ENGINE_TOKEN or ENGINE_TOKEN_FILE), else it refuses to start.
 * Logs one JSON line when ready; stops on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger';
import { AppConfig, loadConfig } from '../config/app.config';
import { DatabaseConnection } from '../database/database-connection';
import { isLoopbackHost, type EmbeddedEngineOptions } from './embedded';
import { engineLogger } from './zeebe.service';

function readSetting(key: 'ENGINE_TLS_CERT' | 'ENGINE_TLS_KEY' | 'ENGINE_TOKEN_FILE', path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${key}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** TLS and token of the gRPC port from the settings; refuses an exposed port without both. */
function engineSecurity(config: AppConfig): Pick<EmbeddedEngineOptions, 'tls' | 'token'> {
  const host = config.ENGINE_HOST;
  const tls =
    config.ENGINE_TLS_CERT && config.ENGINE_TLS_KEY
      ? {
          cert: readSetting('ENGINE_TLS_CERT', config.ENGINE_TLS_CERT),
          key: readSetting('ENGINE_TLS_KEY', config.ENGINE_TLS_KEY),
        }
      : undefined;
  const token = config.ENGINE_TOKEN_FILE
    ? readSetting('ENGINE_TOKEN_FILE', config.ENGINE_TOKEN_FILE).split(/\r?\n/)[0].trim()
    : config.ENGINE_TOKEN;
  if (config.ENGINE_TOKEN_FILE && !/^\S{32,}$/.test(token ?? '')) {
    throw new Error(
      'ENGINE_TOKEN_FILE: the token (first line) must be at least 32 characters without spaces',
    );
  }
  if (!isLoopbackHost(host) && (!tls || !token)) {
    // short enough for one log field (200 characters)
    const missing = [
      tls ? '' : 'ENGINE_TLS_CERT+ENGINE_TLS_KEY',
      token ? '' : 'ENGINE_TOKEN or ENGINE_TOKEN_FILE',
    ];
    throw new Error(
      `ENGINE_HOST=${host} is not loopback: the gRPC port then requires TLS and a token. ` +
        `Missing: ${missing.filter(Boolean).join(', ')} (or listen on 127.0.0.1)`,
    );
  }
  return { tls, token };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const json = new JsonLogger(config.LOG_LEVEL);
  Logger.overrideLogger(json);
  const security = engineSecurity(config);
  const db = await DatabaseConnection.open(config);
  const { startEmbeddedEngine } = await import('./embedded');
  const engine = await startEmbeddedEngine({
    databaseUrl: db.url,
    host: config.ENGINE_HOST,
    port: config.ENGINE_PORT,
    ...security,
    logger: engineLogger('EmbeddedEngine'),
  });
  json.emit('info', 'engine ready', 'Engine', {
    address: engine.address,
    port: engine.port,
    tls: Boolean(security.tls),
    token: Boolean(security.token),
    embeddedPostgres: Boolean(db.embedded),
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    json.emit('info', 'engine stopping', 'Engine', { signal });
    await engine.stop();
    await db.onApplicationShutdown();
    json.emit('info', 'engine stopped', 'Engine');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          json.emit('error', 'engine stop failed', 'Engine', { error });
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  new JsonLogger('error').emit('error', 'engine start failed', 'Engine', {
    error,
    reason: error instanceof Error ? error.message : undefined,
  });
  process.exit(1);
});
