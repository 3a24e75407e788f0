/**
 * The Lagebild API (issue 6 § 1) on a real database: a small district written through CasesService
 * (lagebild-population.ts), the figures of GET /api/statistics/lagebild checked one by one against the
 * definitions of BRIEF § 8, suppression of small counts (also the secondary suppression inside a total),
 * trends against the previous period, the CSV, wrong input (400 naming the parameter), access (quality
 * staff and admins only) and a changed parameter taking effect as of its date.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { ParametersService } from '../../../src/parameters';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { createLagebildPopulation, LAGEBILD_QUERY } from './lagebild-population';

interface Row {
  key: string;
  label: string;
  value: number | null;
  suppressed: boolean;
  previous: number | null;
  previousSuppressed: boolean;
  trend: string | null;
  percent: number | null;
}

interface LagebildBody {
  stichtag: string;
  von: string;
  bis: string;
  previous: { stichtag: string; von: string; bis: string };
  minCellCount: number;
  basePopulation: string;
  rows: Row[];
  figures: { jobcenter: { percent: number | null; windowMonths: number }; months: { date: string }[] };
}

describe('Lagebild API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let agents: Record<string, SignedInAgent> = {};
  let body: LagebildBody;
  const row = (key: string): Row => {
    const found = body.rows.find((r) => r.key === key);
    if (!found) throw new Error(`no row ${key}`);
    return found;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    agents = await createSignedInUsers(app, [
      { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
      { username: 'admin', displayName: 'Administration', units: [], roles: ['admin'] },
      { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', units: ['ABH'] },
      { username: 'tl.abh', displayName: 'Teamleitung ABH', units: ['ABH'], roles: ['team-lead'] },
    ]);
    await createLagebildPopulation(app);
    body = (await agents['qs.mia'].agent.get(`/api/statistics/lagebild?${LAGEBILD_QUERY}`).expect(200))
      .body as LagebildBody;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('names the Stichtag, the period, the previous period of the same length and the base population', () => {
    expect(body).toMatchObject({
      stichtag: '2026-10-31',
      von: '2026-10-01',
      bis: '2026-10-31',
      previous: { stichtag: '2026-09-30', von: '2026-08-31', bis: '2026-09-30' },
      minCellCount: 5,
      basePopulation: 'Ausländerinnen und Ausländer im Landkreis am Stichtag',
    });
  });

  it.each<[string, Partial<Row>]>([
    // 19 = 7 SYR + 6 AFG + 2 POL + 3 UKR + 1 IRQ; not the German-Syrian, not the one who left, not the one from 01.11.
    ['foreigners', { value: 19, previous: 18, trend: 'up' }],
    // 2 EU is below 5; third-country (17) would give it back as 19 − 17, so it is suppressed as well
    [
      'foreignersEu',
      { value: null, suppressed: true, previous: null, previousSuppressed: true, trend: null },
    ],
    ['foreignersThirdCountry', { value: null, suppressed: true, trend: null }],
    // the Gestattung ending on the Stichtag still counts; the two from 15.10. are new in the period
    ['asylumSeekers', { value: 7, suppressed: false, previous: 5, trend: 'up' }],
    // 6 × § 60d + the Iraqi (§ 60a since the correction on 05.10.); before: + the Iranian, the Iraqi under § 60c
    ['duldung', { value: 7, previous: 8, trend: 'down' }],
    ['duldung60a', { value: null, suppressed: true, previous: null, previousSuppressed: true }],
    // 60d (6) is hidden now, since 60a alone is suppressed and duldung − 60d would give it back; before two small cells
    ['duldung60d', { value: null, suppressed: true, previous: 6, previousSuppressed: false, trend: null }],
    ['duldung60c', { value: 0, suppressed: false, previous: null, previousSuppressed: true }],
    ['civilWar', { value: null, suppressed: true, previous: null, previousSuppressed: true }],
    ['umaStock', { value: null, suppressed: true, previous: 0 }],
    ['duldungEmployment', { value: 6, previous: 6, trend: 'equal' }],
    ['duldungVocationalTraining', { value: 0, previous: null, previousSuppressed: true, trend: null }],
    ['umaNew', { value: null, suppressed: true, previous: 0 }],
    // started in October by start date (the one starting on 02.11. not), recorded in September
    ['ivafJobs', { value: 6, previous: 0, trend: 'up' }],
    ['ivafTraining', { value: null, suppressed: true }],
    ['jcRecognised', { value: 10, previous: 0, trend: 'up' }],
    ['jcApplied', { value: 5, percent: 50 }],
  ])('%s', (key, expected) => {
    expect(row(key)).toMatchObject(expected);
  });

  it('the Jobcenter share as "n von m" with its window', () => {
    expect(body.figures.jobcenter).toMatchObject({ percent: 50, windowMonths: 3 });
  });

  it('age groups by sex: one small cell hides the next smallest one too (total − others)', () => {
    expect(row('age:25–39:female')).toMatchObject({ value: null, suppressed: true });
    expect(row('age:25–39:male')).toMatchObject({ value: null, suppressed: true });
    expect(row('age:18–24:female')).toMatchObject({ value: 0, suppressed: false });
  });

  it('top 5 countries and places of residence with percentages of the stated base', () => {
    expect(row('country:base')).toMatchObject({ value: 19 });
    expect(row('country:SYR')).toMatchObject({ label: '1. Syrien', value: 7, percent: 36.8, previous: 5 });
    expect(row('country:AFG')).toMatchObject({ label: '2. Afghanistan', value: 6, percent: 31.6 });
    expect(row('country:UKR')).toMatchObject({ value: null, suppressed: true, percent: null });
    expect(body.rows.filter((r) => r.key.startsWith('country:') && r.key !== 'country:base')).toHaveLength(5);
    expect(row('municipality:Naumburg (Saale)')).toMatchObject({ value: 10, percent: 52.6 });
    expect(row('municipality:Zeitz')).toMatchObject({ value: 7, percent: 36.8 });
    expect(row('municipality:Weißenfels')).toMatchObject({ value: null, suppressed: true, percent: null });
  });

  it('a 12-month series of the main stocks up to the Stichtag', () => {
    expect(body.figures.months.map((m) => m.date)).toEqual([
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
    ]);
    expect(row('month:2026-10-31:asylumSeekers')).toMatchObject({ value: 7 });
    expect(row('month:2026-09-30:asylumSeekers')).toMatchObject({ value: 5 });
    expect(row('month:2025-12-31:asylumSeekers')).toMatchObject({ value: 0 });
  });

  it('CSV: UTF-8 BOM, ";", German headers, the same figures, "< 5" for suppressed cells', async () => {
    const res = await agents['qs.mia'].agent
      .get(`/api/statistics/lagebild.csv?${LAGEBILD_QUERY}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="lagebild-2026-10-31.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Abschnitt;Kennzahl;Bezug;Wert;Anteil in %;Vorwert;Entwicklung');
    expect(lines).toContain(
      'Bestand am Stichtag;Ausländerinnen und Ausländer im Landkreis;Stichtag 31.10.2026;19;;18;gestiegen',
    );
    expect(lines).toContain(
      'Bestand am Stichtag;Bürgerkriegsflüchtlinge (§ 23 Abs. 1, § 24 AufenthG);Stichtag 31.10.2026;< 5;;< 5;',
    );
    expect(lines).toContain(
      'Bewegungen im Zeitraum;davon mit Antrag beim Jobcenter;Zeitraum 01.10.2026 – 31.10.2026;5;50,0;0;gestiegen',
    );
    expect(lines).toContain(
      'Top 5 Herkunftsländer (Hauptstaatsangehörigkeit);3. Ukraine;Stichtag 31.10.2026;< 5;;< 5;',
    );
    expect(lines.length).toBe(body.rows.length + 1);
  });

  it.each<[string, string, string, RegExp]>([
    ['a day that does not exist', 'stichtag=2026-02-30', 'VALIDATION_FAILED', /stichtag/],
    ['not a date', 'von=gestern', 'VALIDATION_FAILED', /von/],
    ['a date in another format', 'bis=31.10.2026', 'VALIDATION_FAILED', /bis/],
    ['von after bis', 'von=2026-10-31&bis=2026-10-01', 'STATISTICS_PERIOD_INVALID', /von.*bis/],
    ['an unknown parameter', 'jahr=2026', 'VALIDATION_FAILED', /jahr/],
  ])('400 for %s, naming the parameter', async (_name, query, code, names) => {
    for (const path of ['/api/statistics/lagebild', '/api/statistics/lagebild.csv']) {
      const res = await agents['qs.mia'].agent.get(`${path}?${query}`).expect(400);
      expect(res.body.code).toBe(code);
      expect([res.body.message].flat().join(' ')).toMatch(names);
    }
  });

  it('only quality staff and admins: caseworkers and team leads get 403, no session 401', async () => {
    await agents.admin.agent.get(`/api/statistics/lagebild?${LAGEBILD_QUERY}`).expect(200);
    for (const user of ['sb.abh', 'tl.abh']) {
      const res = await agents[user].agent.get(`/api/statistics/lagebild?${LAGEBILD_QUERY}`).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await agents[user].agent.get(`/api/statistics/lagebild.csv?${LAGEBILD_QUERY}`).expect(403);
      const page = await agents[user].agent.get('/statistik').expect(403);
      expect(page.text).toContain('Kein Zugriff');
    }
    const anonymous = await (
      await import('supertest')
    )
      .default(app.getHttpServer())
      .get('/api/statistics/lagebild');
    expect(anonymous.status).toBe(401);
  });

  it('the page shows the figures for quality staff; bad input gets a German 400 page', async () => {
    const page = await agents['qs.mia'].agent.get(`/statistik?${LAGEBILD_QUERY}`).expect(200);
    expect(page.text).toContain('<h1>Lagebild</h1>');
    expect(page.text).toMatch(/data-key="foreigners"[\s\S]*?data-value>19</);
    const bad = await agents['qs.mia'].agent.get('/statistik?stichtag=2026-13-01').expect(400);
    expect(bad.text).toContain('Ungültige Eingabe');
    expect(bad.text).toContain('stichtag: bitte ein gültiges Datum im Format JJJJ-MM-TT angeben.');
  });

  it('the minimum cell count is a versioned parameter: a new version applies from its date', async () => {
    await RequestContext.create(app.get(MikroORM).em.fork(), () =>
      app.get(ParametersService).addVersion({
        key: 'statistics.minCellCount',
        validFrom: '2026-10-15',
        value: 3,
        source: 'Test',
        kind: 'local',
        recordedBy: 'test',
      }),
    );
    const after = (await agents['qs.mia'].agent.get(`/api/statistics/lagebild?${LAGEBILD_QUERY}`).expect(200))
      .body as LagebildBody;
    expect(after.minCellCount).toBe(3);
    expect(after.rows.find((r) => r.key === 'civilWar')).toMatchObject({ value: 3, suppressed: false });
    const before = (
      await agents['qs.mia'].agent
        .get('/api/statistics/lagebild?stichtag=2026-10-14&von=2026-10-01&bis=2026-10-14')
        .expect(200)
    ).body as LagebildBody;
    expect(before.minCellCount).toBe(5);
  });
});
