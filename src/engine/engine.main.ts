/**
 * `npm run engine`: the embedded engine alone, for workers in other processes. Listens on
 * ENGINE_HOST:ENGINE_PORT (plaintext) with DATABASE_URL, or the embedded PostgreSQL when it is unset.
 * Logs one JSON line when ready; stops on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger';
import { loadConfig } from '../config/app.config';
import { DatabaseConnection } from '../database/database-connection';
import { engineLogger } from './zeebe.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const json = new JsonLogger(config.LOG_LEVEL);
  Logger.overrideLogger(json);
  const db = await DatabaseConnection.open(config);
  const { startEmbeddedEngine } = await import('./embedded');
  const engine = await startEmbeddedEngine({
    databaseUrl: db.url,
    host: config.ENGINE_HOST,
    port: config.ENGINE_PORT,
    logger: engineLogger('EmbeddedEngine'),
  });
  json.emit('info', 'engine ready', 'Engine', {
    address: engine.address,
    port: engine.port,
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
