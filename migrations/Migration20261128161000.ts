import { Migration } from '@mikro-orm/migrations';

/**
 * Process editor and governed release (issue 5 § 2): models and forms with their versions (every save is
 * a version) and the append-only release steps (a trigger refuses UPDATE and DELETE).
 */
export class Migration20261128161000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "model_resource" ("id" uuid not null, "kind" varchar(8) not null, "resource_id" varchar(255) not null, "name" varchar(500) not null, "created_at" timestamptz not null, constraint "model_resource_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "model_resource" add constraint "model_resource_kind_resource_id_unique" unique ("kind", "resource_id");`,
    );

    this.addSql(
      `create table "model_version" ("id" uuid not null, "resource_id" uuid not null, "number" int not null, "content" text not null, "sha256" varchar(64) not null, "author_id" varchar(100) null, "author_name" varchar(200) not null, "created_at" timestamptz not null, "comment" text not null default '', "status" varchar(16) not null default 'draft', "based_on" int null, "engine_version" int null, "engine_key" bigint null, "deployed_at" timestamptz null, constraint "model_version_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "model_version_status_index" on "model_version" ("status");`);
    this.addSql(
      `alter table "model_version" add constraint "model_version_resource_id_number_unique" unique ("resource_id", "number");`,
    );
    this.addSql(
      `alter table "model_version" add constraint "model_version_resource_id_foreign" foreign key ("resource_id") references "model_resource" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "release_step" ("id" bigserial primary key, "version_id" uuid not null, "action" varchar(16) not null, "actor_id" varchar(100) null, "actor_name" varchar(200) not null, "role" varchar(32) not null, "at" timestamptz not null, "reason" text null);`,
    );
    this.addSql(`create index "release_step_version_id_at_index" on "release_step" ("version_id", "at");`);
    this.addSql(
      `alter table "release_step" add constraint "release_step_version_id_foreign" foreign key ("version_id") references "model_version" ("id") on update cascade;`,
    );
    // who released what, when and why is never rewritten (issue 5 § 2)
    this.addSql(
      `create trigger "release_step_append_only" before update or delete on "release_step" for each row execute function "refuse_change"();`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "release_step" cascade;`);
    this.addSql(`drop table if exists "model_version" cascade;`);
    this.addSql(`drop table if exists "model_resource" cascade;`);
  }
}
