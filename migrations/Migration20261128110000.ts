import { Migration } from '@mikro-orm/migrations';

const KEYS = [
  'arrival.noShowGraceDays',
  'arrival.integrationTalkDays',
  'arrival.wiedervorlageMonths',
  'arrival.workAccessWaitingMonths',
  'arrival.safeCountriesOfOrigin',
  'arrival.bezahlkarteCashLimitMonthlyCents',
];

/**
 * Arrival and reception after Zuweisung (BRIEF § 2): the [local] and [?] values of the process as
 * versioned parameters. No tables.
 */
export class Migration20261128110000 extends Migration {
  override up(): void {
    this.addSql(
      `insert into "parameter" ("key", "valid_from", "value", "source", "kind", "note", "recorded_by", "recorded_at") values
      ('arrival.noShowGraceDays', '2020-01-01', '2', 'BRIEF § 2 Nr. 5 [local]', 'local', 'Tage nach dem angekündigten Ankunftsdatum, nach denen die Nichtankunft gemeldet wird', 'migration', now()),
      ('arrival.integrationTalkDays', '2020-01-01', '14', 'BRIEF § 2 Nr. 9 [local]', 'local', 'Frist für das Erstgespräch mit Sprachmittlung in Tagen nach der Ankunft', 'migration', now()),
      ('arrival.wiedervorlageMonths', '2020-01-01', '3', 'BRIEF § 2 Nr. 11 [local]', 'local', 'Wiedervorlage des Integrationsplans in Monaten', 'migration', now()),
      ('arrival.workAccessWaitingMonths', '2020-01-01', '3', '§ 61 Abs. 2 S. 1 AsylG; Fassung nach 2024 ("soll"/"kann") unbestätigt [?]', 'unconfirmed', 'Wartezeit bis zur möglichen Beschäftigungserlaubnis in Monaten gestatteten Aufenthalts', 'migration', now()),
      ('arrival.safeCountriesOfOrigin', '2023-12-23', '["ALB", "BIH", "GEO", "GHA", "MDA", "MKD", "MNE", "SEN", "SRB", "XKX"]', 'Anlage II zu § 29a AsylG (Georgien und Moldau seit 23.12.2023) [?] Stand 2025 prüfen', 'unconfirmed', 'Sichere Herkunftsstaaten, ISO 3166-1 alpha-3 (Kosovo: XKX)', 'migration', now()),
      ('arrival.bezahlkarteCashLimitMonthlyCents', '2020-01-01', '5000', 'BRIEF Glossar "Bezahlkarte" (Barabhebung begrenzt auf 50 EUR) [local]', 'local', 'Monatlicher Bargeldbetrag der Bezahlkarte je Person in Cent', 'migration', now());`,
    );
  }

  override down(): void {
    this.addSql(`delete from "parameter" where "key" in (${KEYS.map((k) => `'${k}'`).join(', ')});`);
  }
}
