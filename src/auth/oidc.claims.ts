import { isAgencyUnit, type AgencyUnit } from '../agencies/units';
import { ROLES, type Role } from './actor';

/** what the platform takes from the identity provider's claims */
export interface OidcProfile {
  subject: string;
  username: string;
  displayName: string;
  roles: Role[];
  units: AgencyUnit[];
}

export type OidcProfileResult =
  | { ok: true; profile: OidcProfile; ignoredValues: number }
  | { ok: false; reason: 'no-subject' | 'no-role' | 'no-unit'; message: string };

export interface ClaimNames {
  rolesClaim: string;
  unitsClaim: string;
}

/** a claim as a list of strings: a JSON array, or one string separated by spaces or commas */
export function claimValues(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Maps the claims of ID token and userinfo to a platform profile. Only known roles (ROLES) and units
 * (AGENCY_UNITS, case-insensitive) are accepted; other values are ignored. Without a known role, or
 * without a known unit (admins excepted), the sign-in is refused with a German message.
 */
export function profileFromClaims(claims: Record<string, unknown>, names: ClaimNames): OidcProfileResult {
  const subject = text(claims.sub);
  if (!subject || subject.length > 255) {
    return {
      ok: false,
      reason: 'no-subject',
      message: 'Der Identitätsanbieter hat keine gültige Kennung geliefert.',
    };
  }
  const rawRoles = claimValues(claims[names.rolesClaim]);
  const rawUnits = claimValues(claims[names.unitsClaim]);
  const roles = [...new Set(rawRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)))];
  const units = [...new Set(rawUnits.map((u) => u.toUpperCase()).filter((u) => isAgencyUnit(u)))];
  if (roles.length === 0) {
    return {
      ok: false,
      reason: 'no-role',
      message:
        'Anmeldung abgelehnt: Ihrem Dienstkonto ist keine bekannte Rolle der Plattform zugeordnet. Bitte wenden Sie sich an die Administration.',
    };
  }
  if (units.length === 0 && !roles.includes('admin')) {
    return {
      ok: false,
      reason: 'no-unit',
      message:
        'Anmeldung abgelehnt: Ihrem Dienstkonto ist keine bekannte Organisationseinheit zugeordnet. Bitte wenden Sie sich an die Administration.',
    };
  }
  const username = (text(claims.preferred_username) ?? text(claims.email) ?? `oidc-${subject}`)
    .toLowerCase()
    .slice(0, 100);
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const displayName = (text(claims.name) ?? (fullName || username)).slice(0, 200);
  return {
    ok: true,
    profile: { subject, username, displayName, roles, units },
    ignoredValues:
      rawRoles.filter((r) => !(ROLES as readonly string[]).includes(r)).length +
      rawUnits.filter((u) => !isAgencyUnit(u.toUpperCase())).length,
  };
}
