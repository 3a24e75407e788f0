import { Migration } from '@mikro-orm/migrations';

/**
 * Operations view (issue 6 § 2): the append-only record of every intervention (`operation_action`,
 * a trigger refuses UPDATE and DELETE) and the jobs the platform's workers failed with no retries left
 * (`failed_job`, what the view lists against a real Zeebe).
 */
export class Migration20261128181000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "operation_action" ("id" bigserial primary key, "at" timestamptz not null, "actor_id" varchar(100) not null, "actor_name" varchar(200) not null, "role" varchar(32) not null, "action" varchar(32) not null, "process_instance_key" bigint null, "incident_key" bigint null, "job_key" bigint null, "retries" int null, "reason" text null, "outcome" varchar(16) not null, "error_code" varchar(64) null, "error_detail" text null);`,
    );
    this.addSql(
      `create index "operation_action_process_instance_key_at_index" on "operation_action" ("process_instance_key", "at");`,
    );
    this.addSql(`create index "operation_action_at_index" on "operation_action" ("at");`);
    // who intervened in a running case process, when and why is never rewritten
    this.addSql(
      `create trigger "operation_action_append_only" before update or delete on "operation_action" for each row execute function "refuse_change"();`,
    );

    this.addSql(
      `create table "failed_job" ("job_key" bigint not null, "process_instance_key" bigint not null, "bpmn_process_id" varchar(255) not null, "version" int not null, "element_id" varchar(255) not null, "job_type" varchar(255) not null, "error_message" text not null, "failed_at" timestamptz not null, "closed_at" timestamptz null, "close_reason" varchar(16) null, constraint "failed_job_pkey" primary key ("job_key"));`,
    );
    this.addSql(
      `create index "failed_job_process_instance_key_index" on "failed_job" ("process_instance_key");`,
    );
    this.addSql(
      `create index "failed_job_closed_at_failed_at_index" on "failed_job" ("closed_at", "failed_at");`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "failed_job" cascade;`);
    this.addSql(`drop table if exists "operation_action" cascade;`);
  }
}
