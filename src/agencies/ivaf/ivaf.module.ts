import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { IvafPlacementWorker } from './placement.worker';

/** IvAF – Projekt am Wirtschaftsamt: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [IvafPlacementWorker],
})
export class IvafModule {}
