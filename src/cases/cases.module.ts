import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { CaseFileResourcesController } from './case-file-resources.controller';
import { CaseFileService } from './case-file.service';
import { CasePagesController } from './case-pages.controller';
import { CasePagesService } from './case-pages.service';
import { CasesService } from './cases.service';
import { PersonsController } from './persons.controller';

/** Persons, households, status episodes, process links and domain events; the case file (API and pages). */
@Module({
  imports: [WebModule],
  controllers: [PersonsController, CaseFileResourcesController, CasePagesController],
  providers: [CasesService, CaseFileService, CasePagesService],
  exports: [CasesService, CaseFileService, CasePagesService],
})
export class CasesModule {}
