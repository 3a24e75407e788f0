import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
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

/**
 * The audit trail: appends chained entries (each in a short transaction of its own that locks the
 * chain's head, so entries are numbered without gaps in the order they were written) and verifies the
 * chain. Never holds names or case content: ids, actions and outcomes only.
 */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  async record(record: AuditRecord, now: Date = new Date()): Promise<string> {
    const actor = record.actor;
    const roles = [...(actor.roles ?? [])];
    const units = [...(('units' in actor ? actor.units : undefined) ?? [])];
    const occurredAt = new Date(Math.floor(now.getTime()));
    return this.em.fork().transactional(async (em) => {
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
    });
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
