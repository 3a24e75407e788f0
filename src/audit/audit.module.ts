import { Global, Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { AuditPagesController } from './audit-pages.controller';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit trail (issue 7 § 1): every module records through AuditService. */
@Global()
@Module({
  imports: [WebModule],
  controllers: [AuditController, AuditPagesController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
