/**
 * The agency units of the Migrationsagentur (BRIEF § 1). The code is the candidate group of the unit's
 * user tasks and the lane name prefix in every model.
 */
export const AGENCY_UNITS = {
  ABH: 'Ausländerbehörde',
  LG: 'Leistungsgewährung AsylbLG',
  UV: 'Unterkunftsverwaltung',
  INT: 'Integration und Sprachmittlung',
  JC: 'Jobcenter',
  JA: 'Jugendamt',
  BK: 'Bildungskoordination und vhs',
  IVAF: 'IvAF-Projekt',
  BS: 'Beschwerdestelle',
} as const;

export type AgencyUnit = keyof typeof AGENCY_UNITS;

export function isAgencyUnit(value: string): value is AgencyUnit {
  return Object.prototype.hasOwnProperty.call(AGENCY_UNITS, value);
}
