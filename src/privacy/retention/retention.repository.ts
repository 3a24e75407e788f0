import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Parameter } from '../../parameters/parameter.entity';
import { DeletionRecord } from './deletion-record.entity';
import { RETENTION_PARAMETER_PREFIX } from './retention.rules';

/** a person's file as retention sees it (no names: ids, process ids, dates) */
export interface PersonFileRow {
  id: string;
  processes: string[];
  benefits: boolean;
  lastStatus: string | null;
  departedAfterLastStatus: boolean;
  /** ISO date (Europe/Berlin) of the last activity on the file */
  closedOn: string;
}

const bigints = (keys: readonly string[]): string => `{${keys.join(',')}}`;

/** Queries of the retention job (reads only; the erasure itself is in RetentionService). */
@Injectable()
export class RetentionRepository {
  constructor(private readonly em: EntityManager) {}

  /** every version of every retention rule, newest version first per key */
  ruleVersions(): Promise<Parameter[]> {
    return this.em
      .fork()
      .find(
        Parameter,
        { key: { $like: `${RETENTION_PARAMETER_PREFIX}%` } },
        { orderBy: { key: 'asc', validFrom: 'desc' } },
      );
  }

  /**
   * The file of every person (or of one): the linked processes, benefit records, the latest residence
   * status, and the last activity (person changed, process linked or ended, note, status, task, document,
   * event, Wiedervorlage), from which retention runs.
   */
  async personFiles(personId?: string, em?: EntityManager): Promise<PersonFileRow[]> {
    const rows = await (em ?? this.em.fork()).execute<
      {
        id: string;
        processes: string[] | null;
        benefits: boolean;
        last_status: string | null;
        departed: boolean;
        closed_on: string;
      }[]
    >(
      `select p.id,
              (select array_agg(distinct l.bpmn_process_id) from process_link l where l.person_id = p.id) as processes,
              (exists (select 1 from payment_card_load b where b.person_id = p.id)
                or exists (select 1 from domain_event e where e.person_id = p.id and e.type like 'Benefit%')) as benefits,
              s.type as last_status,
              exists (select 1 from domain_event e where e.person_id = p.id
                        and e.type in ('Deportation', 'VoluntaryDeparture')
                        and (s.valid_from is null or e.occurred_on >= s.valid_from)) as departed,
              (greatest(p.created_at, p.updated_at,
                 (select max(l.linked_at) from process_link l where l.person_id = p.id),
                 (select max(coalesce(r.ended_at, r.started_at)) from process_instance_record r
                   where r.process_instance_key in (select l.process_instance_key from process_link l where l.person_id = p.id)),
                 (select max(n.created_at) from case_note n where n.person_id = p.id),
                 (select max(e.recorded_at) from status_episode e where e.person_id = p.id),
                 (select max(greatest(t.created_at, t.completed_at)) from task t where t.person_id = p.id),
                 (select max(d.created_at) from generated_document d where d.person_id = p.id),
                 (select max(e.recorded_at) from domain_event e where e.person_id = p.id),
                 (select max(greatest(f.created_at, f.done_at)) from follow_up f where f.person_id = p.id)
               ) at time zone 'Europe/Berlin')::date::text as closed_on
         from person p
         left join lateral (select e.type, e.valid_from from status_episode e where e.person_id = p.id
                             order by e.valid_from desc, e.recorded_at desc limit 1) s on true
        ${personId ? 'where p.id = ?' : ''}
        order by p.id`,
      personId ? [personId] : [],
    );
    return rows.map((r) => ({
      id: r.id,
      processes: r.processes ?? [],
      benefits: r.benefits,
      lastStatus: r.last_status,
      departedAfterLastStatus: r.departed,
      closedOn: r.closed_on,
    }));
  }

  /** true when the embedded engine's schema is in this database */
  async hasEngineSchema(em: EntityManager): Promise<boolean> {
    const [row] = await em.execute<{ present: boolean }[]>(
      `select to_regclass('engine.process_instance') is not null as present`,
    );
    return row.present;
  }

  /**
   * The process instances of a person: linked, or named by their tasks, documents, events and agency
   * records, with their sub-processes (call activities) on the embedded engine. `shared` are those
   * that also concern another person (a household's process): their engine data stays.
   */
  async instancesOf(
    em: EntityManager,
    personId: string,
    engine: boolean,
  ): Promise<{ all: string[]; shared: string[] }> {
    const direct = await em.execute<{ key: string }[]>(
      `select distinct k::text as key from (
         select process_instance_key k from process_link where person_id = ?
         union select process_instance_key from task where person_id = ?
         union select process_instance_key from generated_document where person_id = ?
         union select process_instance_key from domain_event where person_id = ?
         union select process_instance_key from payment_card_load where person_id = ?
         union select process_instance_key from register_request where person_id = ?
         union select process_instance_key from accommodation_allocation where person_id = ?) x
       where k is not null`,
      Array<string>(7).fill(personId),
    );
    let all = direct.map((r) => r.key);
    if (engine && all.length) {
      const tree = await em.execute<{ key: string }[]>(
        `with recursive tree(key) as (
           select unnest(?::bigint[])
           union select p.key from engine.process_instance p join tree t on p.parent_process_instance_key = t.key)
         select key::text as key from tree`,
        [bigints(all)],
      );
      all = [...new Set(tree.map((r) => r.key))];
    }
    if (!all.length) return { all, shared: [] };
    const shared = await em.execute<{ key: string }[]>(
      `select distinct k::text as key from (
         select process_instance_key k from process_link where person_id <> ? and process_instance_key = any(?::bigint[])
         union select process_instance_key from task where person_id <> ? and process_instance_key = any(?::bigint[])
         union select process_instance_key from generated_document where person_id <> ? and process_instance_key = any(?::bigint[])
         union select process_instance_key from domain_event where person_id <> ? and process_instance_key = any(?::bigint[])) x`,
      [personId, bigints(all), personId, bigints(all), personId, bigints(all), personId, bigints(all)],
    );
    return { all, shared: shared.map((r) => r.key) };
  }

  /**
   * true when a process about the person still runs: on the embedded engine, an active instance (the
   * engine knows; a task row may lag behind a cancellation); against a real Zeebe, an instance the
   * platform's instance log has not seen end, or an open task
   */
  async hasRunningProcess(
    em: EntityManager,
    personId: string | null,
    keys: readonly string[],
    engine: boolean,
  ): Promise<boolean> {
    const [row] = await em.execute<{ running: boolean }[]>(
      engine
        ? `select exists (select 1 from engine.process_instance where state = 'ACTIVE' and key = any(?::bigint[])) as running`
        : `select (exists (select 1 from process_instance_record where ended_at is null and process_instance_key = any(?::bigint[]))
                   or exists (select 1 from task where state = 'open' and (person_id = ? or process_instance_key = any(?::bigint[])))) as running`,
      engine ? [bigints(keys)] : [bigints(keys), personId, bigints(keys)],
    );
    return row.running;
  }

  /**
   * closed complaints with their closing day: closed by the process, or its instance ended without
   * closing it (cancelled), then the day it ended
   */
  closedComplaints(): Promise<
    { reference: string; closed_on: string; process_instance_key: string | null }[]
  > {
    return this.em.getConnection().execute(
      `select * from (
         select c.reference, c.process_instance_key::text as process_instance_key,
                coalesce(c.closed_on::text,
                         (select (r.ended_at at time zone 'Europe/Berlin')::date::text from process_instance_record r
                           where r.process_instance_key = c.process_instance_key and r.ended_at is not null)) as closed_on
           from complaint c) x
        where closed_on is not null order by reference`,
    );
  }

  /** completed or cancelled tasks that still hold a form draft, with the day they ended */
  closedTaskDrafts(): Promise<{ id: string; ended_on: string }[]> {
    return this.em.getConnection().execute(
      `select id, ((coalesce(completed_at, created_at)) at time zone 'Europe/Berlin')::date::text as ended_on
         from task where state <> 'open' and draft is not null order by id`,
    );
  }

  /** the deletion records, newest first */
  deletions(limit: number, offset: number): Promise<[DeletionRecord[], number]> {
    return this.em
      .fork()
      .findAndCount(DeletionRecord, {}, { orderBy: { occurredAt: 'desc', id: 'desc' }, limit, offset });
  }
}
