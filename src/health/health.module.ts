import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { EngineModule } from '../engine/engine.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [DatabaseModule, EngineModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
