import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

/** Runs pending migrations from migrations/ at start-up, before anything else touches the tables. */
@Injectable()
export class MigrationService implements OnModuleInit {
  private readonly logger = new Logger(MigrationService.name);

  constructor(private readonly orm: MikroORM) {}

  async onModuleInit(): Promise<void> {
    const executed = await this.orm.getMigrator().up();
    this.logger.log({ msg: 'migrations applied', count: executed.length });
  }
}
