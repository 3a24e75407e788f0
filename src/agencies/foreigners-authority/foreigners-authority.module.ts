import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DeadlinesModule } from '../../deadlines/deadlines.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { EmploymentTolerationWorker } from './employment-toleration.worker';
import { ArrivalImportWorker } from './arrival-import.worker';
import { ArrivalNotArrivedWorker } from './arrival-not-arrived.worker';
import { ArrivalRegistrationWorker } from './arrival-registration.worker';
import { TrainingTolerationWorker } from './training-toleration.worker';
import { ReturnWorker } from './return.worker';

/** ABH – Ausländerbehörde: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DeadlinesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [
    EmploymentTolerationWorker,
    ArrivalImportWorker,
    ArrivalRegistrationWorker,
    ArrivalNotArrivedWorker,
    TrainingTolerationWorker,
    ReturnWorker,
  ],
})
export class ForeignersAuthorityModule {}
