import { Migration } from '@mikro-orm/migrations';

/** [key, valid_from, value (JSON), source, kind, note] */
const ROWS: [string, string, string, string, 'statutory' | 'local' | 'unconfirmed', string][] = [
  [
    'return.removalWarningDefaultDays',
    '2020-01-01',
    '30',
    '§ 59 Abs. 1 S. 1 AufenthG (7 bis 30 Tage) [local]',
    'local',
    'Ausreisefrist der Abschiebungsandrohung in Tagen, wenn die Sachbearbeitung keine andere Frist bestimmt',
  ],
  [
    'return.manifestlyUnfoundedDays',
    '2020-01-01',
    '7',
    '§ 36 Abs. 1 AsylG ("eine Woche") [?]',
    'unconfirmed',
    'Ausreisefrist bei offensichtlich unbegründetem oder unzulässigem Asylantrag in Tagen',
  ],
  [
    'return.withdrawalDays',
    '2020-01-01',
    '7',
    '§ 38 Abs. 2 AsylG ("eine Woche") [?]',
    'unconfirmed',
    'Ausreisefrist bei Rücknahme des Asylantrags vor der Entscheidung des Bundesamtes in Tagen',
  ],
  [
    'return.departureConfirmationDays',
    '2020-01-01',
    '7',
    'BRIEF § 6 Nr. 7 (Ausreisetermin + 7 Tage) [local]',
    'local',
    'Tage nach dem Ausreisetermin, bis zu denen die Ausreisebestätigung vorliegen muss; danach gilt die Person als untergetaucht',
  ],
  [
    'return.duldungReviewDaysBeforeExpiry',
    '2020-01-01',
    '14',
    'BRIEF § 6 Nr. 10 (Ablauf minus 2 Wochen) [local]',
    'local',
    'Wiedervorlage so viele Tage vor Ablauf der Duldung',
  ],
  [
    'return.counsellingCentre',
    '2020-01-01',
    '{"name": "Rückkehrberatung der Migrationsagentur Burgenlandkreis", "address": "Anschrift der Beratungsstelle eintragen", "openingHours": "Sprechzeiten eintragen"}',
    'BRIEF § 6 (Rückkehrberatung: INT oder extern) [local]',
    'local',
    'Beratungsstelle in Belehrung und Einladung; Anschrift und Sprechzeiten vor dem Echtbetrieb eintragen',
  ],
  [
    'complaints.acknowledgementWorkingDays',
    '2020-01-01',
    '3',
    'BRIEF § 7 Nr. 2 [local]',
    'local',
    'Eingangsbestätigung binnen so vieler Arbeitstage (Mo–Fr ohne Feiertage in Sachsen-Anhalt)',
  ],
  [
    'complaints.statementWorkingDays',
    '2020-01-01',
    '10',
    'BRIEF § 7 Nr. 4 [local]',
    'local',
    'Stellungnahme der Einheit binnen so vieler Arbeitstage, sonst Eskalation an die Leitung',
  ],
  [
    'complaints.replyMonths',
    '2020-01-01',
    '1',
    'BRIEF § 7 Nr. 6 [local]',
    'local',
    'Antwort binnen so vieler Monate nach Eingang, sonst Zwischennachricht',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Return management (BRIEF § 6) and complaint management (BRIEF § 7): the [local] and [?] periods as
 * versioned parameters; the complaint register (no personal data) and the sequence of its references.
 */
export class Migration20261128110400 extends Migration {
  override up(): void {
    this.addSql(`create sequence "complaint_reference_seq" start 1;`);
    this.addSql(
      `create table "complaint" ("reference" varchar(20) not null, "process_instance_key" bigint not null, "received_on" date not null, "acknowledge_by" date not null, "reply_by" date not null, "channel" varchar(32) null, "category" varchar(32) null, "unit_concerned" varchar(8) null, "anonymous" boolean null, "acknowledged_on" date null, "answered_on" date null, "interim_reply_on" date null, "escalated_on" date null, "outcome" varchar(32) null, "closed_on" date null, "created_at" timestamptz not null, constraint "complaint_pkey" primary key ("reference"));`,
    );
    this.addSql(`create index "complaint_received_on_index" on "complaint" ("received_on");`);
    this.addSql(
      `alter table "complaint" add constraint "complaint_process_instance_key_unique" unique ("process_instance_key");`,
    );
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values\n` +
        ROWS.map(
          ([key, validFrom, value, source, kind, note]) =>
            `(${quote(key)}, ${quote(validFrom)}, ${quote(value)}, ${quote(source)}, ${quote(kind)}, ${quote(note)}, 'migration', now())`,
        ).join(',\n') +
        ';',
    );
  }

  override down(): void {
    this.addSql(`delete from "parameter" where "key" in (${ROWS.map(([key]) => quote(key)).join(', ')});`);
    this.addSql(`drop table if exists "complaint" cascade;`);
    this.addSql(`drop sequence if exists "complaint_reference_seq";`);
  }
}
