import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { DatabaseConnection } from './database-connection';

/**
 * Resolves the database URL (starting the embedded PostgreSQL when DATABASE_URL is unset). Imported by
 * the MikroORM module, so it is initialised before and shut down after it.
 */
@Module({
  providers: [
    {
      provide: DatabaseConnection,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => DatabaseConnection.open(config),
    },
  ],
  exports: [DatabaseConnection],
})
export class PostgresModule {}
