import { Migration } from '@mikro-orm/migrations';

export class Migration20261128084138 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "deployed_resource" ("id" bigserial primary key, "resource_name" varchar(255) not null, "resource_id" varchar(255) not null, "kind" varchar(16) not null, "checksum" varchar(64) not null, "deployed_key" bigint not null, "deployed_version" int not null, "deployed_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "deployed_resource_resource_name_index" on "deployed_resource" ("resource_name");`,
    );
    this.addSql(
      `alter table "deployed_resource" add constraint "deployed_resource_kind_deployed_key_unique" unique ("kind", "deployed_key");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "deployed_resource" cascade;`);
  }
}
