import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { WebModule } from '../web/web.module';
import { EngineSchemaReader } from './engine-schema.reader';
import { FailedJobRecorder } from './failed-job.recorder';
import { OperationsPagesController } from './operations-pages.controller';
import { OperationsPagesService } from './operations-pages.service';
import { OperationsController } from './operations.controller';
import { OPERATIONS_READER, OperationsService } from './operations.service';
import { PlatformObservedReader } from './platform-observed.reader';

/**
 * Operations view (issue 6 § 2): running instances, incidents, retry and cancel, every intervention
 * recorded. Reads the embedded engine's schema, or — against a real Zeebe (ZEEBE_ADDRESS) — what the
 * platform observes itself (README.md).
 */
@Module({
  imports: [WebModule],
  controllers: [OperationsController, OperationsPagesController],
  providers: [
    EngineSchemaReader,
    PlatformObservedReader,
    {
      provide: OPERATIONS_READER,
      inject: [AppConfig, EngineSchemaReader, PlatformObservedReader],
      useFactory: (config: AppConfig, engine: EngineSchemaReader, platform: PlatformObservedReader) =>
        config.ZEEBE_ADDRESS ? platform : engine,
    },
    OperationsService,
    OperationsPagesService,
    FailedJobRecorder,
  ],
  exports: [OperationsService],
})
export class OperationsModule {}
