import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { DatabaseConnection } from './database-connection';
import { DeployedResource } from './entities/deployed-resource.entity';
import { MigrationService } from './migration.service';
import { ormOptions } from './orm.options';
import { PostgresModule } from './postgres.module';

@Module({
  imports: [
    PostgresModule,
    MikroOrmModule.forRootAsync({
      imports: [PostgresModule],
      inject: [DatabaseConnection, AppConfig],
      driver: PostgreSqlDriver,
      useFactory: (db: DatabaseConnection, config: AppConfig) => ({
        ...ormOptions(db.url, config.LOG_LEVEL === 'debug'),
        registerRequestContext: true,
      }),
    }),
    MikroOrmModule.forFeature([DeployedResource]),
  ],
  providers: [MigrationService],
  exports: [MikroOrmModule, PostgresModule],
})
export class DatabaseModule {}
