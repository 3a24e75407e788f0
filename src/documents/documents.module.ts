import { Module } from '@nestjs/common';
import { DocumentsService } from './documents.service';

/** Notices and letters (Handlebars → HTML and PDF), stored with the case. */
@Module({
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
