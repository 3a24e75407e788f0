import { barChart, lineChart, pyramid } from '../../../src/statistics/lagebild.charts';

const figure = { value: '19', previous: '18', trendSymbol: '▲', trendText: 'gestiegen' };

/** fixture data of src/web/views/statistics.hbs (the views spec renders every template) */
export const STATISTICS_VIEW_FIXTURE: Record<string, unknown> = {
  form: { stichtag: '2026-10-31', von: '2026-10-01', bis: '2026-10-31' },
  stichtag: '31.10.2026',
  von: '01.10.2026',
  bis: '31.10.2026',
  previous: { stichtag: '30.09.2026', von: '31.08.2026', bis: '30.09.2026' },
  minCellCount: 5,
  csvHref: '/api/statistics/lagebild.csv?stichtag=2026-10-31&von=2026-10-01&bis=2026-10-31',
  sections: [
    {
      id: 'bestand',
      title: 'Bestand am Stichtag',
      rows: [{ key: 'foreigners', label: '<Ausländer>', indent: false, ...figure }],
    },
  ],
  jobcenter: { applied: '5', recognised: '10', percent: '50,0 %', windowMonths: 3 },
  ageGroups: [{ band: '0–5', female: '< 5', male: '7', other: '0' }],
  pyramidSvg: pyramid(
    'p',
    'Pyramide',
    [
      {
        band: '0–5',
        female: { label: '', value: null, suppressed: true },
        male: { label: '', value: 7, suppressed: false },
      },
    ],
    5,
  ),
  countriesBase: '19',
  countries: [{ rank: 1, key: 'SYR', name: 'Syrien', percent: '36,8 %', ...figure }],
  countriesSvg: barChart('c', 'Top 5', [{ label: 'Syrien', value: 7, suppressed: false }], 5),
  municipalities: [],
  municipalitiesSvg: barChart('m', 'Top 5', [], 5),
  monthsSvg: lineChart(
    'l',
    'Verlauf',
    ['10.2026'],
    [{ name: 'Asylsuchende', values: [{ label: '', value: 7, suppressed: false }] }],
    5,
  ),
  monthSeries: ['Asylsuchende'],
  months: [{ date: '31.10.2026', values: ['7'] }],
};
