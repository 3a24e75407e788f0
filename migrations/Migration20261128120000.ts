import { Migration } from '@mikro-orm/migrations';

/** [key, valid_from, value (JSON), source, kind, note] */
const PARAMETERS: [string, string, string, string, 'statutory' | 'local' | 'unconfirmed', string][] = [
  [
    'asylblg.but.schoolSuppliesFirstHalfCents',
    '2026-01-01',
    '13000',
    '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 3 S. 1 Nr. 1 und Abs. 3a SGB XII; BRIEF § 3 (2026: 130 EUR)',
    'statutory',
    'Persönlicher Schulbedarf für das erste Schulhalbjahr in Cent (jährlich fortgeschrieben)',
  ],
  [
    'asylblg.but.schoolSuppliesSecondHalfCents',
    '2026-01-01',
    '6500',
    '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 3 S. 1 Nr. 2 und Abs. 3a SGB XII; BRIEF § 3 (2026: 65 EUR)',
    'statutory',
    'Persönlicher Schulbedarf für das zweite Schulhalbjahr in Cent (jährlich fortgeschrieben)',
  ],
  [
    'asylblg.but.participationMonthlyCents',
    '2026-01-01',
    '1500',
    '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 7 SGB XII',
    'statutory',
    'Teilhabe am sozialen und kulturellen Leben: höchstens dieser Betrag je Monat in Cent',
  ],
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Bildung und Teilhabe for AsylbLG recipients (BRIEF § 3 "BuT and Krankenhilfe"): the amounts of
 * §§ 34, 34a SGB XII as versioned parameters (integer cents). No tables.
 */
export class Migration20261128120000 extends Migration {
  override up(): void {
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
      `delete from "parameter" where "key" in (${PARAMETERS.map(([key]) => quote(key)).join(', ')}) and "recorded_by" = 'migration';`,
    );
  }
}
