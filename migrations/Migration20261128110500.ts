import { Migration } from '@mikro-orm/migrations';

/**
 * Accommodation management (UV): facilities, rooms, beds and the occupancy of beds, plus the [local]
 * allocation policy as versioned parameters. A bed is never given twice: the exclusion constraint
 * refuses two occupancies of one bed whose periods overlap (an open period, to_date null, overlaps
 * every later one), whatever the application does.
 */
export class Migration20261128110500 extends Migration {
  override async up(): Promise<void> {
    // uuid equality in a GiST exclusion constraint (a trusted extension, shipped with PostgreSQL)
    this.addSql(`create extension if not exists btree_gist;`);

    this.addSql(
      `create table "accommodation_facility" ("id" uuid not null, "name" varchar(200) not null, "kind" text check ("kind" in ('GU', 'flat')) not null, "address" varchar(300) not null, "municipality" varchar(120) not null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "accommodation_facility_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "accommodation_facility" add constraint "accommodation_facility_name_unique" unique ("name");`,
    );
    this.addSql(
      `create table "accommodation_room" ("id" uuid not null, "facility_id" uuid not null, "label" varchar(64) not null, constraint "accommodation_room_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "accommodation_room" add constraint "accommodation_room_facility_id_label_unique" unique ("facility_id", "label");`,
    );
    this.addSql(
      `create table "accommodation_bed" ("id" uuid not null, "room_id" uuid not null, "label" varchar(32) not null, constraint "accommodation_bed_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "accommodation_bed" add constraint "accommodation_bed_room_id_label_unique" unique ("room_id", "label");`,
    );
    this.addSql(
      `create table "accommodation_allocation" ("id" uuid not null, "bed_id" uuid not null, "person_id" uuid not null, "household_id" uuid null, "from_date" date not null, "to_date" date null, "process_instance_key" bigint null, "allocated_at" timestamptz not null, "released_at" timestamptz null, constraint "accommodation_allocation_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "accommodation_allocation_process_instance_key_index" on "accommodation_allocation" ("process_instance_key");`,
    );
    this.addSql(
      `create index "accommodation_allocation_person_id_index" on "accommodation_allocation" ("person_id");`,
    );
    this.addSql(
      `create index "accommodation_allocation_bed_id_index" on "accommodation_allocation" ("bed_id");`,
    );
    this.addSql(
      `alter table "accommodation_room" add constraint "accommodation_room_facility_id_foreign" foreign key ("facility_id") references "accommodation_facility" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "accommodation_bed" add constraint "accommodation_bed_room_id_foreign" foreign key ("room_id") references "accommodation_room" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "accommodation_allocation" add constraint "accommodation_allocation_bed_id_foreign" foreign key ("bed_id") references "accommodation_bed" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "accommodation_allocation" add constraint "accommodation_allocation_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "accommodation_allocation" add constraint "accommodation_allocation_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete set null;`,
    );

    // the guarantees the allocation code relies on
    this.addSql(
      `alter table "accommodation_allocation" add constraint accommodation_allocation_period_check check (to_date is null or to_date >= from_date);`,
    );
    this.addSql(
      `alter table "accommodation_allocation" add constraint "accommodation_allocation_bed_no_overlap" exclude using gist ("bed_id" with =, daterange("from_date", "to_date", '[)') with &&);`,
    );
    this.addSql(
      `create unique index "accommodation_allocation_person_current_unique" on "accommodation_allocation" ("person_id") where "to_date" is null;`,
    );

    // the [local] allocation policy (BRIEF § 2), versioned: a change is a new row with a later valid_from
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values
      ('accommodation.flatPriorityGroups', '2020-01-01', '["family", "vulnerable"]', 'BRIEF § 2: Familien und schutzbedürftige Personen erhalten vorrangig Wohnungen; § 53 Abs. 1 AsylG', 'local', 'Gruppen, die vorrangig eine Wohnung erhalten: "family", "vulnerable"', 'migration', now()),
      ('accommodation.familyMinSize', '2020-01-01', '2', 'BRIEF § 2 [local]', 'local', 'Ein Haushalt ab dieser Personenzahl gilt als Familie', 'migration', now()),
      ('accommodation.flatFallbackForOthers', '2020-01-01', 'true', '§ 53 Abs. 1 AsylG ("in der Regel" GU); BRIEF § 2 [local]', 'local', 'Personen ohne Vorrang erhalten eine Wohnung, wenn kein GU-Platz frei ist', 'migration', now());`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `delete from "parameter" where "key" in ('accommodation.flatPriorityGroups', 'accommodation.familyMinSize', 'accommodation.flatFallbackForOthers');`,
    );
    this.addSql(`drop table if exists "accommodation_allocation" cascade;`);
    this.addSql(`drop table if exists "accommodation_bed" cascade;`);
    this.addSql(`drop table if exists "accommodation_room" cascade;`);
    this.addSql(`drop table if exists "accommodation_facility" cascade;`);
    // btree_gist stays: other tables may use it, and it holds no data
  }
}
