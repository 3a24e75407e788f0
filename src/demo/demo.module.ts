import { Module } from '@nestjs/common';
import { AccommodationModule } from '../agencies/accommodation/accommodation.module';
import { CasesModule } from '../cases/cases.module';
import { DemoDataService } from './demo-data.service';

/** Demonstration data for the embedded default (DEMO_DATA). */
@Module({
  imports: [CasesModule, AccommodationModule],
  providers: [DemoDataService],
  exports: [DemoDataService],
})
export class DemoModule {}
