import type { AgencyUnit } from '../agencies/units';

/** The roles of the platform (issue 4). */
export const ROLES = ['caseworker', 'team-lead', 'process-manager', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The signed-in user as the rest of the platform sees it: set on the request (`req.user`) by the auth
 * guard, read with `@CurrentUser()`. Services take it as their first argument when access depends on
 * role or unit.
 */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** the agency units (candidate groups) the user belongs to */
  units: AgencyUnit[];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** true when the actor belongs to one of the groups (an admin belongs to none implicitly) */
export function inUnits(actor: Actor, groups: readonly string[]): boolean {
  return groups.some((g) => (actor.units as string[]).includes(g));
}
