import { Migration } from '@mikro-orm/migrations';

/**
 * GDPR retention (issue 7 § 2): the retention rules as versioned parameters (`retention.<category>`),
 * the erasure job's runs (`retention_run`, the daily one unique per engine day) and the deletion records
 * (`privacy_deletion`, no personal data). The append-only tables that hold a person's data
 * (status_episode, domain_event, follow_up_event) let a change through only inside an erasure
 * transaction (`set local mia.erasure = 'on'`, src/privacy/retention); everything else is still refused.
 */
const RULES: [
  key: string,
  value: string,
  source: string,
  kind: 'statutory' | 'local' | 'unconfirmed',
  note: string,
][] = [
  [
    'retention.case.asylblg',
    '{"years": 10}',
    '§ 84 Abs. 2 SGB X i. V. m. § 9 Abs. 3 AsylbLG (löschen, sobald nicht mehr erforderlich); 10 Jahre wegen § 45 Abs. 3 S. 3, § 50 SGB X [local]',
    'local',
    'Akte mit AsylbLG-Leistungen: Jahre nach Abschluss der Akte (letzte Tätigkeit, kein Prozess läuft mehr)',
  ],
  [
    'retention.case.abh.departed',
    '{"years": 10}',
    '§ 91 Abs. 1 AufenthG (Ausweisung, Zurückschiebung, Abschiebung: 10 Jahre nach Ablauf der Frist nach § 11 Abs. 2) – hier ab Abschluss der Akte [?]',
    'unconfirmed',
    'Ausländerakte nach Ausreise oder Abschiebung: Jahre nach Abschluss der Akte',
  ],
  [
    'retention.case.abh.naturalised',
    '{"years": 10}',
    '§ 35 Abs. 3 StAG (Rücknahme der Einbürgerung nur binnen 10 Jahren) [local]',
    'local',
    'Ausländerakte nach Einbürgerung (letzter Status "Deutsch"): Jahre nach Abschluss der Akte',
  ],
  [
    'retention.case.abh.residing',
    '{"keep": true}',
    'Ausländerakte wird geführt, solange die Person hier lebt (§§ 86, 91 AufenthG) [local]',
    'local',
    'Ausländerakte bei jedem anderen Aufenthaltsstatus: keine automatische Löschung (Abgabe bei Wegzug, Löschung auf Antrag)',
  ],
  [
    'retention.case.other',
    '{"years": 5}',
    'Art. 5 Abs. 1 lit. e DSGVO (Speicherbegrenzung); Frist von der Agentur festzulegen [local]',
    'local',
    'Akte ohne AsylbLG und ohne Ausländerakte (Integration, Jugendamt, …): Jahre nach Abschluss der Akte',
  ],
  [
    'retention.complaint',
    '{"years": 3}',
    'Art. 5 Abs. 1 lit. e DSGVO; 3 Jahre entsprechend der regelmäßigen Verjährung (§ 195 BGB) [local]',
    'local',
    'Beschwerdeakte: Jahre nach ihrem Abschluss',
  ],
  [
    'retention.task.draft',
    '{"days": 30}',
    'Art. 5 Abs. 1 lit. c, e DSGVO: der Entwurf einer abgeschlossenen Aufgabe ist nicht Teil der Akte [local]',
    'local',
    'Formularentwurf einer erledigten oder abgebrochenen Aufgabe: Tage nach ihrem Ende',
  ],
  [
    'retention.session',
    '{"days": 0}',
    'Art. 5 Abs. 1 lit. e DSGVO: eine abgelaufene Sitzung hat keinen Zweck mehr [local]',
    'local',
    'Anmeldesitzung: Tage nach ihrem Ablauf (Uhrzeit des Servers)',
  ],
  [
    'retention.audit.entry',
    '{"years": 2}',
    'Art. 5 Abs. 1 lit. e DSGVO; Frist von der Agentur festzulegen [local]',
    'local',
    'Protokolleintrag: Jahre nach seiner Entstehung. Wird noch nicht automatisch gelöscht (die Hash-Kette braucht dafür einen Anker)',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const GUARDED = ['status_episode', 'domain_event', 'follow_up_event'];

export class Migration20261128190000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "privacy_deletion" ("id" bigserial primary key, "run_id" bigint null, "occurred_at" timestamptz not null, "trigger" varchar(16) not null, "actor" varchar(100) not null, "rule_key" varchar(120) null, "rule_valid_from" date null, "category" varchar(64) not null, "record_type" varchar(32) not null, "count" int not null, "places" jsonb not null);`,
    );
    this.addSql(`create index "privacy_deletion_occurred_at_index" on "privacy_deletion" ("occurred_at");`);
    this.addSql(
      `create table "retention_run" ("id" bigserial primary key, "trigger" varchar(16) not null, "day" date not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "erased" int not null default 0, "deferred" int not null default 0);`,
    );
    this.addSql(
      `create unique index "retention_run_schedule_day_unique" on "retention_run" ("day") where "trigger" = 'schedule';`,
    );

    // append-only, except inside an erasure transaction of the retention job
    this.addSql(
      `create function "refuse_change_except_erasure"() returns trigger language plpgsql as $$
       begin
         if current_setting('mia.erasure', true) = 'on' then
           if tg_op = 'DELETE' then return old; end if;
           return new;
         end if;
         raise exception '% is append-only', tg_table_name;
       end $$;`,
    );
    for (const table of GUARDED) {
      this.addSql(`drop trigger "${table}_append_only" on "${table}";`);
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "${table}" for each row execute function "refuse_change_except_erasure"();`,
      );
    }

    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values\n` +
        RULES.map(
          ([key, value, source, kind, note]) =>
            `(${quote(key)}, '2020-01-01', ${quote(value)}, ${quote(source)}, ${quote(kind)}, ${quote(note)}, 'migration', now())`,
        ).join(',\n') +
        ';',
    );
  }

  override down(): void {
    this.addSql(`delete from "parameter" where "key" like 'retention.%';`);
    for (const table of GUARDED) {
      this.addSql(`drop trigger "${table}_append_only" on "${table}";`);
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "${table}" for each row execute function "refuse_change"();`,
      );
    }
    this.addSql(`drop function if exists "refuse_change_except_erasure"();`);
    this.addSql(`drop table if exists "retention_run" cascade;`);
    this.addSql(`drop table if exists "privacy_deletion" cascade;`);
  }
}
