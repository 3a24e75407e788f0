import { Migration } from '@mikro-orm/migrations';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const num = (n: number | null): string => (n === null ? 'null' : String(n));

const S3A_2025 = '§ 3a AsylbLG; Bekanntmachung des BMAS über die Höhe der Leistungssätze ab 01.01.2025';
const S3A_2026 =
  '§ 3a AsylbLG; Bekanntmachung des BMAS über die Höhe der Leistungssätze ab 01.01.2026 (BGBl. 2025 I Nr. 251)';
const S2_2025 = '§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII (Regelbedarfsstufen 2025)';
const S2_2026 = '§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII (Regelbedarfsstufen 2026)';

/** [basis, level, valid_from, valid_to, bedarf, persoenlich, total, source] in cents; null = [?] in the brief */
const RATES: [
  '§3a' | '§2',
  number,
  string,
  string | null,
  number | null,
  number | null,
  number | null,
  string,
][] = [
  ['§3a', 1, '2025-01-01', '2025-12-31', null, null, 44100, S3A_2025],
  ['§3a', 2, '2025-01-01', '2025-12-31', null, null, 39700, S3A_2025],
  ['§3a', 3, '2025-01-01', '2025-12-31', null, null, 35300, S3A_2025],
  ['§3a', 4, '2025-01-01', '2025-12-31', null, null, null, `${S3A_2025} – Wert ungeklärt [?]`],
  ['§3a', 5, '2025-01-01', '2025-12-31', null, null, null, `${S3A_2025} – Wert ungeklärt [?]`],
  ['§3a', 6, '2025-01-01', '2025-12-31', null, null, null, `${S3A_2025} – Wert ungeklärt [?]`],
  ['§3a', 1, '2026-01-01', null, 25300, 20200, 45500, S3A_2026],
  ['§3a', 2, '2026-01-01', null, 22700, 18200, 40900, S3A_2026],
  ['§3a', 3, '2026-01-01', null, 20200, 16300, 36500, S3A_2026],
  ['§3a', 4, '2026-01-01', null, 26700, 13800, 40500, S3A_2026],
  ['§3a', 5, '2026-01-01', null, 20200, 13500, 33700, S3A_2026],
  ['§3a', 6, '2026-01-01', null, 17900, 13000, 30900, S3A_2026],
  ...[56300, 50600, 45100, 47100, 39000, 35700].flatMap(
    (total, i): ['§2', number, string, string | null, null, null, number, string][] => [
      ['§2', i + 1, '2025-01-01', '2025-12-31', null, null, total, S2_2025],
      ['§2', i + 1, '2026-01-01', null, null, null, total, S2_2026],
    ],
  ),
];

/** [key, valid_from, value (JSON), source, kind, note] */
const PARAMETERS: [string, string, string, string, 'statutory' | 'local' | 'unconfirmed', string][] = [
  [
    'asylblg.eligibility.suspensionMonths',
    '2024-01-01',
    '18',
    '§ 1 Abs. 1 Nr. 3 Buchst. c AsylbLG',
    'statutory',
    '§ 25 Abs. 5 AufenthG: leistungsberechtigt, solange die Aussetzungsentscheidung weniger Monate zurückliegt',
  ],
  [
    'asylblg.eligibility.otherTitleMonths',
    '2024-01-01',
    '6',
    '§ 1 Abs. 2 AsylbLG',
    'statutory',
    'Ein anderer Aufenthaltstitel mit einer Gesamtgeltungsdauer von mehr Monaten beendet die Leistungsberechtigung',
  ],
  [
    'asylblg.recognition.finalAfterDays',
    '2024-01-01',
    '14',
    '§ 74 Abs. 1 AsylG; BRIEF § 3 Arbeitsannahme [?]',
    'unconfirmed',
    'Tage nach Zustellung der BAMF-Entscheidung, nach denen sie als bestandskräftig gilt (Ende der Leistungsberechtigung zum Monatsende, § 1 Abs. 3 AsylbLG)',
  ],
  [
    'asylblg.exclusion.bridgingMaxDays',
    '2024-01-01',
    '14',
    '§ 1 Abs. 4 S. 2 AsylbLG',
    'statutory',
    'Höchstdauer der Überbrückungsleistungen in Tagen',
  ],
  [
    'asylblg.exclusion.bridgingOncePerMonths',
    '2024-01-01',
    '24',
    '§ 1 Abs. 4 S. 2 AsylbLG',
    'statutory',
    'Überbrückungsleistungen nur einmal innerhalb dieser Monate',
  ],
  [
    'asylblg.reduction.maxMonths',
    '2024-01-01',
    '6',
    '§ 14 Abs. 1 AsylbLG',
    'statutory',
    'Höchstdauer einer Anspruchseinschränkung; Fortsetzung nur nach erneuter Prüfung (§ 14 Abs. 2)',
  ],
  [
    'asylblg.reduction.bedarfPercent',
    '2024-01-01',
    '100',
    '§ 1a Abs. 1 S. 2 AsylbLG [?]',
    'unconfirmed',
    'Anteil des notwendigen Bedarfs (§ 3a Abs. 2), der bei einer Einschränkung gewährt wird (Ernährung, Körper- und Gesundheitspflege); der persönliche Bedarf entfällt. Höhe zu klären',
  ],
  [
    'asylblg.analog.waitingMonths',
    '2019-08-21',
    '18',
    '§ 2 Abs. 1 S. 1 AsylbLG (Fassung vom 15.08.2019)',
    'statutory',
    'Wartezeit für Analogleistungen in Monaten',
  ],
  [
    'asylblg.analog.waitingMonths',
    '2024-02-27',
    '36',
    '§ 2 Abs. 1 S. 1 AsylbLG (Fassung des Rückführungsverbesserungsgesetzes, in Kraft 27.02.2024)',
    'statutory',
    'Wartezeit für Analogleistungen in Monaten',
  ],
  [
    'asylblg.analog.grandfatherCutoff',
    '2024-02-27',
    '"2024-02-26"',
    '§ 20 AsylbLG',
    'statutory',
    'Wer an diesem Tag Leistungen nach § 2 bezog, behält sie',
  ],
  [
    'asylblg.analog.reminderMonths',
    '2024-01-01',
    '1',
    'BRIEF § 3 Events (Erinnerung 1 Monat vorher) [local]',
    'local',
    'Erinnerung so viele Monate vor Ablauf der Wartezeit nach § 2',
  ],
  [
    'asylblg.wiedervorlageMonths',
    '2024-01-01',
    '6',
    'BRIEF § 3 Events (Wiedervorlage alle 6 Monate) [local]',
    'local',
    'Abstand der Wiedervorlage eines laufenden Leistungsfalls in Monaten',
  ],
  [
    'asylblg.needsLevel.guSingleAdultLevelSection3',
    '2024-01-01',
    '2',
    '§ 3a Abs. 1 Nr. 2 Buchst. b AsylbLG [?] (verfassungsrechtlich umstritten, vgl. BVerfG 1 BvL 3/21 zu § 2)',
    'unconfirmed',
    'Bedarfsstufe alleinstehender Erwachsener in einer Gemeinschaftsunterkunft bei Leistungen nach § 3',
  ],
  [
    'asylblg.minorSupplementCents',
    '2024-01-01',
    '2500',
    '§ 16 AsylbLG (Sofortzuschlag)',
    'statutory',
    'Sofortzuschlag je minderjähriger Person und Monat in Cent',
  ],
  [
    'asylblg.income.disregardPercent',
    '2024-01-01',
    '25',
    '§ 7 Abs. 3 S. 1 AsylbLG',
    'statutory',
    'Anteil des Erwerbseinkommens, der außer Betracht bleibt',
  ],
  [
    'asylblg.income.disregardCapPercent',
    '2024-01-01',
    '50',
    '§ 7 Abs. 3 S. 1 AsylbLG',
    'statutory',
    'Höchstbetrag des Freibetrags in Prozent der maßgeblichen Bedarfsstufe',
  ],
  [
    'asylblg.assets.allowancePerPersonCents',
    '2024-01-01',
    '20000',
    '§ 7 Abs. 5 AsylbLG',
    'statutory',
    'Vermögensfreibetrag je Person in Cent',
  ],
  [
    'asylblg.partialMonthDays',
    '2024-01-01',
    '30',
    '§ 3 Abs. 5 AsylbLG',
    'statutory',
    'Ein Teilmonat wird mit so vielen Tagen je Monat berechnet',
  ],
];

/**
 * AsylbLG benefits (BRIEF § 3): the versioned rate table asylblg_rate with the 2025 and 2026 rates
 * (unknown [?] values stored as null), the monthly payment instructions (payment_card_load), and the
 * statutory, [local] and [?] figures of the calculation and the § 2 gateway as parameter rows.
 */
export class Migration20261128110100 extends Migration {
  override up(): void {
    this.addSql(
      `create table "asylblg_rate" ("id" bigserial primary key, "basis" varchar(4) not null, "level" smallint not null, "valid_from" date not null, "valid_to" date null, "bedarf" int null, "persoenlich" int null, "total" int null, "source" varchar(300) not null, constraint asylblg_rate_level_check check (((level >= 1) AND (level <= 6))));`,
    );
    this.addSql(
      `alter table "asylblg_rate" add constraint "asylblg_rate_basis_level_valid_from_unique" unique ("basis", "level", "valid_from");`,
    );
    this.addSql(
      `create table "payment_card_load" ("id" uuid not null, "person_id" uuid not null, "case_id" varchar(64) not null, "month" varchar(7) not null, "basis" varchar(4) not null, "amount" int not null, "housing_amount" int not null, "cash_limit" int not null, "payment_card_id" varchar(32) null, "process_instance_key" bigint null, "recorded_at" timestamptz not null, constraint "payment_card_load_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "payment_card_load_process_instance_key_index" on "payment_card_load" ("process_instance_key");`,
    );
    this.addSql(
      `alter table "payment_card_load" add constraint "payment_card_load_person_id_month_unique" unique ("person_id", "month");`,
    );
    this.addSql(
      `insert into "asylblg_rate" ("basis", "level", "valid_from", "valid_to", "bedarf", "persoenlich", "total", "source") values\n` +
        RATES.map(
          ([basis, level, from, to, bedarf, persoenlich, total, source]) =>
            `(${quote(basis)}, ${level}, ${quote(from)}, ${to ? quote(to) : 'null'}, ${num(bedarf)}, ${num(persoenlich)}, ${num(total)}, ${quote(source)})`,
        ).join(',\n') +
        ';',
    );
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values\n` +
        PARAMETERS.map(
          ([key, validFrom, value, source, kind, note]) =>
            `(${quote(key)}, ${quote(validFrom)}, ${quote(value)}, ${quote(source)}, ${quote(kind)}, ${quote(note)}, 'migration', now())`,
        ).join(',\n') +
        ';',
    );
  }

  override down(): void {
    this.addSql(
      `delete from "parameter" where "key" in (${[...new Set(PARAMETERS.map(([key]) => key))].map(quote).join(', ')});`,
    );
    this.addSql(`drop table if exists "payment_card_load" cascade;`);
    this.addSql(`drop table if exists "asylblg_rate" cascade;`);
  }
}
