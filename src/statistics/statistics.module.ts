import { Module } from '@nestjs/common';
import { ParametersModule } from '../parameters/parameters.module';
import { WebModule } from '../web/web.module';
import { LagebildProjection } from './lagebild.projection';
import { StatisticsPagesController } from './statistics-pages.controller';
import { StatisticsPagesService } from './statistics-pages.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

/** The Lagebild (issue 6 § 1): API (JSON, CSV) and the page /statistik. */
@Module({
  imports: [ParametersModule, WebModule],
  controllers: [StatisticsController, StatisticsPagesController],
  providers: [StatisticsRepository, LagebildProjection, StatisticsService, StatisticsPagesService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
