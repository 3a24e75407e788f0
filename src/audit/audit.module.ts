import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail (issue 7 § 1): every module records through AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
