import { barChart, lineChart, pyramid } from './lagebild.charts';
import { countryName, lagebildCsv, showCount, showDate, type LagebildRow } from './lagebild.view';

const row = (more: Partial<LagebildRow>): LagebildRow => ({
  section: 'Bestand am Stichtag',
  key: 'foreigners',
  label: 'Ausländerinnen und Ausländer im Landkreis',
  reference: 'Stichtag 31.03.2026',
  value: 1234,
  suppressed: false,
  previous: 1200,
  previousSuppressed: false,
  trend: 'up',
  percent: null,
  ...more,
});

describe('Lagebild CSV (issue 6 § 1: German headers, ";", UTF-8 BOM so that Excel opens it)', () => {
  it('starts with the BOM and German headers, numbers in German notation', () => {
    const csv = lagebildCsv(
      [row({}), row({ key: 'x', label: 'Anteil', value: 25, percent: 12.5, trend: 'equal', previous: 25 })],
      5,
    );
    expect(csv.startsWith('\uFEFFAbschnitt;Kennzahl;Bezug;Wert;Anteil in %;Vorwert;Entwicklung\r\n')).toBe(
      true,
    );
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[1]).toBe(
      'Bestand am Stichtag;Ausländerinnen und Ausländer im Landkreis;Stichtag 31.03.2026;1.234;;1.200;gestiegen',
    );
    expect(lines[2]).toBe('Bestand am Stichtag;Anteil;Stichtag 31.03.2026;25;12,5;25;unverändert');
  });

  it('shows suppressed counts as "< 5", also previous values, with no share and no trend', () => {
    const csv = lagebildCsv(
      [
        row({
          value: null,
          suppressed: true,
          previous: null,
          previousSuppressed: true,
          trend: null,
          percent: null,
        }),
      ],
      5,
    );
    expect(csv.trim().split('\r\n')[1]).toBe(
      'Bestand am Stichtag;Ausländerinnen und Ausländer im Landkreis;Stichtag 31.03.2026;< 5;;< 5;',
    );
  });

  it('quotes fields with ";" or quotes and defuses spreadsheet formulas', () => {
    const csv = lagebildCsv([row({ label: '=HYPERLINK("x");1' })], 5);
    expect(csv).toContain(`;"'=HYPERLINK(""x"");1";`);
  });
});

describe('German presentation', () => {
  it.each([
    [showCount(1234567, false, 5), '1.234.567'],
    [showCount(null, true, 5), '< 5'],
    [showCount(0, false, 5), '0'],
    [showDate('2026-03-01'), '01.03.2026'],
    [countryName('SYR'), 'Syrien'],
    [countryName('AFG'), 'Afghanistan'],
    [countryName('ZZZ'), 'ZZZ'],
  ])('%s = %s', (shown, expected) => {
    expect(shown).toBe(expected);
  });
});

describe('SVG charts: <title>, <desc> with every value, escaped labels, "< 5" for suppressed', () => {
  it('bars', () => {
    const svg = barChart(
      'c',
      'Top 5 <Wohnorte>',
      [
        { label: 'Naumburg (Saale)', value: 40, suppressed: false },
        { label: 'Zeitz & Umland', value: null, suppressed: true },
      ],
      5,
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="c-title">Top 5 &lt;Wohnorte&gt;</title>');
    expect(svg).toContain('Naumburg (Saale): 40; Zeitz &amp; Umland: &lt; 5');
    expect(svg).toContain('stroke-dasharray="3 2"');
  });

  it('lines: a suppressed month is a gap, series differ by dash pattern', () => {
    const svg = lineChart(
      'l',
      'Verlauf',
      ['01.2026', '02.2026', '03.2026'],
      [
        {
          name: 'Asylsuchende',
          values: [10, null, 12].map((v) => ({ label: '', value: v, suppressed: v === null })),
        },
        { name: 'Duldung', values: [5, 6, 7].map((v) => ({ label: '', value: v, suppressed: false })) },
      ],
      5,
    );
    expect(svg).toContain('Asylsuchende: 01.2026 10, 02.2026 &lt; 5, 03.2026 12');
    expect(svg).toMatch(/stroke-dasharray="6 3"/);
    expect((svg.match(/<path d="M[^"]*"/g) ?? [])[0]).toMatch(/^<path d="M[\d.]+ [\d.]+M/);
  });

  it('pyramid: women left, men right', () => {
    const svg = pyramid(
      'p',
      'Pyramide',
      [
        {
          band: '0–5',
          female: { label: '', value: 7, suppressed: false },
          male: { label: '', value: null, suppressed: true },
        },
      ],
      5,
    );
    expect(svg).toContain('0–5: weiblich 7, männlich &lt; 5');
  });
});
