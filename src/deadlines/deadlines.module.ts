import { Module, OnModuleInit } from '@nestjs/common';
import { CasePagesService } from '../cases/case-pages.service';
import { CasesModule } from '../cases/cases.module';
import { WebModule } from '../web/web.module';
import { ParametersModule } from '../parameters/parameters.module';
import { DeadlineEscalationScheduler } from './deadline-escalation.scheduler';
import { DeadlineEscalationService } from './deadline-escalation.service';
import { DeadlineEscalations } from './deadline-escalations';
import { DeadlineListenersWorker } from './deadline-listeners.worker';
import { DeadlinePagesController } from './deadline-pages.controller';
import { DeadlinePagesService, PERSON_SECTION_KEY } from './deadline-pages.service';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';

/** Deadlines (Fristen, issue 8 § 1): records, the Fristen board, API, the person page's section. */
@Module({
  imports: [CasesModule, ParametersModule, WebModule],
  controllers: [DeadlinesController, DeadlinePagesController],
  providers: [
    DeadlinesService,
    DeadlinePagesService,
    DeadlineEscalations,
    DeadlineEscalationService,
    DeadlineEscalationScheduler,
    DeadlineListenersWorker,
  ],
  exports: [DeadlinesService, DeadlinePagesService, DeadlineEscalations, DeadlineEscalationScheduler],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    private readonly casePages: CasePagesService,
    private readonly pages: DeadlinePagesService,
  ) {}

  onModuleInit(): void {
    this.casePages.addSection({
      key: PERSON_SECTION_KEY,
      load: (actor, personId) => this.pages.personSection(actor, personId),
    });
  }
}
