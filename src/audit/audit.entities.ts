import { AuditChainHead, AuditEntry } from './audit-entry.entity';

/** The module's tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const AUDIT_ENTITIES = [AuditEntry, AuditChainHead];
