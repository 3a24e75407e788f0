import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { AnalyticsPagesController } from './analytics-pages.controller';
import { AnalyticsPagesService } from './analytics-pages.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { ComplaintStatisticsService } from './complaint-statistics.service';
import { EmbeddedSource } from './embedded.source';
import { EventLogProjection } from './event-log.projection';
import { ObservedSource } from './observed.source';
import { ProjectionScheduler } from './projection.scheduler';
import { UserTaskFiguresReader } from './user-task.figures';

/**
 * Process analytics and the heatmap (issue 6 § 2): figures per process, version and element from the
 * embedded engine's event log (projection) or, against a real Zeebe, from what the platform observes;
 * target times per element; complaint statistics. API /api/analytics, pages /analyse.
 */
@Module({
  imports: [WebModule],
  controllers: [AnalyticsController, AnalyticsPagesController],
  providers: [
    EventLogProjection,
    ProjectionScheduler,
    EmbeddedSource,
    ObservedSource,
    UserTaskFiguresReader,
    AnalyticsService,
    ComplaintStatisticsService,
    AnalyticsPagesService,
  ],
  exports: [AnalyticsService, EventLogProjection],
})
export class AnalyticsModule {}
