/**
 * `npm run migration:create | migration:up | migration:down`: runs against DATABASE_URL, or against
 * the embedded PostgreSQL (.data/postgres) when it is unset.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app.config';
import { JsonLogger } from '../common/logging/json-logger';
import { DatabaseConnection } from './database-connection';
import { ormOptions } from './orm.options';

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(new JsonLogger(config.LOG_LEVEL));
  const logger = new Logger('Migrations');
  const db = await DatabaseConnection.open(config);
  const orm = await MikroORM.init(ormOptions(db.url));
  try {
    const migrator = orm.getMigrator();
    switch (command) {
      case 'create': {
        const result = await migrator.createMigration(undefined, false, false);
        if (result.fileName) logger.log({ msg: 'migration created', fileName: result.fileName });
        else logger.log({ msg: 'no schema changes, no migration created' });
        break;
      }
      case 'up': {
        const done = await migrator.up();
        logger.log({ msg: 'migrations applied', count: done.length });
        break;
      }
      case 'down': {
        const done = await migrator.down();
        logger.log({ msg: 'migration reverted', count: done.length });
        break;
      }
      default:
        throw new Error('usage: migrate.main.ts create|up|down');
    }
  } finally {
    await orm.close(true);
    await db.onApplicationShutdown();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  new JsonLogger('error').emit(
    'error',
    error instanceof Error ? error.message : 'migration failed',
    'Migrations',
  );
  process.exitCode = 1;
});
