import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  ageBandLabel,
  countStockBits,
  emptyStockCounts,
  FOREIGNER,
  PYRAMID_BITS,
  prepareSnapshot,
  statusIntervals,
  type LagebildParameters,
  type SexGroup,
  type StockCounts,
} from './lagebild.rules';
import { StatisticsRepository } from './statistics.repository';

/** the parameters an interval's bits depend on (age bands and the minimum cell count apply per query) */
export function projectionParamsKey(params: LagebildParameters): string {
  return JSON.stringify([
    params.euEeaChCountries,
    params.dualNationalRule,
    params.duldungCategoryRules,
    params.civilWarLegalBases,
  ]);
}

/** rows per insert statement (one JSON document each) */
const INSERT_CHUNK = 5_000;

interface IntervalRow {
  person_id: string;
  valid_from: string;
  valid_to: string | null;
  bits: number;
  nationality: string;
  municipality: string;
  sex: string;
  born: string | null;
}

/**
 * The Lagebild's stock projection (Migration20261128192000): per person the intervals of its stock bits
 * (lagebild.rules.ts statusIntervals — the definitions stay the pure functions), so that the stock
 * figures for any dates are SQL aggregates over a few tens of thousands of rows instead of a walk over
 * every person's history per request.
 *
 * Kept up to date lazily and exactly: triggers mark a person whenever a row the definitions read
 * changes, in the changing transaction; `refresh` (called before every read) recomputes just the marked
 * persons, under a row lock so that concurrent requests do not compute twice. Parameters other than
 * those the intervals were computed with rebuild the whole projection (once).
 */
@Injectable()
export class LagebildProjection {
  private readonly logger = new Logger(LagebildProjection.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: StatisticsRepository,
  ) {}

  /** brings the intervals up to date for these parameters; returns how many persons were recomputed */
  async refresh(params: LagebildParameters): Promise<{ persons: number; rebuilt: boolean }> {
    const key = projectionParamsKey(params);
    return this.em.fork().transactional(async (em) => {
      const [state] = await em.execute<{ params_key: string | null }[]>(
        `select params_key from lagebild_projection where id = 1 for update`,
      );
      const rebuild = !state || state.params_key !== key;
      let ids: string[] | undefined;
      if (rebuild) {
        await em.execute(`delete from lagebild_dirty_person`);
        await em.execute(`delete from lagebild_status_interval`);
      } else {
        const dirty = await em.execute<{ person_id: string }[]>(
          `delete from lagebild_dirty_person returning person_id::text as person_id`,
        );
        if (dirty.length === 0) return { persons: 0, rebuilt: false };
        ids = dirty.map((d) => d.person_id);
        await em.execute(
          `delete from lagebild_status_interval
            where person_id in (select value::uuid from json_array_elements_text(?::json))`,
          [JSON.stringify(ids)],
        );
      }
      // read outside the lock's transaction: committed data at least as new as the marks just taken
      const facts = await this.repository.facts(ids);
      const prepared = prepareSnapshot(facts, params);
      const rows: IntervalRow[] = [];
      prepared.persons.forEach((person, i) => {
        const born = person.born
          ? `${String(person.born[0]).padStart(4, '0')}-${String(person.born[1]).padStart(2, '0')}-${String(person.born[2]).padStart(2, '0')}`
          : null;
        for (const interval of statusIntervals(person)) {
          rows.push({
            person_id: facts.persons[i].id,
            valid_from: interval.from,
            valid_to: interval.to,
            bits: interval.bits,
            nationality: person.nationality,
            municipality: person.municipality,
            sex: person.sex,
            born,
          });
        }
      });
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await em.execute(
          `insert into lagebild_status_interval (person_id, valid_from, valid_to, bits, nationality, municipality, sex, born)
           select person_id, valid_from, valid_to, bits, nationality, municipality, sex, born
             from json_to_recordset(?::json) as r(person_id uuid, valid_from date, valid_to date, bits int,
                                                  nationality text, municipality text, sex text, born date)`,
          [JSON.stringify(rows.slice(i, i + INSERT_CHUNK))],
        );
      }
      await em.execute(`update lagebild_projection set params_key = ?, refreshed_at = now() where id = 1`, [
        key,
      ]);
      if (rebuild) {
        this.logger.log({
          msg: 'Lagebild projection rebuilt',
          persons: facts.persons.length,
          intervals: rows.length,
        });
      }
      return { persons: facts.persons.length, rebuilt: rebuild };
    });
  }

  /**
   * The stock figures on each date from the projection: the counts on every date; countries, places and
   * age groups only on the `detailed` dates. The same results as lagebild.rules.ts stockAt over the full
   * snapshot (a test compares them).
   */
  async stocks(
    dates: string[],
    detailed: string[],
    params: LagebildParameters,
  ): Promise<Map<string, StockCounts>> {
    const conn = this.em.getConnection();
    // ONE scan each: a filtered count per date (the dates are few: Stichtag, previous, 12 month-ends)
    const covers = (p: string) =>
      `(i.valid_from <= ${p}::date and (i.valid_to is null or i.valid_to > ${p}::date))`;
    const ageOn = (p: string) => `(case when i.born is null then null else
        extract(year from ${p}::date)::int - extract(year from i.born)::int
        - case when (extract(month from ${p}::date), extract(day from ${p}::date))
                  < (extract(month from i.born), extract(day from i.born)) then 1 else 0 end end)`;
    const [d1, d2] = [detailed[0] ?? dates[0], detailed[1] ?? detailed[0] ?? dates[0]];
    const [bitRows, detailRows] = await Promise.all([
      conn.execute<Record<string, number>[]>(
        `select i.bits, ${dates.map((_, k) => `count(*) filter (where ${covers('?')})::int as n${k}`).join(', ')}
           from lagebild_status_interval i group by i.bits`,
        dates.flatMap((d) => [d, d]),
      ),
      detailed.length === 0
        ? Promise.resolve([])
        : conn.execute<
            {
              nationality: string | null;
              municipality: string | null;
              a1: number | null;
              a2: number | null;
              sex: string | null;
              g: number;
              n1: number;
              n2: number;
              p1: number;
              p2: number;
            }[]
          >(
            `select nationality, municipality, a1, a2, sex, grouping(nationality, municipality, a1, a2, sex)::int as g,
                    count(*) filter (where c1)::int as n1, count(*) filter (where c2)::int as n2,
                    count(*) filter (where c1 and pyramid)::int as p1, count(*) filter (where c2 and pyramid)::int as p2
               from (select i.nationality, i.municipality, i.sex, ${ageOn('?')} as a1, ${ageOn('?')} as a2,
                            ${covers('?')} as c1, ${covers('?')} as c2, i.bits & ${PYRAMID_BITS} = ${PYRAMID_BITS} as pyramid
                       from lagebild_status_interval i
                      where i.bits & ${FOREIGNER} <> 0 and (${covers('?')} or ${covers('?')})) t
              group by grouping sets ((nationality), (municipality), (a1, sex), (a2, sex))`,
            [d1, d1, d1, d2, d2, d2, d1, d1, d2, d2, d1, d1, d2, d2],
          ),
    ]);
    const out = new Map(dates.map((d) => [d, emptyStockCounts(d, params)]));
    for (const r of bitRows) {
      dates.forEach((d, k) => {
        const n = r[`n${k}`];
        if (n > 0) countStockBits(out.get(d)!.counts, r.bits, n);
      });
    }
    const [s1, s2] = [out.get(d1), out.get(d2)];
    // grouping() bits, left to right: nationality 16, municipality 8, a1 4, a2 2, sex 1 (1 = rolled up)
    for (const r of detailRows) {
      for (const [stock, n, p, age] of [
        [s1, r.n1, r.p1, r.a1],
        [s2, r.n2, r.p2, r.a2],
      ] as const) {
        if (!stock || (d1 === d2 && stock === s2 && s1 === s2)) continue;
        if (r.g === 0b01111 && n > 0) stock.countries.set(r.nationality ?? '', n);
        else if (r.g === 0b10111 && n > 0) stock.municipalities.set(r.municipality ?? '', n);
        else if ((r.g === 0b11010 && stock === s1) || (r.g === 0b11100 && stock === s2)) {
          if (p > 0) stock.ageGroups.get(ageBandLabel(age, params.ageBands))![r.sex as SexGroup] += p;
        }
      }
    }
    return out;
  }
}
