import { Migration } from '@mikro-orm/migrations';

/**
 * Deadlines as first-class data (issue 8 § 1): `deadline` (one per process instance and kind, with its
 * legal basis, person, file number, owning unit, due day and the instant of the process's timer) and
 * `deadline_escalation` (each reminder, due-date escalation and daily overdue list raised once).
 */
export class Migration20261128193000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "deadline" ("id" uuid not null, "kind" varchar(40) not null, "legal_basis" varchar(200) not null, "person_id" uuid not null, "file_number" varchar(50) null, "process_instance_key" bigint null, "task_id" uuid null, "unit" varchar(10) not null, "due_on" date not null, "due_at" timestamptz not null, "status" varchar(10) not null default 'open', "created_at" timestamptz not null, "closed_at" timestamptz null, constraint "deadline_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "deadline" add constraint "deadline_process_instance_key_kind_unique" unique ("process_instance_key", "kind");`,
    );
    this.addSql(
      `create index "deadline_unit_status_due_on_index" on "deadline" ("unit", "status", "due_on");`,
    );
    this.addSql(`create index "deadline_person_id_index" on "deadline" ("person_id");`);
    this.addSql(
      `alter table "deadline" add constraint "deadline_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `create table "deadline_escalation" ("id" uuid not null, "key" varchar(120) not null, "kind" varchar(20) not null, "deadline_id" uuid null, "unit" varchar(10) not null, "raised_on" date not null, "created_at" timestamptz not null, constraint "deadline_escalation_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "deadline_escalation" add constraint "deadline_escalation_key_unique" unique ("key");`,
    );
    this.addSql(
      `alter table "deadline_escalation" add constraint "deadline_escalation_deadline_id_foreign" foreign key ("deadline_id") references "deadline" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values ('deadlines.reminderDaysBefore', '2020-01-01', '3', 'Issue 8 § 1 (Erinnerung vor Fristablauf) [local]', 'local', 'Erinnerung an die Einheit so viele Tage vor dem letzten Tag einer Frist', 'migration', now());`,
    );
  }

  override down(): void {
    this.addSql(`delete from "parameter" where "key" = 'deadlines.reminderDaysBefore';`);
    this.addSql(`drop table if exists "deadline_escalation" cascade;`);
    this.addSql(`drop table if exists "deadline" cascade;`);
  }
}
