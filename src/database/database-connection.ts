import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../config/app.config';
import { projectRoot } from '../config/project-root';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * The PostgreSQL the platform uses: DATABASE_URL, or an embedded PostgreSQL started here (data in
 * .data/postgres) and stopped last at shutdown.
 */
export class DatabaseConnection implements OnApplicationShutdown {
  private constructor(
    readonly url: string,
    readonly embedded?: EmbeddedPostgres,
  ) {}

  static async open(config: AppConfig): Promise<DatabaseConnection> {
    if (config.DATABASE_URL) return new DatabaseConnection(config.DATABASE_URL);
    const logger = new Logger('EmbeddedPostgres');
    const pg = new EmbeddedPostgres(join(projectRoot(), '.data', 'postgres'), {
      info: (msg, fields) => logger.log({ msg, ...fields }),
      warn: (msg, fields) => logger.warn({ msg, ...fields }),
    });
    const url = await pg.start();
    return new DatabaseConnection(url, pg);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}
