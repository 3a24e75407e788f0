import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { AgencyUnit } from '../agencies/units';
import type { Role } from './actor';

/** A local account of the platform: roles and agency units (the candidate groups of its tasks). */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'active' | 'failedAttempts' | 'createdAt' | 'roles' | 'units';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** the sign-in name, stored lower case */
  @Property({ type: 'string', length: 100 })
  @Unique()
  username!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  /** argon2id PHC string, never the password; null for an account of the identity provider (OIDC) */
  @Property({ type: 'string', length: 255, hidden: true, nullable: true })
  passwordHash!: string | null;

  /** the `sub` of the user at the identity provider (OIDC_ISSUER_URL); set only for OIDC accounts */
  @Property({ type: 'string', length: 255, nullable: true })
  @Unique()
  oidcSubject?: string | null;

  @Property({ type: 'json' })
  roles: Role[] = [];

  @Property({ type: 'json' })
  units: AgencyUnit[] = [];

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** failed sign-ins in a row (reset on success and when a lock-out ends) */
  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;

  /** last day (inclusive, Europe/Berlin) of an absence: due Wiedervorlagen then show in the unit's list */
  @Property({ type: 'date', nullable: true })
  absentUntil?: string | null;
}
