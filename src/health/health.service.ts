import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ZeebeService } from '../engine/zeebe.service';
import type { HealthDto } from './health.dto';

@Injectable()
export class HealthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly zeebe: ZeebeService,
  ) {}

  async check(): Promise<HealthDto> {
    const [database, engine] = await Promise.all([this.databaseUp(), this.zeebe.isReachable()]);
    return {
      status: database && engine ? 'up' : 'down',
      database: { status: database ? 'up' : 'down' },
      engine: { status: engine ? 'up' : 'down', mode: this.zeebe.embeddedEngine ? 'embedded' : 'zeebe' },
    };
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.orm.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }
}
