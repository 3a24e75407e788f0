import { ArrayType, BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One entry of the audit trail: who (user, roles, units), when, what (resource type and id, the person
 * it concerns), which action, with which outcome. Append-only (a trigger refuses UPDATE and DELETE) and
 * chained: `hash` covers the entry's content and the previous entry's hash (see audit-chain.ts), so an
 * altered or removed entry breaks the chain at that entry. Holds ids, never names or case content.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['occurredAt'] })
@Index({ properties: ['personId', 'occurredAt'] })
@Index({ properties: ['actor', 'occurredAt'] })
export class AuditEntry {
  /** position in the chain: 1, 2, 3, … without gaps */
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  seq!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  /** username, or 'system' for the platform's own jobs */
  @Property({ type: 'string', length: 100 })
  actor!: string;

  @Property({ type: ArrayType })
  roles: string[] = [];

  @Property({ type: ArrayType })
  units: string[] = [];

  /** e.g. 'read', 'create', 'update', 'sign-in', 'engine.cancel', 'release.approve', 'export' */
  @Property({ type: 'string', length: 64 })
  action!: string;

  /** e.g. 'person', 'task', 'document', 'process-instance', 'session' */
  @Property({ type: 'string', length: 64 })
  resourceType!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  resourceId?: string | null;

  /** the person the data belongs to, where there is one (to answer "who saw this person's file?") */
  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Property({ type: 'string', length: 10 })
  outcome!: AuditOutcome;

  /** further facts without personal data (a count, an error code, a route) */
  @Property({ type: 'json', nullable: true })
  details?: Record<string, unknown> | null;

  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Property({ type: 'string', length: 64 })
  hash!: string;
}

/** The end of the chain (one row): the last sequence number and hash, so that a removed tail shows. */
@Entity({ tableName: 'audit_chain_head' })
export class AuditChainHead {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: new BigIntType('string') })
  seq!: string;

  @Property({ type: 'string', length: 64 })
  hash!: string;
}
