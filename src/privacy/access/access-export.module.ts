import { Module, OnModuleInit } from '@nestjs/common';
import { CasePagesService } from '../../cases/case-pages.service';
import { CasesModule } from '../../cases/cases.module';
import { AccessExportController } from './access-export.controller';
import { AccessExportService } from './access-export.service';

/** the key of the person page's section with the "Auskunft nach Art. 15 DSGVO" links */
export const ACCESS_EXPORT_SECTION_KEY = 'accessExport';

/** The right of access (Art. 15 DSGVO; issue 7 § 2): JSON and PDF export, and the person page's button. */
@Module({
  imports: [CasesModule],
  controllers: [AccessExportController],
  providers: [AccessExportService],
  exports: [AccessExportService],
})
export class AccessExportModule implements OnModuleInit {
  constructor(
    private readonly casePages: CasePagesService,
    private readonly access: AccessExportService,
  ) {}

  onModuleInit(): void {
    this.casePages.addSection({
      key: ACCESS_EXPORT_SECTION_KEY,
      load: async (actor, personId) =>
        (await this.access.mayExport(actor, personId))
          ? {
              jsonUrl: `/api/privacy/persons/${personId}/access-export`,
              pdfUrl: `/api/privacy/persons/${personId}/access-export.pdf`,
            }
          : null,
    });
  }
}
