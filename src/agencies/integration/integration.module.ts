import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { ArrivalIntegrationPlanWorker } from './arrival-integration-plan.worker';

/** INT – Integration und Sprachmittlung: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [ArrivalIntegrationPlanWorker],
})
export class IntegrationModule {}
