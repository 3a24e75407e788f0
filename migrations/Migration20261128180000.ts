import { Migration } from '@mikro-orm/migrations';

/**
 * Process analytics (issue 6 § 2): the projection of the embedded engine's event log (one row per
 * element instance, filled by position), its read position, and the target times per element with
 * every change.
 */
export class Migration20261128180000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "analytics_element_instance" ("key" bigint not null, "process_instance_key" bigint not null, "bpmn_process_id" varchar(255) not null, "version" int not null, "element_id" varchar(255) not null, "element_type" varchar(64) not null, "flow_scope_key" bigint null, "started_at" timestamptz null, "ended_at" timestamptz null, "end_state" varchar(16) null, "outcome_element_id" varchar(255) null, constraint "analytics_element_instance_pkey" primary key ("key"));`,
    );
    this.addSql(
      `create index "analytics_element_instance_process_element_index" on "analytics_element_instance" ("bpmn_process_id", "version", "element_id");`,
    );
    this.addSql(
      `create index "analytics_element_instance_type_process_index" on "analytics_element_instance" ("element_type", "bpmn_process_id", "version");`,
    );
    this.addSql(
      `create table "analytics_projection_state" ("id" int not null, "watermark" bigint not null, "pending_position" bigint null, "pending_fence" bigint null, "updated_at" timestamptz not null, constraint "analytics_projection_state_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "analytics_element_target" ("id" uuid not null, "bpmn_process_id" varchar(255) not null, "element_id" varchar(255) not null, "target_minutes" int not null, "updated_by" varchar(200) not null, "updated_at" timestamptz not null, constraint "analytics_element_target_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "analytics_element_target" add constraint "analytics_element_target_bpmn_process_id_element_id_unique" unique ("bpmn_process_id", "element_id");`,
    );
    this.addSql(
      `create table "analytics_element_target_change" ("id" bigserial primary key, "bpmn_process_id" varchar(255) not null, "element_id" varchar(255) not null, "previous_minutes" int null, "target_minutes" int null, "changed_by" varchar(200) not null, "changed_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "analytics_element_target_change_process_index" on "analytics_element_target_change" ("bpmn_process_id", "changed_at");`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "analytics_element_target_change" cascade;`);
    this.addSql(`drop table if exists "analytics_element_target" cascade;`);
    this.addSql(`drop table if exists "analytics_projection_state" cascade;`);
    this.addSql(`drop table if exists "analytics_element_instance" cascade;`);
  }
}
