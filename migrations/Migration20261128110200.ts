import { Migration } from '@mikro-orm/migrations';

/** [key, valid_from, value (JSON), source, kind, note] */
const ROWS: [string, string, string, string, 'statutory' | 'local' | 'unconfirmed', string][] = [
  [
    'employmentToleration.entryCutOff',
    '2024-02-27',
    '"2022-12-31"',
    '§ 60d Abs. 1 AufenthG (Fassung 2024; Inkrafttreten prüfen [?])',
    'statutory',
    'Einreise bis zu diesem Datum (Antragsteller/in und Ehegatte)',
  ],
  [
    'employmentToleration.identityEarlyEntryCutOff',
    '2024-02-27',
    '"2016-12-31"',
    '§ 60d Abs. 1 Nr. 1 AufenthG',
    'statutory',
    'Einreise bis zu diesem Datum: Identität bis zur Beantragung geklärt',
  ],
  [
    'employmentToleration.identityLateEntryDeadline',
    '2024-02-27',
    '"2024-12-31"',
    '§ 60d Abs. 1 Nr. 1 AufenthG',
    'statutory',
    'Spätere Einreise: Identität bis zu diesem Datum geklärt, bei früherer Beantragung bis zur Beantragung',
  ],
  [
    'employmentToleration.minDuldungMonths',
    '2024-02-27',
    '12',
    '§ 60d Abs. 1 Nr. 2 AufenthG; § 60b Abs. 5 AufenthG',
    'statutory',
    'Vorduldungszeit in Monaten (ohne Zeiten nach § 60b)',
  ],
  [
    'employmentToleration.minEmploymentMonths',
    '2024-02-27',
    '12',
    '§ 60d Abs. 1 Nr. 3 AufenthG',
    'statutory',
    'Dauer der sozialversicherungspflichtigen Beschäftigung in Monaten',
  ],
  [
    'employmentToleration.minWeeklyHours',
    '2024-02-27',
    '20',
    '§ 60d Abs. 1 Nr. 3 AufenthG',
    'statutory',
    'Regelmäßige Wochenarbeitszeit in Stunden',
  ],
  [
    'employmentToleration.livelihoodMonths',
    '2024-02-27',
    '12',
    '§ 60d Abs. 1 Nr. 4 AufenthG',
    'statutory',
    'Monate, in denen der Lebensunterhalt durch die Beschäftigung gesichert gewesen sein muss',
  ],
  [
    'employmentToleration.germanOralLevel',
    '2024-02-27',
    '"A2"',
    '§ 60d Abs. 1 Nr. 5, § 2 Abs. 10 AufenthG',
    'statutory',
    'Niveau der hinreichenden mündlichen Deutschkenntnisse',
  ],
  [
    'employmentToleration.foreignerOffenceMaxTagessaetze',
    '2024-02-27',
    '90',
    '§ 60d Abs. 1 Nr. 6 AufenthG i. V. m. § 32 Abs. 2 Nr. 5a BZRG [?]',
    'unconfirmed',
    'Geldstrafe in Tagessätzen, bis zu der eine nur von Ausländern begehbare Straftat in der Regel außer Betracht bleibt (keine 50-Tagessätze-Grenze wie bei § 60c)',
  ],
  [
    'employmentToleration.shortInterruptionMaxDays',
    '2020-01-01',
    '90',
    '§ 60d Abs. 3 S. 2 AufenthG ("kurzfristige Unterbrechungen", gesetzlich nicht bestimmt) [local]',
    'local',
    'Längste Unterbrechung in Tagen, die noch als kurzfristig gilt',
  ],
  [
    'employmentToleration.durationMonths',
    '2024-02-27',
    '30',
    '§ 60d Abs. 1 AufenthG',
    'statutory',
    'Geltungsdauer der Beschäftigungsduldung in Monaten',
  ],
  [
    'employmentToleration.invitation25bMonth',
    '2020-01-01',
    '27',
    'BRIEF § 4 Nr. 11; § 25b Abs. 6 AufenthG [local]',
    'local',
    'Monat der Duldung, in dem zur Antragstellung nach § 25b Abs. 6 eingeladen wird',
  ],
  [
    'employmentToleration.documentsPeriodDays',
    '2020-01-01',
    '28',
    'BRIEF § 4 Nr. 3 (4 Wochen) [local]',
    'local',
    'Frist für nachgeforderte Unterlagen in Tagen',
  ],
  [
    'employmentToleration.hearingPeriodDays',
    '2020-01-01',
    '14',
    'BRIEF § 1 (Anhörung 2 Wochen) [local]; § 28 VwVfG',
    'local',
    'Frist zur Stellungnahme in der Anhörung in Tagen',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Beschäftigungsduldung (§ 60d AufenthG, BRIEF § 4): cut-off dates and thresholds (statutory, but changed
 * often), the [?] Tagessätze limit and the agency's [local] periods as versioned parameters. No tables.
 */
export class Migration20261128110200 extends Migration {
  override up(): void {
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
  }
}
