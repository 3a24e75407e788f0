import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in (issue 4 § 1): local accounts with roles, agency units and lock-out state, and the table of
 * browser sessions (express-session, purged when expired).
 */
export class Migration20261128130000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "app_user" ("id" uuid not null, "username" varchar(100) not null, "display_name" varchar(200) not null, "password_hash" varchar(255) not null, "roles" jsonb not null, "units" jsonb not null, "active" boolean not null default true, "failed_attempts" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null, "last_login_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(
      `create table "http_session" ("sid" varchar(128) not null, "data" jsonb not null, "expires_at" timestamptz not null, constraint "http_session_pkey" primary key ("sid"));`,
    );
    this.addSql(`create index "http_session_expires_at_index" on "http_session" ("expires_at");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "http_session" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
  }
}
