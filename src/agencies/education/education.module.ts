import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { EducationReferralWorker } from './education-referral.worker';

/** BK – Bildungskoordination und vhs: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [EducationReferralWorker],
})
export class EducationModule {}
