import { Migration } from '@mikro-orm/migrations';

/**
 * Case model (persons, households, status episodes, process links, domain events), versioned parameters,
 * generated documents and register requests (issue 3). Status episodes, domain events and issued
 * documents cannot be changed in place.
 */
export class Migration20261128105000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "domain_event" ("id" bigserial primary key, "type" varchar(64) not null, "person_id" uuid null, "occurred_on" date not null, "payload" jsonb not null, "process_instance_key" bigint null, "bpmn_process_id" varchar(255) null, "idempotency_key" varchar(200) not null, "recorded_at" timestamptz not null);`,
    );
    this.addSql(`create index "domain_event_person_id_index" on "domain_event" ("person_id");`);
    this.addSql(
      `create index "domain_event_type_occurred_on_index" on "domain_event" ("type", "occurred_on");`,
    );
    this.addSql(
      `alter table "domain_event" add constraint "domain_event_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `create table "generated_document" ("id" uuid not null, "template_id" varchar(120) not null, "title" varchar(300) not null, "unit" varchar(8) not null, "person_id" uuid null, "case_id" varchar(64) not null, "process_instance_key" bigint null, "remedy" jsonb null, "html" text not null, "pdf" bytea not null, "sha256" varchar(64) not null, "html_sha256" varchar(64) not null, "idempotency_key" varchar(200) not null, "created_at" timestamptz not null, constraint "generated_document_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "generated_document_case_id_index" on "generated_document" ("case_id");`);
    this.addSql(`create index "generated_document_person_id_index" on "generated_document" ("person_id");`);
    this.addSql(
      `alter table "generated_document" add constraint "generated_document_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `create table "household" ("id" uuid not null, "reference" varchar(64) null, "address" varchar(300) null, "municipality" varchar(120) null, "created_at" timestamptz not null, constraint "household_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "parameter" ("id" bigserial primary key, "key" varchar(120) not null, "valid_from" date not null, "value" jsonb not null, "source" varchar(300) not null, "kind" varchar(16) not null, "note" text null, "recorded_by" varchar(120) not null default 'migration', "recorded_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "parameter" add constraint "parameter_key_valid_from_unique" unique ("key", "valid_from");`,
    );
    this.addSql(
      `create table "person" ("id" uuid not null, "file_number" varchar(32) not null, "family_name" varchar(200) not null, "given_names" varchar(200) not null, "name_variants" jsonb not null, "date_of_birth" date null, "date_of_birth_estimated" boolean not null default false, "sex" varchar(16) null, "nationalities" jsonb not null, "azr_number" varchar(32) null, "bamf_file_number" varchar(32) null, "entry_date" date null, "identity_clarified" boolean null, "identity_evidence" varchar(32) null, "identity_clarified_on" date null, "language" varchar(16) null, "vulnerabilities" jsonb not null, "municipality" varchar(120) null, "household_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "person_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "person" add constraint "person_file_number_unique" unique ("file_number");`);
    this.addSql(`create index "person_family_name_index" on "person" ("family_name");`);
    this.addSql(
      `create table "process_link" ("id" bigserial primary key, "person_id" uuid not null, "process_instance_key" bigint not null, "bpmn_process_id" varchar(255) not null, "case_id" varchar(64) not null, "role" varchar(32) not null default 'subject', "linked_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "process_link" add constraint "process_link_person_id_process_instance_key_unique" unique ("person_id", "process_instance_key");`,
    );
    this.addSql(
      `create table "register_request" ("id" bigserial primary key, "register" varchar(8) not null, "person_id" uuid not null, "subject" varchar(32) not null, "purpose" varchar(200) not null, "mode" varchar(16) not null, "process_instance_key" bigint null, "idempotency_key" varchar(200) not null, "requested_at" timestamptz not null);`,
    );
    this.addSql(`create index "register_request_person_id_index" on "register_request" ("person_id");`);
    this.addSql(
      `alter table "register_request" add constraint "register_request_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `create table "status_episode" ("id" uuid not null, "person_id" uuid not null, "type" varchar(40) not null, "legal_basis" varchar(80) null, "valid_from" date not null, "valid_to" date null, "conditions" jsonb not null, "supersedes" uuid null, "process_instance_key" bigint null, "idempotency_key" varchar(200) null, "recorded_at" timestamptz not null, constraint "status_episode_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "status_episode_person_id_valid_from_index" on "status_episode" ("person_id", "valid_from");`,
    );
    this.addSql(
      `alter table "status_episode" add constraint "status_episode_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `alter table "person" add constraint "person_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "process_link" add constraint "process_link_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "status_episode" add constraint "status_episode_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    // the local file number of a person: MIA-<year>-<6 digits>
    this.addSql(`create sequence "person_file_number_seq" start 1;`);
    // status episodes and domain events are append-only: a change is a new row (BRIEF § 1)
    this.addSql(
      `create function "refuse_change"() returns trigger language plpgsql as $$ begin raise exception '% is append-only', tg_table_name; end $$;`,
    );
    this.addSql(
      `create trigger "status_episode_append_only" before update or delete on "status_episode" for each row execute function "refuse_change"();`,
    );
    this.addSql(
      `create trigger "domain_event_append_only" before update or delete on "domain_event" for each row execute function "refuse_change"();`,
    );
    this.addSql(
      `create trigger "generated_document_append_only" before update on "generated_document" for each row execute function "refuse_change"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "register_request" cascade;`);
    this.addSql(`drop table if exists "generated_document" cascade;`);
    this.addSql(`drop table if exists "parameter" cascade;`);
    this.addSql(`drop table if exists "domain_event" cascade;`);
    this.addSql(`drop table if exists "process_link" cascade;`);
    this.addSql(`drop table if exists "status_episode" cascade;`);
    this.addSql(`drop table if exists "person" cascade;`);
    this.addSql(`drop table if exists "household" cascade;`);
    this.addSql(`drop function if exists "refuse_change"() cascade;`);
    this.addSql(`drop sequence if exists "person_file_number_seq";`);
  }
}
