import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { AccommodationService } from './accommodation.service';
import { AccommodationWorker } from './accommodation.worker';
import { ArrivalAccommodationNoticeWorker } from './arrival-accommodation-notice.worker';

/** UV – Unterkunftsverwaltung: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [AccommodationService, AccommodationWorker, ArrivalAccommodationNoticeWorker],
  // for the demo data (src/demo); other agencies do not import this module
  exports: [AccommodationService],
})
export class AccommodationModule {}
