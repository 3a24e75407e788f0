import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { ENTITIES } from './entity-registry';

const ormLogger = new Logger('MikroORM');

export { ENTITIES };

/**
 * The MikroORM options for a database URL, shared by the app, `mikro-orm.config.ts` and the migration
 * script. Migrations live in the top-level migrations/ folder (dist/migrations when built).
 */
export function ormOptions(clientUrl: string, debug = false): Options {
  const root = projectRoot();
  const built = __filename.endsWith('.js');
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    // queries without their parameter values ('query-params' left out): the values are personal data
    debug: debug ? ['query', 'schema', 'discovery', 'info'] : false,
    // MikroORM's own messages (migrator, queries when debug) go through the platform logger at debug
    logger: (message: string) => ormLogger.debug(message),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: 10 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: built ? join(root, 'dist', 'migrations') : join(root, 'migrations'),
      pathTs: join(root, 'migrations'),
      glob: built ? '!(*.d).js' : '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string) => `Migration${timestamp}`,
    },
  });
}
