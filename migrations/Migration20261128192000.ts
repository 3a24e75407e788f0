import { Migration } from '@mikro-orm/migrations';

/**
 * The Lagebild's stock projection (issue 6 § 1, speed): per person the stretches of time in which its
 * stock bits do not change (`lagebild_status_interval`, computed by the pure definitions of
 * src/statistics/lagebild.rules.ts), so that the stock figures for any date are one SQL aggregate.
 * Triggers mark a person as changed (`lagebild_dirty_person`) in the same transaction as every change the
 * definitions read — the person row, a status episode, a UMA or DuldungGranted event — and the next
 * Lagebild request recomputes just those persons. `lagebild_projection` remembers the parameters the
 * intervals were computed with; other parameters rebuild the whole projection.
 */
export class Migration20261128192000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "lagebild_status_interval" ("person_id" uuid not null, "valid_from" date not null, "valid_to" date null, "bits" int not null, "nationality" varchar(8) not null, "municipality" varchar(200) not null, "sex" varchar(8) not null, "born" date null, constraint "lagebild_status_interval_pkey" primary key ("person_id", "valid_from"));`,
    );
    this.addSql(
      `create table "lagebild_dirty_person" ("person_id" uuid not null, constraint "lagebild_dirty_person_pkey" primary key ("person_id"));`,
    );
    this.addSql(
      `create table "lagebild_projection" ("id" smallint not null, "params_key" text null, "refreshed_at" timestamptz null, constraint "lagebild_projection_pkey" primary key ("id"));`,
    );
    // nothing computed yet: the first request builds the projection
    this.addSql(
      `insert into "lagebild_projection" ("id", "params_key", "refreshed_at") values (1, null, null);`,
    );

    this.addSql(`create function "lagebild_mark_person"() returns trigger language plpgsql as $$
      declare
        changed uuid;
      begin
        if tg_table_name = 'person' then
          changed := coalesce(new.id, old.id);
        elsif tg_op = 'DELETE' then
          changed := old.person_id;
        else
          changed := new.person_id;
        end if;
        if changed is not null then
          insert into "lagebild_dirty_person" ("person_id") values (changed) on conflict do nothing;
        end if;
        return null;
      end $$;`);
    this.addSql(
      `create trigger "person_lagebild" after insert or update or delete on "person" for each row execute function "lagebild_mark_person"();`,
    );
    this.addSql(
      `create trigger "status_episode_lagebild" after insert or delete on "status_episode" for each row execute function "lagebild_mark_person"();`,
    );
    // the only events the stock figures read (UMA care, the category of a Duldung)
    this.addSql(
      `create trigger "domain_event_lagebild_insert" after insert on "domain_event" for each row when (new.person_id is not null and new.type in ('UMAProvisionalCustodyStarted', 'UMACustodyStarted', 'UMAEnded', 'DuldungGranted')) execute function "lagebild_mark_person"();`,
    );
    this.addSql(
      `create trigger "domain_event_lagebild_delete" after delete on "domain_event" for each row when (old.person_id is not null and old.type in ('UMAProvisionalCustodyStarted', 'UMACustodyStarted', 'UMAEnded', 'DuldungGranted')) execute function "lagebild_mark_person"();`,
    );
  }

  override down(): void {
    this.addSql(`drop trigger if exists "domain_event_lagebild_delete" on "domain_event";`);
    this.addSql(`drop trigger if exists "domain_event_lagebild_insert" on "domain_event";`);
    this.addSql(`drop trigger if exists "status_episode_lagebild" on "status_episode";`);
    this.addSql(`drop trigger if exists "person_lagebild" on "person";`);
    this.addSql(`drop function if exists "lagebild_mark_person"() cascade;`);
    this.addSql(`drop table if exists "lagebild_projection" cascade;`);
    this.addSql(`drop table if exists "lagebild_dirty_person" cascade;`);
    this.addSql(`drop table if exists "lagebild_status_interval" cascade;`);
  }
}
