import { Module } from '@nestjs/common';
import { WebModule } from '../../web/web.module';
import { ModelerModule } from '../modeler.module';
import { ModelerPagesController } from './modeler-pages.controller';
import { ModelerPagesService } from './modeler-pages.service';

/** The process editor's pages (/modeler …) on top of ModelerModule's services. */
@Module({
  imports: [ModelerModule, WebModule],
  controllers: [ModelerPagesController],
  providers: [ModelerPagesService],
})
export class ModelerPagesModule {}
