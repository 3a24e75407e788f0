/**
 * Configuration for the MikroORM CLI (`npx mikro-orm ...`), which needs DATABASE_URL. The npm scripts
 * `migration:create` / `migration:up` also work without it (embedded PostgreSQL).
 */
import 'reflect-metadata';
import { loadConfig } from './src/config/app.config';
import { ormOptions } from './src/database/orm.options';

const config = loadConfig();
if (!config.DATABASE_URL) {
  throw new Error('The MikroORM CLI needs DATABASE_URL; or use `npm run migration:create` / `migration:up`');
}

export default ormOptions(config.DATABASE_URL);
