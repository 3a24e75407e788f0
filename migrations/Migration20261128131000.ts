import { Migration } from '@mikro-orm/migrations';

/**
 * The case file (issue 4 § 3): typo-tolerant person search with pg_trgm and the case notes.
 *
 * `person.name_fold` (all names and spelling variants, lower case, without diacritics, common
 * transliterations folded, as `normaliseName` in src/cases) and `person.name_skeleton` (the consonant
 * skeleton of each word: Muhamad and Mohammed both give "mmd") are kept by a trigger, so every insert and
 * update path fills them; each has a trigram GIN index.
 */
export class Migration20261128131000 extends Migration {
  override up(): void {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create or replace function "person_name_fold"(t text) returns text language sql immutable parallel safe as $$
        select btrim(
          regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
          regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            btrim(regexp_replace(replace(lower(regexp_replace(normalize(coalesce(t, ''), NFD), '[\\u0300-\\u036f]', '', 'g')), 'ß', 'ss'), '[^a-z]+', ' ', 'g')),
          'ou', 'u', 'g'), 'ph', 'f', 'g'), 'ck', 'k', 'g'), 'dsch|dj|dzh|j', 'dj', 'g'), 'sch|sh|ch', 'sh', 'g'),
          'kh', 'h', 'g'), 'y', 'i', 'g'), 'ee', 'i', 'g'), 'oo', 'u', 'g'), 'w', 'v', 'g'), '(.)\\1+', '\\1', 'g'))
      $$;`,
    );
    this.addSql(
      `create or replace function "person_name_skeleton"(t text) returns text language sql immutable parallel safe as $$
        select coalesce(string_agg(left(w, 1) || regexp_replace(regexp_replace(substr(w, 2), '[aeiouh]', '', 'g'), '(.)\\1+', '\\1', 'g'), ' ' order by n), '')
        from regexp_split_to_table(person_name_fold(t), ' ') with ordinality as x(w, n) where w <> ''
      $$;`,
    );
    this.addSql(
      `create or replace function "person_name_search_keys"() returns trigger language plpgsql as $$
        declare all_names text;
        begin
          all_names := concat_ws(' ', new.given_names, new.family_name,
            (select string_agg(v, ' ') from jsonb_array_elements_text(coalesce(new.name_variants::jsonb, '[]'::jsonb)) v));
          new.name_fold := person_name_fold(all_names);
          new.name_skeleton := person_name_skeleton(all_names);
          return new;
        end $$;`,
    );
    this.addSql(
      `alter table "person" add column "name_fold" text null, add column "name_skeleton" text null;`,
    );
    this.addSql(
      `create trigger "person_name_search_keys" before insert or update of "family_name", "given_names", "name_variants", "name_fold", "name_skeleton" on "person" for each row execute function "person_name_search_keys"();`,
    );
    this.addSql(`update "person" set "name_fold" = null;`);
    this.addSql(`create index "person_name_fold_trgm" on "person" using gin ("name_fold" gin_trgm_ops);`);
    this.addSql(
      `create index "person_name_skeleton_trgm" on "person" using gin ("name_skeleton" gin_trgm_ops);`,
    );
    this.addSql(`create index "person_date_of_birth_index" on "person" ("date_of_birth");`);

    this.addSql(
      `create table "case_note" ("id" uuid not null, "person_id" uuid not null, "author" varchar(200) not null, "author_name" varchar(200) not null, "text" text not null, "created_at" timestamptz not null, constraint "case_note_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "case_note_person_id_created_at_index" on "case_note" ("person_id", "created_at");`,
    );
    this.addSql(
      `alter table "case_note" add constraint "case_note_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "case_note" cascade;`);
    this.addSql(`drop index if exists "person_date_of_birth_index";`);
    this.addSql(`drop trigger if exists "person_name_search_keys" on "person";`);
    this.addSql(
      `alter table "person" drop column if exists "name_fold", drop column if exists "name_skeleton";`,
    );
    this.addSql(`drop function if exists "person_name_search_keys"();`);
    this.addSql(`drop function if exists "person_name_skeleton"(text);`);
    this.addSql(`drop function if exists "person_name_fold"(text);`);
    // pg_trgm stays: other objects may use it, and dropping an extension is an operator's decision
  }
}
