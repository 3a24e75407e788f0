import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications (issue 8 § 3): one row per recipient and event (or bundle of events), read or not and
 * mailed or not; and each user's e-mail preference (address, immediate or daily digest).
 */
export class Migration20261128194000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "notification" ("id" uuid not null, "recipient" varchar(100) not null, "kind" varchar(40) not null, "title" varchar(300) not null, "link" varchar(500) not null, "file_number" varchar(64) null, "bundle_key" varchar(200) null, "count" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "read_at" timestamptz null, "mailed_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "notification_recipient_bundle_key_index" on "notification" ("recipient", "bundle_key");`,
    );
    this.addSql(
      `create index "notification_recipient_created_at_index" on "notification" ("recipient", "created_at");`,
    );
    this.addSql(
      `create table "notification_preference" ("username" varchar(100) not null, "email" varchar(254) null, "email_mode" varchar(16) not null default 'immediate', "last_digest_on" date null, "updated_at" timestamptz not null, constraint "notification_preference_pkey" primary key ("username"));`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "notification_preference" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
  }
}
