import { Migration } from '@mikro-orm/migrations';

/**
 * Deadlines without a person or a process instance (issue 8 § 1): a complaint to the Beschwerdestelle
 * may be anonymous (person_id nullable; the complaint's number is the case reference), and a
 * Wiedervorlage is a deadline of its unit recorded from the follow-up, not a process (source_id, one
 * per kind and source).
 */
export class Migration20261128195000 extends Migration {
  override up(): void {
    this.addSql(`alter table "deadline" alter column "person_id" drop not null;`);
    this.addSql(`alter table "deadline" add column "source_id" uuid null;`);
    this.addSql(
      `alter table "deadline" add constraint "deadline_kind_source_id_unique" unique ("kind", "source_id");`,
    );
  }

  override down(): void {
    this.addSql(`alter table "deadline" drop constraint if exists "deadline_kind_source_id_unique";`);
    this.addSql(`alter table "deadline" drop column if exists "source_id";`);
    this.addSql(`delete from "deadline" where "person_id" is null;`);
    this.addSql(`alter table "deadline" alter column "person_id" set not null;`);
  }
}
