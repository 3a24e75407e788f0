import { Migration } from '@mikro-orm/migrations';

/** [key, valid_from, value (JSON), source, kind, note] */
const ROWS: [string, string, string, string, 'statutory' | 'local' | 'unconfirmed', string][] = [
  [
    'trainingToleration.applicationLeadMonths',
    '2020-01-01',
    '7',
    '§ 60c Abs. 3 S. 1 AufenthG',
    'statutory',
    'Antrag frühestens so viele Monate vor Ausbildungsbeginn',
  ],
  [
    'trainingToleration.earliestGrantMonths',
    '2020-01-01',
    '6',
    '§ 60c Abs. 3 S. 2 AufenthG',
    'statutory',
    'Erteilung (Fallgruppe Nr. 2) frühestens so viele Monate vor Ausbildungsbeginn',
  ],
  [
    'trainingToleration.minTrainingMonths',
    '2020-03-01',
    '24',
    '§ 2 Abs. 12a AufenthG',
    'statutory',
    'Mindestdauer einer qualifizierten Berufsausbildung in Monaten',
  ],
  [
    'trainingToleration.dualStudyAccepted',
    '2020-01-01',
    'false',
    'BRIEF § 5 (Berlin erkennt duale Studiengänge an) [local]',
    'local',
    'Ob ein duales Studium als qualifizierte Berufsausbildung gilt',
  ],
  [
    'trainingToleration.priorDuldungMonths',
    '2020-01-01',
    '3',
    '§ 60c Abs. 2 Nr. 2 AufenthG; § 60b Abs. 5 S. 1 AufenthG',
    'statutory',
    'Vorduldungszeit bei Antragstellung (Fallgruppe Nr. 2), ohne Zeiten nach § 60b',
  ],
  [
    'trainingToleration.identityDeadlines',
    '2020-01-01',
    '{"earlyEntryUntil":"2016-12-31","middleEntryUntil":"2019-12-31","middleDeadline":"2020-06-30","monthsAfterEntry":6}',
    '§ 60c Abs. 2 Nr. 3 Buchst. a–c AufenthG',
    'statutory',
    'Stufen der Frist zur Identitätsklärung nach Einreisedatum',
  ],
  [
    'trainingToleration.fineLimits',
    '2020-01-01',
    '{"general":50,"foreignerOnly":90}',
    '§ 60c Abs. 2 Nr. 4 i. V. m. § 19d Abs. 1 Nr. 6 AufenthG',
    'statutory',
    'Geldstrafen in Tagessätzen, die außer Betracht bleiben (allgemein / nur von Ausländern begehbare Straftaten)',
  ],
  [
    'trainingToleration.safeCountryApplicationsAfter',
    '2020-01-01',
    '"2015-08-31"',
    '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
    'statutory',
    'Beschäftigungsverbot für Asylanträge aus sicheren Herkunftsstaaten, die nach diesem Tag gestellt wurden',
  ],
  [
    'trainingToleration.safeCountriesOfOrigin',
    '2020-01-01',
    '["ALB","BIH","GHA","MKD","MNE","SEN","SRB","XKX"]',
    '§ 29a AsylG, Anlage II',
    'statutory',
    'Sichere Herkunftsstaaten (ISO 3166-1 alpha-3, Kosovo: XKX)',
  ],
  [
    'trainingToleration.safeCountriesOfOrigin',
    '2023-12-23',
    '["ALB","BIH","GEO","GHA","MDA","MKD","MNE","SEN","SRB","XKX"]',
    '§ 29a AsylG, Anlage II (Georgien und Moldau seit 23.12.2023, BGBl. 2023 I Nr. 382) — Änderungen 2025 prüfen [?]',
    'unconfirmed',
    'Sichere Herkunftsstaaten (ISO 3166-1 alpha-3, Kosovo: XKX)',
  ],
  [
    'trainingToleration.transitional104Abs18',
    '2023-12-23',
    '{"nationalities":["GEO","MDA"],"cutoff":"2023-08-30"}',
    '§ 104 Abs. 18 AufenthG',
    'statutory',
    '§ 60a Abs. 6 S. 1 Nr. 3 gilt nicht für diese Staatsangehörigen mit Asylantrag bis zum Stichtag oder an ihm ohne Antrag geduldet',
  ],
  [
    'trainingToleration.bafoegNeedCents',
    '2024-03-01',
    '{"withParents":47400,"notWithParents":73600}',
    '§ 16g AufenthG i. V. m. § 2 Abs. 3 AufenthG und § 12 BAföG — Beträge nach der BAföG-Novelle 2024 prüfen [?]',
    'unconfirmed',
    'Monatlicher Bedarf in Cent, ab dem der Lebensunterhalt als gesichert gilt (bei den Eltern / nicht bei den Eltern wohnend)',
  ],
  [
    'trainingToleration.hearingPeriodDays',
    '2020-01-01',
    '14',
    'BRIEF § 1 (Anhörung 2 Wochen) [local]; § 28 VwVfG',
    'local',
    'Frist zur Stellungnahme in der Anhörung in Tagen',
  ],
  [
    'trainingToleration.baApprovalFictionDays',
    '2020-01-01',
    '14',
    '§ 36 Abs. 2 BeschV',
    'statutory',
    'Die Zustimmung der BA gilt als erteilt, wenn sie nicht innerhalb dieser Frist (Tage) antwortet',
  ],
  [
    'trainingToleration.examStatusLeadMonths',
    '2020-01-01',
    '2',
    'BRIEF § 5 Überwachung (Vertragsende minus 2 Monate) [local]',
    'local',
    'Monate vor Vertragsende, in denen der Prüfungsstand erfragt wird',
  ],
  [
    'trainingToleration.searchDuldungMonths',
    '2020-01-01',
    '6',
    '§ 60c Abs. 6 S. 1 AufenthG',
    'statutory',
    'Einmalige Duldung zur Suche eines weiteren Ausbildungsplatzes (Monate)',
  ],
  [
    'trainingToleration.jobSearchDuldungMonths',
    '2020-01-01',
    '6',
    '§ 60c Abs. 6 S. 2 AufenthG',
    'statutory',
    'Duldung zur Arbeitsplatzsuche nach bestandener Ausbildung (Monate, nicht verlängerbar)',
  ],
  [
    'trainingToleration.residencePermit19dMonths',
    '2020-01-01',
    '24',
    '§ 19d Abs. 1a AufenthG',
    'statutory',
    'Geltungsdauer der Aufenthaltserlaubnis nach bestandener Ausbildung (Monate)',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Ausbildungsduldung (§ 60c AufenthG) and § 16g (BRIEF § 5): cut-off dates, periods and thresholds as
 * versioned parameters (statutory but often changed, [?] and [local] values). No tables.
 */
export class Migration20261128110300 extends Migration {
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
    this.addSql(
      `delete from "parameter" where "key" in (${[...new Set(ROWS.map(([key]) => key))].map(quote).join(', ')});`,
    );
  }
}
