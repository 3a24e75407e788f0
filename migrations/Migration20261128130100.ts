import { Migration } from '@mikro-orm/migrations';

/** The caseworker task list (issue 4 § 2): one row per job-based user task the collector holds. */
export class Migration20261128130100 extends Migration {
  override up(): void {
    this.addSql(
      `create table "task" ("id" uuid not null, "job_key" bigint not null, "process_instance_key" bigint not null, "element_instance_key" bigint not null, "bpmn_process_id" varchar(200) not null, "process_version" int not null, "element_id" varchar(200) not null, "name" varchar(500) not null, "candidate_groups" text[] not null, "assignee" varchar(200) null, "due_date" timestamptz null, "follow_up_date" timestamptz null, "form_id" varchar(200) null, "variables" jsonb not null, "person_id" uuid null, "case_id" varchar(64) null, "state" varchar(16) not null default 'open', "created_at" timestamptz not null, "claimed_at" timestamptz null, "completed_at" timestamptz null, "job_deadline" timestamptz null, "draft" jsonb null, "draft_saved_at" timestamptz null, "draft_by" varchar(200) null, constraint "task_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "task_case_id_index" on "task" ("case_id");`);
    this.addSql(`create index "task_person_id_index" on "task" ("person_id");`);
    this.addSql(`create index "task_candidate_groups_index" on "task" using gin ("candidate_groups");`);
    this.addSql(`create index "task_process_instance_key_index" on "task" ("process_instance_key");`);
    this.addSql(`create index "task_state_created_at_index" on "task" ("state", "created_at");`);
    this.addSql(`create index "task_state_assignee_index" on "task" ("state", "assignee");`);
    this.addSql(`create index "task_state_due_date_index" on "task" ("state", "due_date");`);
    this.addSql(`alter table "task" add constraint "task_job_key_unique" unique ("job_key");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "task" cascade;`);
  }
}
