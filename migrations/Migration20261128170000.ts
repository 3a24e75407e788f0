import { Migration } from '@mikro-orm/migrations';

/**
 * The platform's instance log (`process_instance_record`): written by the process-level execution
 * listeners `platform-instance-started` / `platform-instance-ended` of every model, read by the process
 * catalogue (running instances per version).
 */
export class Migration20261128170000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "process_instance_record" ("process_instance_key" bigint not null, "bpmn_process_id" varchar(255) not null, "version" int not null, "started_at" timestamptz null, "ended_at" timestamptz null, constraint "process_instance_record_pkey" primary key ("process_instance_key"));`,
    );
    this.addSql(
      `create index "process_instance_record_bpmn_process_id_version_ended_at_index" on "process_instance_record" ("bpmn_process_id", "version", "ended_at");`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "process_instance_record" cascade;`);
  }
}
