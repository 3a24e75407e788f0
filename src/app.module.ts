import { DynamicModule, Module } from '@nestjs/common';
import { ReceptionModule } from './agencies/reception/reception.module';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EngineModule } from './engine/engine.module';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EngineModule, HealthModule, ReceptionModule],
    };
  }
}
