export { AuditModule } from './audit.module';
export { AuditService, type AuditRecord, type VerifyResult } from './audit.service';
export { AuditEntry, type AuditOutcome } from './audit-entry.entity';
