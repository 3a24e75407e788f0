import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { DEMO_PASSWORD, DemoUsersService } from './auth/demo-users.service';
import { configureApp } from './app.setup';
import { JsonLogger } from './common/logging/json-logger';
import { loadConfig } from './config/app.config';
import { DemoDataService } from './demo/demo-data.service';

/**
 * Start-up order: embedded PostgreSQL (if DATABASE_URL is unset) → migrations → engine (embedded if
 * ZEEBE_ADDRESS is unset) → deployment of processes/ and forms/ → job workers → HTTP on PORT → demo
 * data (DEMO_DATA, default with the embedded PostgreSQL; skipped when persons exist).
 * Shutdown (SIGINT/SIGTERM) in reverse: workers, Zeebe client and engine, ORM, embedded PostgreSQL.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.LOG_LEVEL);
  const app = await NestFactory.create(AppModule.register(config), { logger });
  configureApp(app, logger);
  await app.listen(config.PORT);
  if (config.DEMO_DATA) await app.get(DemoDataService).seed();
  const demoUsers = await app.get(DemoUsersService).ensure();
  const url = `http://localhost:${config.PORT}`;
  logger.emit('info', 'platform ready', 'Main', {
    url,
    docsUrl: `${url}/api/docs`,
    healthUrl: `${url}/health`,
  });
  process.stdout.write(
    `\nMiA Prozessplattform läuft: ${url}  (API-Dokumentation: ${url}/api/docs, Status: ${url}/health)\n` +
      `Ctrl+C zum Beenden (oder: kill -TERM ${process.pid}).\n\n`,
  );
  if (demoUsers.usernames.length > 0) {
    // demo accounts only (DEMO_DATA): the shared demo password is public, printed for the demonstration
    process.stdout.write(
      `Anmelden unter ${url}/anmelden mit einem Demo-Konto, Passwort für alle: ${DEMO_PASSWORD}\n` +
        `  ${demoUsers.usernames.join(', ')}\n` +
        `  (sb.<einheit> Sachbearbeitung, tl.abh Teamleitung, pv.mia Prozessverantwortung, qs.mia Qualität, admin)\n\n`,
    );
  }
}

bootstrap().catch((error: unknown) => {
  new JsonLogger('error').emit('error', 'platform start failed', 'Main', {
    error,
    reason: error instanceof Error ? error.message : undefined,
  });
  process.exit(1);
});
