import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AGENCY_UNITS, type AgencyUnit } from '../agencies/units';
import { AppConfig } from '../config/app.config';
import type { Role } from './actor';
import { AuthService, type NewUser } from './auth.service';
import { UsersRepository } from './users.repository';

/** the one password of every demo user (README "Demo users"); demo data only, never with DEMO_DATA off */
export const DEMO_PASSWORD = 'Demo-Passwort-2026';

const ALL_UNITS = Object.keys(AGENCY_UNITS) as AgencyUnit[];

/** one caseworker per unit (sb.<unit>), a team lead, a process manager, a quality user, an admin */
export function demoUsers(): Omit<NewUser, 'password'>[] {
  const caseworkers = ALL_UNITS.map((unit) => ({
    username: `sb.${unit.toLowerCase()}`,
    displayName: `Sachbearbeitung ${unit} (Demo)`,
    roles: ['caseworker'] as Role[],
    units: [unit],
  }));
  return [
    ...caseworkers,
    {
      username: 'tl.abh',
      displayName: 'Teamleitung ABH (Demo)',
      roles: ['team-lead', 'caseworker'],
      units: ['ABH'],
    },
    {
      username: 'pv.mia',
      displayName: 'Prozessverantwortung (Demo)',
      roles: ['process-manager'],
      units: ALL_UNITS,
    },
    { username: 'qs.mia', displayName: 'Qualitätssicherung (Demo)', roles: ['quality'], units: ALL_UNITS },
    { username: 'admin', displayName: 'Administration (Demo)', roles: ['admin'], units: [] },
  ];
}

/**
 * Creates the demo users when DEMO_DATA is on and the database has no user yet. Does nothing when
 * DEMO_DATA is off. Returns the usernames created (for the start-up hint), never the password hashes.
 */
@Injectable()
export class DemoUsersService {
  private readonly logger = new Logger(DemoUsersService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
  ) {}

  ensure(): Promise<{ created: string[]; usernames: string[] }> {
    if (!this.config.DEMO_DATA) return Promise.resolve({ created: [], usernames: [] });
    return RequestContext.create(this.orm.em.fork(), async () => {
      const usernames = demoUsers().map((u) => u.username);
      if ((await this.users.count()) > 0) return { created: [], usernames };
      for (const user of demoUsers()) await this.auth.createUser({ ...user, password: DEMO_PASSWORD });
      this.logger.log({ msg: 'demo users created', count: usernames.length });
      return { created: usernames, usernames };
    });
  }
}
