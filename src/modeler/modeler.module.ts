import { Module } from '@nestjs/common';
import { ModelerController } from './modeler.controller';
import { ModelerService } from './modeler.service';

/** Process editor, versions, four-eyes release and deployment (issue 5). */
@Module({
  controllers: [ModelerController],
  providers: [ModelerService],
  exports: [ModelerService],
})
export class ModelerModule {}
