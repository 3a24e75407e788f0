import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isAgencyUnit, type AgencyUnit } from '../agencies/units';
import { AppConfig } from '../config/app.config';
import { ROLES, type Actor, type Role } from './actor';
import { InvalidCredentialsError } from './auth.errors';
import { dummyHash, hashPassword, verifyPassword } from './password.hasher';
import { User } from './user.entity';
import { normalizeUsername, UsersRepository } from './users.repository';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  units: AgencyUnit[];
}

/**
 * Local accounts: sign-in with argon2id, lock-out after AUTH_MAX_FAILED_ATTEMPTS failures for
 * AUTH_LOCKOUT_MINUTES. Unknown user, wrong password, inactive and locked account get the same error
 * after the same work (one argon2 verification). Logs carry user ids only, never names or passwords.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {}

  /** compute the dummy hash now, so that the first unknown user takes no longer than the others */
  async onModuleInit(): Promise<void> {
    await dummyHash();
  }

  async signIn(username: string, password: string, now: Date = new Date()): Promise<Actor> {
    const user = username.trim() ? await this.users.findByUsername(username) : null;
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      this.logger.log({ msg: 'sign-in refused', reason: 'credentials' });
      throw new InvalidCredentialsError();
    }
    // an OIDC account has no password: same work as for an unknown user, never a match
    const passwordOk = user.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await dummyHash(), password).then(() => false);
    if (user.lockedUntil && user.lockedUntil > now) {
      this.logger.log({ msg: 'sign-in refused', reason: 'locked', userId: user.id });
      throw new InvalidCredentialsError();
    }
    if (user.lockedUntil) {
      // the lock-out is over: a fresh count
      user.lockedUntil = null;
      user.failedAttempts = 0;
    }
    if (!passwordOk || !user.active) {
      if (!passwordOk) user.failedAttempts += 1;
      if (user.failedAttempts >= this.config.AUTH_MAX_FAILED_ATTEMPTS) {
        user.lockedUntil = new Date(now.getTime() + this.config.AUTH_LOCKOUT_MINUTES * 60_000);
        user.failedAttempts = 0;
        this.logger.warn({ msg: 'account locked after repeated failed sign-ins', userId: user.id });
      }
      await this.em.flush();
      this.logger.log({
        msg: 'sign-in refused',
        reason: passwordOk ? 'inactive' : 'credentials',
        userId: user.id,
      });
      throw new InvalidCredentialsError();
    }
    user.failedAttempts = 0;
    user.lastLoginAt = now;
    await this.em.flush();
    this.logger.log({ msg: 'signed in', userId: user.id });
    return toActor(user);
  }

  /** the actor of an active user, or null (deleted or deactivated since sign-in) */
  async actorFor(userId: string): Promise<Actor | null> {
    const user = await this.users.findById(userId);
    return user?.active ? toActor(user) : null;
  }

  /** the active users of an agency unit (e.g. to whom a team lead may assign the unit's tasks) */
  async unitMembers(unit: AgencyUnit): Promise<Actor[]> {
    return (await this.users.findActiveInUnit(unit)).map(toActor);
  }

  async createUser(input: NewUser): Promise<User> {
    const roles = input.roles.filter((r) => (ROLES as readonly string[]).includes(r));
    const units = input.units.filter((u) => isAgencyUnit(u));
    const user = this.em.create(User, {
      username: normalizeUsername(input.username),
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      roles,
      units,
    });
    await this.em.flush();
    return user;
  }
}

export function toActor(user: User): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    units: [...user.units],
  };
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** constant-time comparison of the presented token with the session's */
export function csrfTokenMatches(expected: string | undefined, presented: unknown): boolean {
  if (!expected || typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
