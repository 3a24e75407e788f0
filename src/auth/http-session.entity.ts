import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A browser session (express-session), kept by PgSessionStore. Mapped as an entity so that the schema
 * check covers it; only the store reads and writes it, with plain SQL.
 */
@Entity({ tableName: 'http_session' })
export class HttpSession {
  @PrimaryKey({ type: 'string', length: 128 })
  sid!: string;

  /** the serialized session (user id, CSRF token, cookie settings) */
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  @Index()
  expiresAt!: Date;
}
