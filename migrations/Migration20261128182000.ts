import { Migration } from '@mikro-orm/migrations';

const EU_EEA_CH = [
  'AUT',
  'BEL',
  'BGR',
  'HRV',
  'CYP',
  'CZE',
  'DNK',
  'EST',
  'FIN',
  'FRA',
  'DEU',
  'GRC',
  'HUN',
  'IRL',
  'ITA',
  'LVA',
  'LTU',
  'LUX',
  'MLT',
  'NLD',
  'POL',
  'PRT',
  'ROU',
  'SVK',
  'SVN',
  'ESP',
  'SWE',
  'ISL',
  'LIE',
  'NOR',
  'CHE',
];

const AGE_BANDS = [
  { label: '0–5', from: 0, to: 5 },
  { label: '6–13', from: 6, to: 13 },
  { label: '14–17', from: 14, to: 17 },
  { label: '18–24', from: 18, to: 24 },
  { label: '25–39', from: 25, to: 39 },
  { label: '40–64', from: 40, to: 64 },
  { label: '65+', from: 65, to: null },
];

/** first matching row wins (src/statistics/lagebild.rules.ts duldungCategoryOf) */
const DULDUNG_CATEGORIES = [
  { category: 'helperTraining', legalBases: ['§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG'] },
  { category: 'helperTraining', grantCategories: ['helper training'] },
  { category: 'employment', grantCategories: ['employment'] },
  { category: 'employment', statusTypes: ['Duldung §60d'] },
  { category: 'vocationalSupport', grantCategories: ['vocational support measure'] },
  { category: 'vocationalTraining', grantCategories: ['vocational training'] },
];

const ROWS: [string, unknown, string, 'local' | 'unconfirmed', string][] = [
  [
    'statistics.euEeaChCountries',
    EU_EEA_CH,
    'BRIEF § 8 "EU vs third-country" (FreizügG/EU: EU, EWR, Schweiz)',
    'local',
    'Staaten der EU, des EWR und die Schweiz, ISO 3166-1 alpha-3',
  ],
  [
    'statistics.dualNationalRule',
    'any-eu-nationality',
    'BRIEF § 8 "rule for dual nationals" [local]',
    'local',
    'any-eu-nationality: eine EU/EWR/CH-Staatsangehörigkeit genügt; main-nationality: die erste (Haupt-)Staatsangehörigkeit entscheidet. Deutsche Staatsangehörigkeit geht immer vor.',
  ],
  [
    'statistics.ageBands',
    AGE_BANDS,
    'BRIEF § 8 "Asylum seekers by age group" [local]',
    'local',
    'Altersgruppen (volle Jahre am Stichtag, Grenzen einschließlich)',
  ],
  [
    'statistics.jobcenterWindowMonths',
    3,
    'BRIEF § 8 "within 3 months" [local]; SGB-II-Rückwirkung offen (BRIEF § 9 Nr. 3)',
    'local',
    'Monate vor und nach dem Leistungsende wegen Anerkennung, in denen ein SGB-II-Antrag zählt',
  ],
  [
    'statistics.duldungCategoryMapping',
    DULDUNG_CATEGORIES,
    'BRIEF § 8 "Duldungen by category" (Annahme, mit der ABH zu bestätigen) [?]',
    'unconfirmed',
    'Zuordnung der Duldungen zu Kategorien; die erste passende Zeile gilt',
  ],
  [
    'statistics.civilWarLegalBases',
    ['§ 23 Abs. 1 AufenthG', '§ 24 AufenthG'],
    'BRIEF § 8 "Civil-war refugees" [local]',
    'local',
    'Rechtsgrundlagen der Aufenthaltserlaubnis, die als Bürgerkriegsflüchtlinge zählen',
  ],
  [
    'statistics.minCellCount',
    5,
    'Issue 6 § 1: Mindestfallzahl gegen Re-Identifikation [local]',
    'local',
    'Fallzahlen über 0 und unter diesem Wert werden als "< n" ausgewiesen',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Lagebild (issue 6 § 1, BRIEF § 8): the [local] choices of the statistics as versioned parameters. No tables. */
export class Migration20261128182000 extends Migration {
  override up(): void {
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values\n` +
        ROWS.map(
          ([key, value, source, kind, note]) =>
            `(${quote(key)}, '2020-01-01', ${quote(JSON.stringify(value))}, ${quote(source)}, ${quote(kind)}, ${quote(note)}, 'migration', now())`,
        ).join(',\n') +
        ';',
    );
  }

  override down(): void {
    this.addSql(`delete from "parameter" where "key" in (${ROWS.map(([key]) => quote(key)).join(', ')});`);
  }
}
