import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { addMonths } from '../common/calendar';
import type { EpisodeFact, EventFact, LagebildDates, LagebildSnapshot, PersonFact } from './lagebild.rules';

/** the domain events whose whole history up to the Stichtag the stock figures read */
const STOCK_EVENT_TYPES = ['UMAProvisionalCustodyStarted', 'UMACustodyStarted', 'UMAEnded', 'DuldungGranted'];

/**
 * Loads the Lagebild's snapshot with narrow SQL: only the columns and payload fields the rules read, only
 * the rows that can matter for the dates (episodes started by the Stichtag, the stock events up to it,
 * the flow events of both periods). Queries only; the definitions are in lagebild.rules.ts.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly em: EntityManager) {}

  async snapshot(dates: LagebildDates, jobcenterWindowMonths: number): Promise<LagebildSnapshot> {
    const conn = this.em.getConnection();
    const lastStock = dates.stichtag;
    const flowFrom = dates.previous.von < dates.von ? dates.previous.von : dates.von;
    const flowTo = dates.bis;
    const [persons, episodes, events] = await Promise.all([
      conn.execute<
        {
          id: string;
          nationalities: string[];
          dob: string | null;
          sex: string | null;
          municipality: string | null;
        }[]
      >(`select id, nationalities, date_of_birth::text as dob, sex, municipality from person`),
      conn.execute<
        {
          id: string;
          person_id: string;
          type: string;
          legal_basis: string | null;
          valid_from: string;
          valid_to: string | null;
          supersedes: string | null;
        }[]
      >(
        `select id, person_id, type, legal_basis, valid_from::text as valid_from, valid_to::text as valid_to, supersedes
           from status_episode where valid_from <= ?::date
          order by person_id, valid_from, recorded_at`,
        [lastStock],
      ),
      conn.execute<
        {
          person_id: string;
          type: string;
          occurred_on: string;
          category: string | null;
          valid_from: string | null;
          ptype: string | null;
          start: string | null;
          reason: string | null;
          on: string | null;
        }[]
      >(
        `select person_id, type, occurred_on::text as occurred_on, payload->>'category' as category,
                payload->>'validFrom' as valid_from, payload->>'type' as ptype, payload->>'start' as start,
                payload->>'reason' as reason, payload->>'on' as "on"
           from domain_event
          where person_id is not null and (
                (type in (${STOCK_EVENT_TYPES.map((t) => `'${t}'`).join(', ')}) and occurred_on <= ?::date)
             or (type = 'IvAFPlacement' and (payload->>'start') between ? and ?)
             or (type = 'BenefitEnded' and occurred_on between ?::date and ?::date and payload->>'reason' = 'recognition')
             or (type = 'SGB2ApplicationReceived' and occurred_on between ?::date and ?::date))
          order by person_id, occurred_on, id`,
        [
          lastStock,
          flowFrom,
          flowTo,
          flowFrom,
          flowTo,
          addMonths(flowFrom, -jobcenterWindowMonths),
          addMonths(flowTo, jobcenterWindowMonths),
        ],
      ),
    ]);
    const personFacts: PersonFact[] = persons.map((p) => ({
      id: p.id,
      nationalities: p.nationalities ?? [],
      dateOfBirth: p.dob,
      sex: p.sex,
      municipality: p.municipality,
    }));
    const episodesByPerson = new Map<string, EpisodeFact[]>();
    for (const e of episodes) {
      let list = episodesByPerson.get(e.person_id);
      if (!list) episodesByPerson.set(e.person_id, (list = []));
      list.push({
        id: e.id,
        personId: e.person_id,
        type: e.type,
        legalBasis: e.legal_basis,
        validFrom: e.valid_from,
        validTo: e.valid_to,
        supersedes: e.supersedes,
      });
    }
    const eventsByPerson = new Map<string, EventFact[]>();
    for (const e of events) {
      let list = eventsByPerson.get(e.person_id);
      if (!list) eventsByPerson.set(e.person_id, (list = []));
      list.push({
        personId: e.person_id,
        type: e.type,
        occurredOn: e.occurred_on,
        payload: {
          category: e.category,
          validFrom: e.valid_from,
          type: e.ptype,
          start: e.start,
          reason: e.reason,
          on: e.on,
        },
      });
    }
    return { persons: personFacts, episodesByPerson, eventsByPerson };
  }
}
