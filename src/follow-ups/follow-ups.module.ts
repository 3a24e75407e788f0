import { Module, OnModuleInit } from '@nestjs/common';
import { CasePagesService } from '../cases/case-pages.service';
import { CasesModule } from '../cases/cases.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { WebModule } from '../web/web.module';
import { FollowUpPagesController } from './follow-up-pages.controller';
import { FollowUpPagesService, PERSON_SECTION_KEY, type NewFollowUpForm } from './follow-up-pages.service';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

/** Wiedervorlagen (issue 8 § 2): API, the list page and the section of the person page. */
@Module({
  imports: [CasesModule, DeadlinesModule, WebModule],
  controllers: [FollowUpsController, FollowUpPagesController],
  providers: [FollowUpsRepository, FollowUpsService, FollowUpPagesService],
  exports: [FollowUpsService],
})
export class FollowUpsModule implements OnModuleInit {
  constructor(
    private readonly casePages: CasePagesService,
    private readonly pages: FollowUpPagesService,
  ) {}

  onModuleInit(): void {
    this.casePages.addSection({
      key: PERSON_SECTION_KEY,
      load: (actor, personId, input) => this.pages.personSection(actor, personId, input as NewFollowUpForm),
    });
  }
}
