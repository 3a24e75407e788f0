import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { addMonths } from '../common/calendar';
import type { EpisodeFact, EventFact, LagebildDates, LagebildSnapshot, PersonFact } from './lagebild.rules';

/** the domain events whose whole history up to the Stichtag the stock figures read */
const STOCK_EVENT_TYPES = ['UMAProvisionalCustodyStarted', 'UMACustodyStarted', 'UMAEnded', 'DuldungGranted'];

/* Bulk rows as ONE text per query: fields separated by U+001F, rows by U+001E, SQL null as U+0001 (none
   of the three occurs in the data read: ids, ISO dates, status types, legal bases, country codes, names
   of municipalities). string_agg is about twice as fast in PostgreSQL as json_agg, and splitting one
   string is far cheaper in Node than the driver's row-by-row parsing. */
const FIELD = '\x1f';
const ROW = '\x1e';
const NULL = '\x01';

/** the SQL aggregate packing `columns` (text expressions) of every row, in `orderBy` order */
function packed(columns: string[], orderBy?: string): string {
  const fields = columns.map((c) => `coalesce(${c}, chr(1))`).join(', chr(31), ');
  return `string_agg(concat(${fields}), chr(30)${orderBy ? ` order by ${orderBy}` : ''})`;
}

/** the packed rows as one flat array of fields (width per row), null restored */
function unpack(text: string | null, width: number): (string | null)[] {
  if (!text) return [];
  const out: (string | null)[] = [];
  for (const row of text.split(ROW)) {
    const fields = row.split(FIELD);
    if (fields.length !== width) throw new Error(`Lagebild: unexpected row width ${fields.length}`);
    for (const f of fields) out.push(f === NULL ? null : f);
  }
  return out;
}

/** [type, occurredOn, payload category, validFrom, type, start, reason, on] */
type EventRow = [string, string, ...(string | null)[]];

/**
 * Loads the Lagebild's snapshot with narrow SQL: only the columns and payload fields the rules read, only
 * the rows that can matter for the dates (episodes started by the Stichtag, the stock events up to it,
 * the flow events of both periods). Queries only; the definitions are in lagebild.rules.ts.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The reference snapshot for the dates: every person, the status episodes started by the Stichtag,
   * the stock events (whenever recorded) and the flow events of both periods. The service computes the
   * stock figures from the projection (lagebild.projection.ts); this full load is what the projection
   * must agree with (tests, benchmark).
   */
  async snapshot(dates: LagebildDates, jobcenterWindowMonths: number): Promise<LagebildSnapshot> {
    const [facts, flow] = await Promise.all([this.facts(), this.flowEvents(dates, jobcenterWindowMonths)]);
    const episodesByPerson = new Map<string, EpisodeFact[]>();
    for (const [personId, list] of facts.episodesByPerson) {
      const started = list.filter((e) => e.validFrom <= dates.stichtag);
      if (started.length) episodesByPerson.set(personId, started);
    }
    const eventsByPerson = new Map(facts.eventsByPerson);
    for (const [personId, all] of flow) {
      // the stock events (UMA starts) are in the facts already, whatever their date
      const list = all.filter((e) => !STOCK_EVENT_TYPES.includes(e.type));
      if (list.length === 0) continue;
      const merged = [...(eventsByPerson.get(personId) ?? []), ...list];
      // ordered by occurredOn (stable: the stock events first on the same day)
      eventsByPerson.set(
        personId,
        merged
          .map((e, i) => [e, i] as const)
          .sort(([a, i], [b, j]) =>
            a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : i - j,
          )
          .map(([e]) => e),
      );
    }
    return { persons: facts.persons, episodesByPerson, eventsByPerson };
  }

  /**
   * What the stock figures read of the given persons (all without ids): the persons, all their status
   * episodes (ordered by validFrom, then recording time) and their stock events (UMA care, DuldungGranted;
   * ordered by occurredOn), whatever their dates.
   */
  async facts(personIds?: string[]): Promise<LagebildSnapshot> {
    const conn = this.em.getConnection();
    const only = (column: string): string =>
      personIds ? ` where ${column} in (select value::uuid from json_array_elements_text(?::json))` : '';
    const ids = personIds ? [JSON.stringify(personIds)] : [];
    // PostgreSQL builds each part as ONE text (dates as ISO text): persons and episodes packed (see
    // `packed`), the few events as compact json arrays grouped per person, parsed with one JSON.parse.
    const [persons, episodes, events] = await Promise.all([
      conn.execute<{ j: string | null }[]>(
        `select ${packed(['id::text', 'nationalities::text', 'date_of_birth::text', 'sex', 'municipality'])} as j
           from person${only('id')}`,
        ids,
      ),
      conn.execute<{ j: string | null }[]>(
        `select ${packed(
          [
            'person_id::text',
            'id::text',
            'type',
            'legal_basis',
            'valid_from::text',
            'valid_to::text',
            'supersedes::text',
          ],
          'person_id, valid_from, recorded_at',
        )} as j
           from status_episode${only('person_id')}`,
        ids,
      ),
      this.eventsByPerson(
        `type in (${STOCK_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})${personIds ? ` and person_id in (select value::uuid from json_array_elements_text(?::json))` : ''}`,
        ids,
      ),
    ]);
    const personRows = unpack(persons[0].j, 5);
    const personFacts: PersonFact[] = new Array<PersonFact>(personRows.length / 5);
    for (let i = 0, r = 0; r < personRows.length; i += 1, r += 5) {
      const nationalities = personRows[r + 1];
      personFacts[i] = {
        id: personRows[r]!,
        nationalities: nationalities ? (JSON.parse(nationalities) as string[]) : [],
        dateOfBirth: personRows[r + 2],
        sex: personRows[r + 3],
        municipality: personRows[r + 4],
      };
    }
    // rows ordered by person: consecutive runs become one list
    const episodesByPerson = new Map<string, EpisodeFact[]>();
    const episodeRows = unpack(episodes[0].j, 7);
    let list: EpisodeFact[] = [];
    for (let r = 0; r < episodeRows.length; r += 7) {
      const personId = episodeRows[r]!;
      if (r === 0 || personId !== episodeRows[r - 7]) episodesByPerson.set(personId, (list = []));
      list.push({
        id: episodeRows[r + 1]!,
        personId,
        type: episodeRows[r + 2]!,
        legalBasis: episodeRows[r + 3],
        validFrom: episodeRows[r + 4]!,
        validTo: episodeRows[r + 5],
        supersedes: episodeRows[r + 6],
      });
    }
    return { persons: personFacts, episodesByPerson, eventsByPerson: events };
  }

  /** the events the flow figures of both periods read (lagebild.rules.ts flowIn), per person */
  flowEvents(dates: LagebildDates, jobcenterWindowMonths: number): Promise<Map<string, EventFact[]>> {
    const flowFrom = dates.previous.von < dates.von ? dates.previous.von : dates.von;
    const flowTo = dates.bis;
    return this.eventsByPerson(
      `(type = 'UMAProvisionalCustodyStarted' and occurred_on between ?::date and ?::date)
        or (type = 'IvAFPlacement' and (payload->>'start') between ? and ?)
        or (type = 'BenefitEnded' and occurred_on between ?::date and ?::date and payload->>'reason' = 'recognition')
        or (type = 'SGB2ApplicationReceived' and occurred_on between ?::date and ?::date
            -- only of persons the Jobcenter share counts (benefits ended on recognition in a period)
            and person_id in (select person_id from domain_event
                               where type = 'BenefitEnded' and occurred_on between ?::date and ?::date
                                 and payload->>'reason' = 'recognition'))`,
      [
        flowFrom,
        flowTo,
        flowFrom,
        flowTo,
        flowFrom,
        flowTo,
        addMonths(flowFrom, -jobcenterWindowMonths),
        addMonths(flowTo, jobcenterWindowMonths),
        flowFrom,
        flowTo,
      ],
    );
  }

  /** the events matching `where` (with person), per person ordered by occurredOn, then id */
  private async eventsByPerson(where: string, params: unknown[]): Promise<Map<string, EventFact[]>> {
    const [row] = await this.em.getConnection().execute<{ j: string }[]>(
      `select coalesce(json_agg(json_build_array(g.person_id, g.e)), '[]')::text as j
         from (select person_id,
                      json_agg(json_build_array(type, occurred_on::text, payload->>'category', payload->>'validFrom',
                                                payload->>'type', payload->>'start', payload->>'reason', payload->>'on')
                               order by occurred_on, id) as e
                 from domain_event
                where person_id is not null and (${where})
                group by person_id) g`,
      params,
    );
    const eventsByPerson = new Map<string, EventFact[]>();
    for (const [personId, list] of JSON.parse(row.j) as [string, EventRow[]][]) {
      const facts = new Array<EventFact>(list.length);
      for (let i = 0; i < list.length; i += 1) {
        const [type, occurredOn, category, validFrom, ptype, start, reason, on] = list[i];
        facts[i] = {
          personId,
          type,
          occurredOn,
          payload: { category, validFrom, type: ptype, start, reason, on },
        };
      }
      eventsByPerson.set(personId, facts);
    }
    return eventsByPerson;
  }
}
