import { Migration } from '@mikro-orm/migrations';

/**
 * Wiedervorlagen (issue 8 § 2): the follow-up a caseworker sets on a person's case, its append-only
 * history (set, moved, done; a trigger refuses UPDATE and DELETE) and the users' absence, during which
 * their due follow-ups show in their unit's list.
 */
export class Migration20261128160000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "follow_up" ("id" uuid not null, "person_id" uuid not null, "unit" varchar(10) not null, "owner" varchar(100) not null, "owner_name" varchar(200) not null, "due_on" date not null, "reason" varchar(500) not null, "status" varchar(10) not null default 'open', "created_by" varchar(100) not null, "created_at" timestamptz not null, "done_at" timestamptz null, "done_by" varchar(100) null, constraint "follow_up_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "follow_up_person_id_index" on "follow_up" ("person_id");`);
    this.addSql(
      `create index "follow_up_unit_status_due_on_index" on "follow_up" ("unit", "status", "due_on");`,
    );
    this.addSql(
      `create index "follow_up_owner_status_due_on_index" on "follow_up" ("owner", "status", "due_on");`,
    );
    this.addSql(
      `alter table "follow_up" add constraint "follow_up_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "follow_up_event" ("id" uuid not null, "follow_up_id" uuid not null, "kind" varchar(20) not null, "actor" varchar(100) not null, "actor_name" varchar(200) not null, "at" timestamptz not null, "comment" text null, "due_on_before" date null, "due_on_after" date null, constraint "follow_up_event_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "follow_up_event_follow_up_id_at_index" on "follow_up_event" ("follow_up_id", "at");`,
    );
    this.addSql(
      `alter table "follow_up_event" add constraint "follow_up_event_follow_up_id_foreign" foreign key ("follow_up_id") references "follow_up" ("id") on update cascade;`,
    );
    // the history of a follow-up is never rewritten (refuse_change: Migration20261128105000)
    this.addSql(
      `create trigger "follow_up_event_append_only" before update or delete on "follow_up_event" for each row execute function "refuse_change"();`,
    );

    this.addSql(`alter table "app_user" add column "absent_until" date null;`);
  }

  override down(): void {
    this.addSql(`alter table "app_user" drop column if exists "absent_until";`);
    this.addSql(`drop table if exists "follow_up_event" cascade;`);
    this.addSql(`drop table if exists "follow_up" cascade;`);
  }
}
