import type {
  Cell,
  Figure,
  FlowKey,
  LagebildDates,
  LagebildFigures,
  StockKey,
  Trend,
} from './lagebild.rules';

/**
 * The Lagebild as people read it: German labels, sections, the base population of the rankings, and the
 * CSV (German headers, `;`, UTF-8 BOM). JSON, page and CSV all list the same rows from here.
 */

export const FIGURE_LABELS: Record<StockKey | FlowKey, string> = {
  foreigners: 'Ausländerinnen und Ausländer im Landkreis',
  foreignersEu: 'davon EU/EWR/Schweiz',
  foreignersThirdCountry: 'davon Drittstaaten',
  asylumSeekers: 'Asylsuchende (Ankunftsnachweis oder Aufenthaltsgestattung)',
  duldung: 'Personen mit Duldung',
  duldung60a: 'davon Duldung nach § 60a AufenthG',
  duldung60b: 'davon Duldung nach § 60b AufenthG',
  duldung60c: 'davon Duldung nach § 60c AufenthG',
  duldung60d: 'davon Duldung nach § 60d AufenthG',
  civilWar: 'Bürgerkriegsflüchtlinge (§ 23 Abs. 1, § 24 AufenthG)',
  umaStock: 'Unbegleitete Minderjährige (UMA) in Obhut oder unter Vormundschaft',
  duldungEmployment: 'Beschäftigung (§ 60d AufenthG)',
  duldungVocationalTraining: 'Qualifizierte Berufsausbildung (§ 60c AufenthG)',
  duldungVocationalSupport: 'Berufsvorbereitende Maßnahmen (§ 60a Abs. 2 S. 3 AufenthG)',
  duldungHelperTraining: 'Kürzere Helferausbildung (§ 60c Abs. 1 Nr. 1b AufenthG)',
  umaNew: 'UMA: neue vorläufige Inobhutnahmen',
  ivafJobs: 'IvAF: neue sozialversicherungspflichtige Beschäftigungen',
  ivafTraining: 'IvAF: neue Ausbildungsplätze',
  jcRecognised: 'Leistungsende wegen Anerkennung (Grundgesamtheit)',
  jcApplied: 'davon mit Antrag beim Jobcenter',
};

export const SECTIONS: { id: string; title: string; kind: 'stock' | 'flow'; keys: (StockKey | FlowKey)[] }[] =
  [
    {
      id: 'bestand',
      title: 'Bestand am Stichtag',
      kind: 'stock',
      keys: [
        'foreigners',
        'foreignersEu',
        'foreignersThirdCountry',
        'asylumSeekers',
        'duldung',
        'duldung60a',
        'duldung60b',
        'duldung60c',
        'duldung60d',
        'civilWar',
        'umaStock',
      ],
    },
    {
      id: 'duldungen',
      title: 'Duldungen nach Kategorie am Stichtag',
      kind: 'stock',
      keys: [
        'duldungEmployment',
        'duldungVocationalTraining',
        'duldungVocationalSupport',
        'duldungHelperTraining',
      ],
    },
    {
      id: 'zeitraum',
      title: 'Bewegungen im Zeitraum',
      kind: 'flow',
      keys: ['umaNew', 'ivafJobs', 'ivafTraining', 'jcRecognised', 'jcApplied'],
    },
  ];

export const SEX_LABELS = { female: 'weiblich', male: 'männlich', other: 'divers/ohne Angabe' } as const;

export const TREND_LABELS: Record<Trend, string> = {
  up: 'gestiegen',
  down: 'gesunken',
  equal: 'unverändert',
};

/** ISO 3166-1 alpha-3 → alpha-2 for the German country names (Intl.DisplayNames) */
const ALPHA2: Record<string, string> = {
  AFG: 'AF',
  ALB: 'AL',
  DZA: 'DZ',
  ARM: 'AM',
  AZE: 'AZ',
  BGD: 'BD',
  BLR: 'BY',
  BIH: 'BA',
  BRA: 'BR',
  BDI: 'BI',
  CMR: 'CM',
  CHN: 'CN',
  COD: 'CD',
  CIV: 'CI',
  EGY: 'EG',
  ERI: 'ER',
  ETH: 'ET',
  GMB: 'GM',
  GEO: 'GE',
  GHA: 'GH',
  GIN: 'GN',
  IND: 'IN',
  IRN: 'IR',
  IRQ: 'IQ',
  JOR: 'JO',
  KAZ: 'KZ',
  KEN: 'KE',
  XKX: 'XK',
  KGZ: 'KG',
  LBN: 'LB',
  LBY: 'LY',
  MLI: 'ML',
  MDA: 'MD',
  MNE: 'ME',
  MAR: 'MA',
  MKD: 'MK',
  NGA: 'NG',
  PAK: 'PK',
  PSE: 'PS',
  RUS: 'RU',
  SEN: 'SN',
  SRB: 'RS',
  SLE: 'SL',
  SOM: 'SO',
  SDN: 'SD',
  SSD: 'SS',
  SYR: 'SY',
  TJK: 'TJ',
  TUN: 'TN',
  TUR: 'TR',
  TKM: 'TM',
  UKR: 'UA',
  UZB: 'UZ',
  VEN: 'VE',
  VNM: 'VN',
  YEM: 'YE',
  COL: 'CO',
  PER: 'PE',
  AUT: 'AT',
  BEL: 'BE',
  BGR: 'BG',
  HRV: 'HR',
  CYP: 'CY',
  CZE: 'CZ',
  DNK: 'DK',
  EST: 'EE',
  FIN: 'FI',
  FRA: 'FR',
  DEU: 'DE',
  GRC: 'GR',
  HUN: 'HU',
  IRL: 'IE',
  ITA: 'IT',
  LVA: 'LV',
  LTU: 'LT',
  LUX: 'LU',
  MLT: 'MT',
  NLD: 'NL',
  POL: 'PL',
  PRT: 'PT',
  ROU: 'RO',
  SVK: 'SK',
  SVN: 'SI',
  ESP: 'ES',
  SWE: 'SE',
  ISL: 'IS',
  LIE: 'LI',
  NOR: 'NO',
  CHE: 'CH',
  GBR: 'GB',
  USA: 'US',
  PHL: 'PH',
  IDN: 'ID',
  LKA: 'LK',
  NPL: 'NP',
  MNG: 'MN',
};

const REGION_NAMES = new Intl.DisplayNames(['de'], { type: 'region' });

export function countryName(alpha3: string): string {
  const a2 = ALPHA2[alpha3];
  const name = a2 ? REGION_NAMES.of(a2) : undefined;
  return name && name !== a2 ? name : alpha3;
}

const NUMBER = new Intl.NumberFormat('de-DE');
const PERCENT = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** a count as shown: "1.234", or "< 5" when suppressed */
export function showCount(value: number | null, suppressed: boolean, min: number): string {
  if (suppressed || value === null) return `< ${NUMBER.format(min)}`;
  return NUMBER.format(value);
}

export function showPercent(p: number | null): string {
  return p === null ? '' : PERCENT.format(p);
}

/** TT.MM.JJJJ */
export function showDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** one row of the Lagebild as listed in JSON, CSV and on the page */
export interface LagebildRow extends Figure {
  section: string;
  key: string;
  label: string;
  /** "Stichtag 28.11.2026" / "Zeitraum 01.11.2026 – 28.11.2026" */
  reference: string;
  percent: number | null;
}

export function referenceOf(
  kind: 'stock' | 'flow',
  dates: { stichtag: string; von: string; bis: string },
): string {
  return kind === 'stock'
    ? `Stichtag ${showDate(dates.stichtag)}`
    : `Zeitraum ${showDate(dates.von)} – ${showDate(dates.bis)}`;
}

const plain = (c: Cell): Figure => ({ ...c, previous: null, previousSuppressed: false, trend: null });

/** every row of the Lagebild, in the order of the page */
export function lagebildRows(figures: LagebildFigures, dates: LagebildDates): LagebildRow[] {
  const rows: LagebildRow[] = [];
  for (const section of SECTIONS) {
    for (const key of section.keys) {
      const f =
        (figures.stock as Record<string, Figure>)[key] ?? (figures.flow as Record<string, Figure>)[key];
      rows.push({
        section: section.title,
        key,
        label: FIGURE_LABELS[key],
        reference: referenceOf(section.kind, dates),
        ...f,
        percent: key === 'jcApplied' ? figures.jobcenter.percent : null,
      });
    }
  }
  const stock = referenceOf('stock', dates);
  for (const g of figures.ageGroups) {
    for (const sex of ['female', 'male', 'other'] as const) {
      rows.push({
        section: 'Asylsuchende nach Altersgruppe und Geschlecht',
        key: `age:${g.band}:${sex}`,
        label: `${g.band === 'unbekannt' ? 'Alter unbekannt' : `${g.band} Jahre`}, ${SEX_LABELS[sex]}`,
        reference: stock,
        ...g[sex],
        percent: null,
      });
    }
  }
  const ranking = (
    section: string,
    prefix: string,
    r: LagebildFigures['topCountries'],
    name: (k: string) => string,
  ) => {
    rows.push({
      section,
      key: `${prefix}:base`,
      label: 'Grundgesamtheit: Ausländerinnen und Ausländer im Landkreis',
      reference: stock,
      ...r.base,
      percent: null,
    });
    r.rows.forEach((row, i) =>
      rows.push({
        ...row,
        section,
        key: `${prefix}:${row.key}`,
        label: `${i + 1}. ${name(row.key)}`,
        reference: stock,
      }),
    );
  };
  ranking('Top 5 Herkunftsländer (Hauptstaatsangehörigkeit)', 'country', figures.topCountries, countryName);
  ranking('Top 5 Wohnorte (Gemeinde)', 'municipality', figures.topMunicipalities, (k) => k);
  for (const m of figures.months) {
    for (const key of ['foreigners', 'asylumSeekers', 'duldung', 'civilWar', 'umaStock'] as const) {
      rows.push({
        section: 'Entwicklung der Bestände (12 Monate)',
        key: `month:${m.date}:${key}`,
        label: FIGURE_LABELS[key],
        reference: `Stichtag ${showDate(m.date)}`,
        ...plain(m[key]),
        percent: null,
      });
    }
  }
  return rows;
}

/** a CSV field: quoted when needed; a leading = + - @ is defused for spreadsheets */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** the CSV: UTF-8 BOM, `;`, German headers and numbers, "< 5" for suppressed counts (also previous values) */
export function lagebildCsv(rows: LagebildRow[], min: number): string {
  const header = ['Abschnitt', 'Kennzahl', 'Bezug', 'Wert', 'Anteil in %', 'Vorwert', 'Entwicklung'];
  const lines = rows.map((r) =>
    [
      r.section,
      r.label,
      r.reference,
      showCount(r.value, r.suppressed, min),
      showPercent(r.percent),
      r.previous === null && !r.previousSuppressed ? '' : showCount(r.previous, r.previousSuppressed, min),
      r.trend ? TREND_LABELS[r.trend] : '',
    ]
      .map(csvField)
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
