import type { AgencyUnit } from '../../../src/agencies/units';
import type { Actor } from '../../../src/auth/actor';
import type { Scenario } from '../../utils/scenario';

/** a caseworker of one unit, as DeadlinesService.list sees the caller */
export function caseworkerOf(unit: AgencyUnit): Actor {
  const username = `sb.${unit.toLowerCase()}`;
  return { id: username, username, displayName: `SB ${unit}`, roles: ['caseworker'], units: [unit] };
}

/** rows of a read-only query on the scenario's database, in a request context */
export function rowsOf<T>(s: Scenario, sql: string, params: unknown[]): Promise<T[]> {
  return s.inContext(() => s.orm.em.getConnection().execute<T[]>(sql, params));
}

/** the due instant of the engine's timer of an element, ISO UTC without milliseconds (waits for it) */
export async function timerDueAt(s: Scenario, pi: string, elementId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const rows = await rowsOf<{ due_at: string }>(
      s,
      `select due_at::text as due_at from engine.timer where process_instance_key = ? and element_id = ?`,
      [pi, elementId],
    );
    if (rows.length === 1) return new Date(Number(rows[0].due_at)).toISOString().replace('.000Z', 'Z');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no timer of ${elementId}`);
}
