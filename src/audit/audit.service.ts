import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common';
import { addDays, berlinMidnight } from '../common/calendar';
import { checkRun, entryHash, GENESIS_HASH, type ChainProblem } from './audit-chain';
import type { AuditOutcome } from './audit-entry.entity';

export interface AuditRecord {
  /** the signed-in user, or a name for the platform itself ('system') or a failed sign-in's username */
  actor: Actor | { username: string; roles?: string[]; units?: string[] };
  action: string;
  resourceType: string;
  resourceId?: string | null;
  personId?: string | null;
  outcome: AuditOutcome;
  /** facts without personal data */
  details?: Record<string, unknown> | null;
}

export interface VerifyResult {
  ok: boolean;
  /** entries checked */
  checked: number;
  problem?: ChainProblem;
}

interface EntryRow {
  seq: string;
  occurred_at: Date;
  actor: string;
  roles: string[];
  units: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

const BATCH = 5_000;

/** what the audit view filters by (all optional; a period is whole Berlin days, both ends included) */
export interface AuditFilter {
  personId?: string;
  actor?: string;
  unit?: string;
  /** an action, or a family of them ending in '.' ('engine.', 'release.') */
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditEntryView {
  seq: string;
  occurredAt: string;
  actor: string;
  roles: string[];
  units: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

const PAGE_SIZE = 50;
/** the CSV export stops here (a narrower filter gives the rest) */
export const CSV_LIMIT = 100_000;

/** refused for lack of rights (401/403) or failed for another reason */
export function outcomeOf(error: unknown): AuditOutcome {
  const status = error instanceof DomainError ? Number(error.httpStatus) : 500;
  return status === 401 || status === 403 ? 'denied' : 'failed';
}

/**
 * The audit trail: appends chained entries (each in a short transaction of its own that locks the
 * chain's head, so entries are numbered without gaps in the order they were written) and verifies the
 * chain. Never holds names or case content: ids, actions and outcomes only.
 */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Appends one entry. With `em`, inside that transaction (the entry exists exactly when the caller's
   * change commits; the chain head stays locked until then, so keep such transactions short).
   */
  async record(record: AuditRecord, options: { now?: Date; em?: EntityManager } = {}): Promise<string> {
    const actor = record.actor;
    const roles = [...(actor.roles ?? [])];
    const units = [...(('units' in actor ? actor.units : undefined) ?? [])];
    const occurredAt = new Date(Math.floor((options.now ?? new Date()).getTime()));
    const append = async (em: EntityManager): Promise<string> => {
      // the head row (created by the migration) serialises the appends: numbered in commit order
      const [prev] = await em.execute<{ seq: string; hash: string }[]>(
        `select seq::text as seq, hash from audit_chain_head where id = 1 for update`,
      );
      if (!prev) throw new Error('audit_chain_head has no row: the audit migration did not run');
      const entry = {
        seq: (BigInt(prev.seq) + 1n).toString(),
        occurredAt,
        actor: actor.username,
        roles,
        units,
        action: record.action,
        resourceType: record.resourceType,
        resourceId: record.resourceId ?? null,
        personId: record.personId ?? null,
        outcome: record.outcome,
        details: record.details ?? null,
        prevHash: prev.hash,
      };
      const hash = entryHash(entry);
      await em.execute(
        `insert into audit_entry (seq, occurred_at, actor, roles, units, action, resource_type, resource_id, person_id, outcome, details, prev_hash, hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          entry.seq,
          entry.occurredAt,
          entry.actor,
          `{${roles.map((r) => JSON.stringify(r)).join(',')}}`,
          `{${units.map((u) => JSON.stringify(u)).join(',')}}`,
          entry.action,
          entry.resourceType,
          entry.resourceId,
          entry.personId,
          entry.outcome,
          entry.details === null ? null : JSON.stringify(entry.details),
          entry.prevHash,
          hash,
        ],
      );
      await em.execute(`update audit_chain_head set seq = ?, hash = ? where id = 1`, [entry.seq, hash]);
      return entry.seq;
    };
    return options.em ? append(options.em) : this.em.fork().transactional(append);
  }

  /**
   * Runs `work` and records it: success (with what `fromResult` adds, e.g. the id of what was created),
   * or denied (403/401) / failed with the error's code; the error is rethrown. A read whose entry cannot
   * be written fails, so that nothing is shown unrecorded.
   */
  async around<T>(
    entry: Omit<AuditRecord, 'outcome'>,
    work: () => Promise<T>,
    fromResult?: (result: T) => Partial<Pick<AuditRecord, 'resourceId' | 'personId' | 'details'>>,
  ): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.record({
        ...entry,
        outcome: outcomeOf(error),
        details: { ...entry.details, code: error instanceof DomainError ? error.code : 'ERROR' },
      });
      throw error;
    }
    const extra = fromResult?.(result) ?? {};
    await this.record({
      ...entry,
      ...extra,
      details: { ...entry.details, ...extra.details },
      outcome: 'success',
    });
    return result;
  }

  /**
   * Entries matching the filter, newest first. Reading the trail is itself recorded (who looked at
   * whose entries, with the filter), so it runs through `around`.
   */
  search(actor: Actor, filter: AuditFilter, page = 1): Promise<AuditPage> {
    return this.around(
      {
        actor,
        action: 'read',
        resourceType: 'audit',
        personId: filter.personId ?? null,
        details: { filter, page },
      },
      async () => {
        const { where, params } = whereOf(filter);
        const em = this.em.fork();
        const [{ total }] = await em.execute<{ total: string }[]>(
          `select count(*)::text as total from audit_entry e ${where}`,
          params,
        );
        const rows = await em.execute<EntryRow[]>(
          `select ${COLUMNS} from audit_entry e ${where} order by e.seq desc limit ${PAGE_SIZE} offset ?`,
          [...params, (page - 1) * PAGE_SIZE],
        );
        return { items: rows.map(viewOf), total: Number(total), page, pageSize: PAGE_SIZE };
      },
      (result) => ({ details: { filter, page, count: result.items.length } }),
    );
  }

  /** the entries matching the filter as CSV (';', UTF-8 with BOM, German headers), oldest first; recorded */
  exportCsv(actor: Actor, filter: AuditFilter): Promise<string> {
    return this.around(
      {
        actor,
        action: 'export',
        resourceType: 'audit',
        personId: filter.personId ?? null,
        details: { filter },
      },
      async () => {
        const { where, params } = whereOf(filter);
        const rows = await this.em
          .fork()
          .execute<EntryRow[]>(
            `select ${COLUMNS} from audit_entry e ${where} order by e.seq limit ${CSV_LIMIT}`,
            params,
          );
        const header = [
          'Nr.',
          'Zeitpunkt',
          'Benutzer',
          'Rollen',
          'Einheiten',
          'Aktion',
          'Objektart',
          'Objekt',
          'Person',
          'Ergebnis',
          'Angaben',
        ];
        const lines = rows
          .map(viewOf)
          .map((e) =>
            [
              e.seq,
              e.occurredAt,
              e.actor,
              e.roles.join(','),
              e.units.join(','),
              e.action,
              e.resourceType,
              e.resourceId ?? '',
              e.personId ?? '',
              e.outcome,
              e.details ? JSON.stringify(e.details) : '',
            ]
              .map(csvCell)
              .join(';'),
          );
        return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
      },
    );
  }

  /** walks the whole chain in order and names the first altered or missing entry */
  async verify(): Promise<VerifyResult> {
    const em = this.em.fork();
    let previous: { seq: string; hash: string } | null = null;
    let checked = 0;
    for (;;) {
      const rows: EntryRow[] = await em.execute<EntryRow[]>(
        `select seq::text as seq, occurred_at, actor, roles, units, action, resource_type, resource_id,
                person_id, outcome, details, prev_hash, hash
           from audit_entry where seq > ? order by audit_entry.seq limit ${BATCH}`,
        [previous?.seq ?? '0'],
      );
      if (rows.length === 0) break;
      const entries = rows.map((r) => ({
        seq: r.seq,
        occurredAt: new Date(r.occurred_at),
        actor: r.actor,
        roles: r.roles,
        units: r.units,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        personId: r.person_id,
        outcome: r.outcome,
        details: r.details,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      const { problem, verified } = checkRun(entries, previous);
      checked += verified;
      if (problem) return { ok: false, checked, problem };
      const last = entries[entries.length - 1];
      previous = { seq: last.seq, hash: last.hash };
    }
    const [head] = await em.execute<{ seq: string; hash: string }[]>(
      `select seq::text as seq, hash from audit_chain_head where id = 1`,
    );
    const lastSeq = previous?.seq ?? '0';
    if (head && (head.seq !== lastSeq || head.hash !== (previous?.hash ?? GENESIS_HASH))) {
      const missing = (BigInt(lastSeq) + 1n).toString();
      return {
        ok: false,
        checked,
        problem:
          BigInt(head.seq) > BigInt(lastSeq)
            ? {
                seq: missing,
                kind: 'missing',
                message: `Eintrag ${missing} fehlt (die Kette endet bei ${lastSeq}, zuletzt geschrieben wurde ${head.seq})`,
              }
            : { seq: lastSeq, kind: 'head', message: `Das Kettenende passt nicht zu Eintrag ${lastSeq}` },
      };
    }
    if (!head) {
      return { ok: false, checked, problem: { seq: lastSeq, kind: 'head', message: 'Das Kettenende fehlt' } };
    }
    return { ok: true, checked };
  }
}

const COLUMNS = `e.seq::text as seq, e.occurred_at, e.actor, e.roles, e.units, e.action, e.resource_type,
  e.resource_id, e.person_id, e.outcome, e.details, e.prev_hash, e.hash`;

function whereOf(filter: AuditFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.personId) {
    // the entries about the person, and the searches and lists that showed them
    clauses.push(`(e.person_id = ? or jsonb_exists(e.details -> 'personIds', ?))`);
    params.push(filter.personId, filter.personId);
  }
  if (filter.actor) {
    clauses.push(`e.actor = ?`);
    params.push(filter.actor);
  }
  if (filter.unit) {
    clauses.push(`? = any(e.units)`);
    params.push(filter.unit);
  }
  if (filter.action) {
    if (filter.action.endsWith('.')) {
      clauses.push(`starts_with(e.action, ?)`);
      params.push(filter.action);
    } else {
      clauses.push(`e.action = ?`);
      params.push(filter.action);
    }
  }
  if (filter.from) {
    clauses.push(`e.occurred_at >= ?`);
    params.push(berlinMidnight(filter.from));
  }
  if (filter.to) {
    clauses.push(`e.occurred_at < ?`);
    params.push(berlinMidnight(addDays(filter.to, 1)));
  }
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

function viewOf(r: EntryRow): AuditEntryView {
  return {
    seq: r.seq,
    occurredAt: new Date(r.occurred_at).toISOString(),
    actor: r.actor,
    roles: r.roles,
    units: r.units,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    personId: r.person_id,
    outcome: r.outcome as AuditOutcome,
    details: r.details,
  };
}

/** a CSV cell: quoted when needed; a leading =, +, - or @ is neutralised (no formula in a spreadsheet) */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
