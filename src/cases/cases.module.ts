import { Module } from '@nestjs/common';
import { CasesService } from './cases.service';

/** Persons, households, status episodes, process links and domain events. */
@Module({
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
