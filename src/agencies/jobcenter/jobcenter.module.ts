import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { Sgb2ApplicationWorker } from './sgb2-application.worker';

/** JC – Jobcenter (SGB II): its job workers and domain rules. */
@Module({
  imports: [CasesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [Sgb2ApplicationWorker],
})
export class JobcenterModule {}
