import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { loadConfig } from '../../src/config/app.config';

/** true once the embedded engine is implemented (src/engine/embedded/engine.ts) */
export const embeddedEngineAvailable = existsSync(
  join(__dirname, '..', '..', 'src', 'engine', 'embedded', 'engine.ts'),
);

export interface TestAppOptions {
  databaseUrl: string;
  /** env overrides, e.g. ZEEBE_ADDRESS */
  env?: Record<string, string>;
  /** adjust the module before compile (e.g. override a provider) */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** collected log lines (default: discarded) */
  logLines?: string[];
}

/** Boots the whole platform (AppModule) on the given database, as main.ts does, without listening. */
export async function createTestApp(options: TestAppOptions): Promise<INestApplication> {
  const config = loadConfig({ DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn', ...options.env });
  const lines = options.logLines;
  const logger = new JsonLogger(lines ? 'debug' : 'warn', undefined, (line) => lines?.push(line));
  let builder = Test.createTestingModule({ imports: [AppModule.register(config)] }).setLogger(logger);
  if (options.customize) builder = options.customize(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger });
  configureApp(app, logger);
  await app.init();
  return app;
}
