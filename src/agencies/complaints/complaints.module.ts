import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DeadlinesModule } from '../../deadlines/deadlines.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { ComplaintRegisterService } from './complaint-register.service';
import { ComplaintWorker } from './complaint.worker';

/** BS – Beschwerdestelle: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DeadlinesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [ComplaintRegisterService, ComplaintWorker],
})
export class ComplaintsModule {}
