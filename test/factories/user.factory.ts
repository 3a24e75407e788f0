import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { AgencyUnit } from '../../src/agencies/units';
import type { Role } from '../../src/auth/actor';
import { AuthService } from '../../src/auth/auth.service';
import type { User } from '../../src/auth/user.entity';

let counter = 0;

export interface UserOverrides {
  username?: string;
  displayName?: string;
  password?: string;
  roles?: Role[];
  units?: AgencyUnit[];
}

export const TEST_PASSWORD = 'richtig-geheim-123';

/** A user inserted through the real AuthService: a caseworker of ABH with TEST_PASSWORD by default. */
export async function createUser(app: INestApplication, overrides: UserOverrides = {}): Promise<User> {
  counter += 1;
  const orm = app.get(MikroORM);
  return RequestContext.create(orm.em.fork(), () =>
    app.get(AuthService).createUser({
      username: overrides.username ?? `test.user${counter}`,
      displayName: overrides.displayName ?? `Testperson ${counter}`,
      password: overrides.password ?? TEST_PASSWORD,
      roles: overrides.roles ?? ['caseworker'],
      units: overrides.units ?? ['ABH'],
    }),
  );
}
