import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail (issue 7 § 1): `audit_entry`, append-only (refuse_change: Migration20261128105000) and
 * hash-chained, and `audit_chain_head`, the chain's last sequence number and hash.
 */
export class Migration20261128184000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "audit_entry" ("seq" bigint not null, "occurred_at" timestamptz not null, "actor" varchar(100) not null, "roles" text[] not null, "units" text[] not null, "action" varchar(64) not null, "resource_type" varchar(64) not null, "resource_id" varchar(100) null, "person_id" uuid null, "outcome" varchar(10) not null, "details" jsonb null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_entry_pkey" primary key ("seq"));`,
    );
    this.addSql(`create index "audit_entry_occurred_at_index" on "audit_entry" ("occurred_at");`);
    this.addSql(
      `create index "audit_entry_person_id_occurred_at_index" on "audit_entry" ("person_id", "occurred_at");`,
    );
    this.addSql(
      `create index "audit_entry_actor_occurred_at_index" on "audit_entry" ("actor", "occurred_at");`,
    );
    this.addSql(
      `create trigger "audit_entry_append_only" before update or delete on "audit_entry" for each row execute function "refuse_change"();`,
    );
    this.addSql(
      `create table "audit_chain_head" ("id" int not null, "seq" bigint not null, "hash" varchar(64) not null, constraint "audit_chain_head_pkey" primary key ("id"));`,
    );
    // the one head row exists from the start, so that every append can lock it (also the first)
    this.addSql(
      `insert into "audit_chain_head" ("id", "seq", "hash") values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "audit_chain_head" cascade;`);
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }
}
