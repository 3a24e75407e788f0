import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { DeadlinesModule } from '../../deadlines/deadlines.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { RegistersModule } from '../../registers/registers.module';
import { BenefitCaseStartWorker } from './benefit-case-start.worker';
import { BenefitDecisionWorker } from './benefit-decision.worker';
import { BenefitNoticeWorker } from './benefit-notice.worker';
import { BezahlkarteHandoverWorker } from './bezahlkarte-handover.worker';
import { ButKrankenhilfeWorker } from './but-krankenhilfe.worker';
import { ReturnBenefitsWorker } from './return-benefits.worker';

/** LG – Leistungsgewährung AsylbLG: its job workers and domain rules. */
@Module({
  imports: [CasesModule, DeadlinesModule, DocumentsModule, ParametersModule, RegistersModule],
  providers: [
    BenefitCaseStartWorker,
    BezahlkarteHandoverWorker,
    ReturnBenefitsWorker,
    BenefitDecisionWorker,
    BenefitNoticeWorker,
    ButKrankenhilfeWorker,
  ],
})
export class BenefitsModule {}
