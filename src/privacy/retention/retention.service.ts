import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { QueryResult } from '@mikro-orm/core';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { ClockService } from '../../engine/clock.service';
import { DeletionRecord, RetentionRun, type DeletionTrigger } from './deletion-record.entity';
import { ErasurePersonNotFoundError, ErasureRefusedRunningProcessError } from './retention.errors';
import { RetentionRepository } from './retention.repository';
import {
  expiredRecords,
  parsePeriod,
  personCategories,
  RETENTION_CATEGORIES,
  RETENTION_PARAMETER_PREFIX,
  type RetentionCategory,
  type RetentionRule,
  type RetentionRules,
} from './retention.rules';

/** what one run of the erasure job did */
export interface RetentionRunSummary {
  runId: string;
  trigger: DeletionTrigger;
  /** the engine's day the run decided on */
  day: string;
  /** persons erased */
  persons: number;
  /** persons whose retention ended while a process still runs ("zurückgestellt") */
  deferred: number;
  complaints: number;
  taskDrafts: number;
  sessions: number;
}

export interface ErasureResult {
  deletionId: string;
  /** rows erased (or anonymised) per place */
  places: Record<string, number>;
}

interface EraseContext {
  trigger: DeletionTrigger;
  runId: string | null;
  actor: string;
  /** the rule that expired (job) or null (erasure on request) */
  rule: RetentionRule | null;
  now: Date;
  today: string;
  rules?: RetentionRules;
}

const SYSTEM = { username: 'system', roles: [], units: [] };
const bigints = (keys: readonly string[]): string => `{${keys.join(',')}}`;

/** tables with a person_id erased by name below */
const HANDLED_TABLES = [
  'follow_up',
  'case_note',
  'status_episode',
  'process_link',
  'task',
  'generated_document',
  'payment_card_load',
  'register_request',
  'accommodation_allocation',
];
/**
 * tables with a person_id that keep their rows: the audit trail (ids only, append-only and chained),
 * the anonymised domain events, and the Lagebild's queue of persons to recompute (an id only; the
 * recomputation drops the erased person's derived intervals)
 */
const KEPT_TABLES = ['audit_entry', 'domain_event', 'lagebild_dirty_person'];

/** the engine's tables keyed by process instance (the event log is handled apart: append-only) */
const ENGINE_TABLES = ['variable', 'job', 'incident', 'timer', 'subscription', 'element_instance'];

/**
 * The erasure job and erasure on request (issue 7 § 2). A person is erased in one transaction: every
 * place their data lives (case tables, tasks and drafts, documents, agency records, the engine's
 * variables and event log of their finished instances, the search keys on the person row) or nothing.
 * Domain events are anonymised instead (a random id in place of the person's, free text removed), so
 * the statistics keep counting. A person with a running process is never erased.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: RetentionRepository,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  /** the rules in force on `onDate`: per category the latest version with validFrom ≤ onDate */
  async rules(onDate: string): Promise<RetentionRules> {
    const rules = new Map<RetentionCategory, RetentionRule>();
    for (const version of await this.repository.ruleVersions()) {
      const category = version.key.slice(RETENTION_PARAMETER_PREFIX.length) as RetentionCategory;
      if (!RETENTION_CATEGORIES.includes(category) || rules.has(category) || version.validFrom > onDate)
        continue;
      try {
        rules.set(category, {
          category,
          key: version.key,
          validFrom: version.validFrom,
          period: parsePeriod(version.value),
          source: version.source,
        });
      } catch (error) {
        // a broken version keeps the records of its category (never erase on a misread rule)
        this.logger.warn({
          msg: 'retention rule ignored',
          key: version.key,
          validFrom: version.validFrom,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return rules;
  }

  /**
   * One run of the erasure job. The daily run ('schedule') happens once per engine day: a second one
   * on the same day returns null. Each person, complaint and the drafts are erased in their own
   * transaction; one failing is logged and the run goes on.
   */
  async run(trigger: 'schedule' | 'manual', actor: string = 'system'): Promise<RetentionRunSummary | null> {
    const now = await this.clock.now();
    const today = await this.clock.today();
    const em = this.em.fork();
    const [started] = await em.execute<{ id: string }[]>(
      `insert into retention_run (trigger, day, started_at) values (?, ?, ?)
       on conflict do nothing returning id::text as id`,
      [trigger, today, now],
    );
    if (!started) return null;
    const runId = started.id;
    const rules = await this.rules(today);
    const summary: RetentionRunSummary = {
      runId,
      trigger,
      day: today,
      persons: 0,
      deferred: 0,
      complaints: 0,
      taskDrafts: 0,
      sessions: 0,
    };
    const ctx = (rule: RetentionRule | null): EraseContext => ({
      trigger,
      runId,
      actor,
      rule,
      now,
      today,
      rules,
    });

    const files = await this.repository.personFiles();
    const persons = expiredRecords(
      rules,
      files.map((f) => ({ id: f.id, categories: personCategories(f), closedOn: f.closedOn })),
      today,
    );
    for (const decision of persons) {
      const outcome = await this.guarded('person', () => this.erasePerson(decision.id, ctx(decision.rule)));
      if (outcome === 'deferred') summary.deferred += 1;
      else if (outcome !== null && typeof outcome === 'object') summary.persons += 1;
    }

    const complaints = await this.repository.closedComplaints();
    const expiredComplaints = expiredRecords(
      rules,
      complaints.map((c) => ({ id: c.reference, categories: ['complaint'], closedOn: c.closed_on })),
      today,
    );
    for (const decision of expiredComplaints) {
      const outcome = await this.guarded('complaint', () =>
        this.eraseComplaint(decision.id, ctx(decision.rule)),
      );
      if (outcome === 'erased') summary.complaints += 1;
    }

    const drafts = expiredRecords(
      rules,
      (await this.repository.closedTaskDrafts()).map((t) => ({
        id: t.id,
        categories: ['task.draft'],
        closedOn: t.ended_on,
      })),
      today,
    );
    if (drafts.length) {
      summary.taskDrafts =
        (await this.guarded('task-draft', () =>
          this.eraseDrafts(
            drafts.map((d) => d.id),
            ctx(drafts[0].rule),
          ),
        )) ?? 0;
    }

    const sessionRule = rules.get('session');
    if (sessionRule?.period) {
      summary.sessions = (await this.guarded('session', () => this.eraseSessions(ctx(sessionRule)))) ?? 0;
    }

    await em.execute(`update retention_run set finished_at = ?, erased = ?, deferred = ? where id = ?`, [
      await this.clock.now(),
      summary.persons + summary.complaints + summary.taskDrafts + summary.sessions,
      summary.deferred,
      runId,
    ]);
    this.logger.log({ msg: 'retention run finished', ...summary });
    return summary;
  }

  /**
   * Erasure on request (Art. 17 DSGVO) by an admin: the person and everything about them, whatever
   * the retention rules say; refused (409) while a process about them runs. Recorded in the audit trail.
   */
  eraseOnRequest(actor: Actor, personId: string): Promise<ErasureResult> {
    return this.audit.around(
      {
        actor,
        action: 'erase',
        resourceType: 'person',
        resourceId: personId,
        personId,
        details: { trigger: 'request' },
      },
      async () => {
        const now = await this.clock.now();
        const result = await this.erasePerson(personId, {
          trigger: 'request',
          runId: null,
          actor: actor.username,
          rule: null,
          now,
          today: await this.clock.today(),
        });
        if (result === 'gone') throw new ErasurePersonNotFoundError({ personId });
        if (result === 'deferred') throw new ErasureRefusedRunningProcessError({ personId });
        if (result === 'kept') throw new Error('unreachable: a request is not decided by retention');
        return result;
      },
      (result) => ({ details: { trigger: 'request', deletionId: result.deletionId } }),
    );
  }

  /** the deletion records, newest first */
  async deletions(page: number, pageSize: number): Promise<{ items: DeletionRecord[]; total: number }> {
    const [items, total] = await this.repository.deletions(pageSize, (page - 1) * pageSize);
    return { items, total };
  }

  /** the latest runs of the job, newest first */
  runs(limit: number): Promise<RetentionRun[]> {
    return this.em.fork().find(RetentionRun, {}, { orderBy: { id: 'desc' }, limit });
  }

  /** runs one unit of work; a failure is logged (without personal data) and counted as nothing done */
  private async guarded<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({
        msg: 'retention erasure failed',
        what,
        error: error instanceof Error ? error.name : 'Error',
        code: (error as { code?: string }).code ?? null,
      });
      return null;
    }
  }

  /**
   * Erases one person in one transaction: 'erased', 'deferred' (a process runs; nothing changed),
   * 'kept' (the job's decision no longer holds: the file changed meanwhile) or 'gone' (no such person).
   */
  private async erasePerson(
    personId: string,
    ctx: EraseContext,
  ): Promise<ErasureResult | 'deferred' | 'kept' | 'gone'> {
    return this.em.fork().transactional(async (em) => {
      // the person row locked first: a process linked or a note written meanwhile waits for us
      const [person] = await em.execute<{ id: string; household_id: string | null; file_number: string }[]>(
        `select id, household_id, file_number from person where id = ? for update`,
        [personId],
      );
      if (!person) return 'gone' as const;
      if (ctx.rules) {
        // decided outside the transaction: check again on the locked row
        const [file] = await this.repository.personFiles(personId, em);
        const still = expiredRecords(
          ctx.rules,
          [{ id: file.id, categories: personCategories(file), closedOn: file.closedOn }],
          ctx.today,
        );
        if (!still.length) return 'kept' as const;
      }
      const engine = await this.repository.hasEngineSchema(em);
      const { all, shared } = await this.repository.instancesOf(em, personId, engine);
      if (await this.repository.hasRunningProcess(em, personId, all, engine)) return 'deferred' as const;
      const own = all.filter((k) => !shared.includes(k));
      const caseIds = (
        await em.execute<{ case_id: string }[]>(
          `select distinct case_id from process_link where person_id = ?`,
          [personId],
        )
      ).map((r) => r.case_id);

      const places: Record<string, number> = {};
      const run = async (place: string, sql: string, params: unknown[]): Promise<void> => {
        const result = await em.execute<QueryResult>(sql, params, 'run');
        if (result.affectedRows) places[place] = (places[place] ?? 0) + result.affectedRows;
      };
      await em.execute(`select set_config('mia.erasure', 'on', true)`);
      await run(
        'follow_up_event',
        `delete from follow_up_event where follow_up_id in (select id from follow_up where person_id = ?)`,
        [personId],
      );
      await run('follow_up', `delete from follow_up where person_id = ?`, [personId]);
      await run('case_note', `delete from case_note where person_id = ?`, [personId]);
      await run('status_episode', `delete from status_episode where person_id = ?`, [personId]);
      await run('process_link', `delete from process_link where person_id = ?`, [personId]);
      await run('task', `delete from task where person_id = ? or process_instance_key = any(?::bigint[])`, [
        personId,
        bigints(own),
      ]);
      await run(
        'generated_document',
        `delete from generated_document where person_id = ? or process_instance_key = any(?::bigint[])`,
        [personId, bigints(own)],
      );
      await run('payment_card_load', `delete from payment_card_load where person_id = ?`, [personId]);
      await run('register_request', `delete from register_request where person_id = ?`, [personId]);
      await run('accommodation_allocation', `delete from accommodation_allocation where person_id = ?`, [
        personId,
      ]);
      await run('failed_job', `delete from failed_job where process_instance_key = any(?::bigint[])`, [
        bigints(own),
      ]);
      // statistics keep counting: a random id (kept nowhere) in place of the person's, free text removed
      const pseudonym = randomUUID();
      await run(
        'domain_event (anonymisiert)',
        `update domain_event
            set person_id = ?::uuid,
                payload = payload - 'zuweisungReference' - (case when type = 'DuldungRevoked' then 'reason' else '' end),
                idempotency_key = replace(idempotency_key, ?, ?)
          where person_id = ?`,
        [pseudonym, personId, pseudonym, personId],
      );
      // any other table with a person_id (agency records, derived statistics added later): its rows too
      const others = await em.execute<{ table_name: string }[]>(
        `select c.table_name from information_schema.columns c
           join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = 'public' and c.column_name = 'person_id' and t.table_type = 'BASE TABLE'
            and c.table_name <> all(?::text[])
          order by c.table_name`,
        [`{${[...HANDLED_TABLES, ...KEPT_TABLES].join(',')}}`],
      );
      for (const { table_name: table } of others)
        await run(table, `delete from "${table}" where person_id = ?`, [personId]);
      // the search keys (name_fold, name_skeleton and their trigram indexes) live on the person row
      await run('person', `delete from person where id = ?`, [personId]);
      if (person.household_id) {
        await run(
          'household',
          `delete from household h where h.id = ?
             and not exists (select 1 from person p where p.household_id = h.id)
             and not exists (select 1 from accommodation_allocation a where a.household_id = h.id)`,
          [person.household_id],
        );
      }
      if (engine) await this.eraseEngineData(em, own, [person.file_number, personId, ...caseIds], run);

      const record = await this.deletionRecord(em, ctx, {
        category: ctx.rule?.category ?? 'art17',
        recordType: 'person',
        count: 1,
        places,
      });
      if (ctx.trigger !== 'request') {
        await this.audit.record(
          {
            actor: ctx.trigger === 'schedule' ? SYSTEM : { username: ctx.actor, roles: ['admin'] },
            action: 'erase',
            resourceType: 'person',
            resourceId: personId,
            personId,
            outcome: 'success',
            details: { trigger: ctx.trigger, rule: ctx.rule?.key ?? null, deletionId: record.id },
          },
          { em },
        );
      }
      return { deletionId: record.id, places };
    });
  }

  /**
   * The embedded engine's data of finished instances: runtime rows, buffered messages for the case,
   * and the event log (append-only: its trigger is switched off inside this transaction only, under
   * an exclusive lock, so no other transaction ever sees it off).
   */
  private async eraseEngineData(
    em: EntityManager,
    keys: readonly string[],
    correlationKeys: readonly string[],
    run: (place: string, sql: string, params: unknown[]) => Promise<void>,
  ): Promise<void> {
    await run('engine.message', `delete from engine.message where correlation_key = any(?::text[])`, [
      `{${correlationKeys.map((k) => JSON.stringify(k)).join(',')}}`,
    ]);
    if (!keys.length) return;
    for (const table of ENGINE_TABLES) {
      await run(
        `engine.${table}`,
        `delete from engine.${table} where process_instance_key = any(?::bigint[])`,
        [bigints(keys)],
      );
    }
    await run(
      'engine.process_instance',
      `delete from engine.process_instance where key = any(?::bigint[]) and state <> 'ACTIVE'`,
      [bigints(keys)],
    );
    await em.execute(`alter table engine.event_log disable trigger event_log_no_update`);
    await run(
      'engine.event_log',
      `delete from engine.event_log where process_instance_key = any(?::bigint[])`,
      [bigints(keys)],
    );
    await em.execute(`alter table engine.event_log enable trigger event_log_no_update`);
  }

  /** a complaint file with its tasks, documents and engine data, in one transaction */
  private async eraseComplaint(reference: string, ctx: EraseContext): Promise<'erased' | 'kept' | 'gone'> {
    return this.em.fork().transactional(async (em) => {
      const [complaint] = await em.execute<{ key: string | null }[]>(
        `select process_instance_key::text as key from complaint where reference = ? for update`,
        [reference],
      );
      if (!complaint) return 'gone' as const;
      const engine = await this.repository.hasEngineSchema(em);
      // a reopened or still running complaint process is not erased
      if (complaint.key && (await this.repository.hasRunningProcess(em, null, [complaint.key], engine)))
        return 'kept' as const;
      const places: Record<string, number> = {};
      const run = async (place: string, sql: string, params: unknown[]): Promise<void> => {
        const result = await em.execute<QueryResult>(sql, params, 'run');
        if (result.affectedRows) places[place] = (places[place] ?? 0) + result.affectedRows;
      };
      const keys = complaint.key ? [complaint.key] : [];
      await run('complaint', `delete from complaint where reference = ?`, [reference]);
      if (keys.length) {
        await run('task', `delete from task where process_instance_key = any(?::bigint[])`, [bigints(keys)]);
        await run(
          'generated_document',
          `delete from generated_document where process_instance_key = any(?::bigint[])`,
          [bigints(keys)],
        );
        if (engine) await this.eraseEngineData(em, keys, [reference], run);
      }
      await this.deletionRecord(em, ctx, {
        category: 'complaint',
        recordType: 'complaint',
        count: 1,
        places,
      });
      return 'erased' as const;
    });
  }

  /** form drafts of tasks that ended: cleared in one transaction */
  private async eraseDrafts(taskIds: string[], ctx: EraseContext): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const result = await em.execute<QueryResult>(
        `update task set draft = null, draft_saved_at = null, draft_by = null
          where id = any(?::uuid[]) and state <> 'open' and draft is not null`,
        [`{${taskIds.join(',')}}`],
        'run',
      );
      const count = result.affectedRows;
      if (count)
        await this.deletionRecord(em, ctx, {
          category: 'task.draft',
          recordType: 'task-draft',
          count,
          places: { 'task.draft': count },
        });
      return count;
    });
  }

  /** sign-in sessions expired longer than the rule's period ago (wall clock, as the session store) */
  private async eraseSessions(ctx: EraseContext): Promise<number> {
    const period = ctx.rule?.period;
    if (!period) return 0;
    return this.em.fork().transactional(async (em) => {
      const result = await em.execute<QueryResult>(
        `delete from http_session where expires_at <= now() - make_interval(years => ?, months => ?, days => ?)`,
        [period.years ?? 0, period.months ?? 0, period.days ?? 0],
        'run',
      );
      const count = result.affectedRows;
      if (count)
        await this.deletionRecord(em, ctx, {
          category: 'session',
          recordType: 'session',
          count,
          places: { http_session: count },
        });
      return count;
    });
  }

  private async deletionRecord(
    em: EntityManager,
    ctx: EraseContext,
    what: { category: string; recordType: string; count: number; places: Record<string, number> },
  ): Promise<DeletionRecord> {
    const record = em.create(DeletionRecord, {
      runId: ctx.runId,
      occurredAt: ctx.now,
      trigger: ctx.trigger,
      actor: ctx.actor,
      ruleKey: ctx.rule?.key ?? null,
      ruleValidFrom: ctx.rule?.validFrom ?? null,
      category: what.category,
      recordType: what.recordType,
      count: what.count,
      places: what.places,
    });
    await em.persistAndFlush(record);
    return record;
  }
}
