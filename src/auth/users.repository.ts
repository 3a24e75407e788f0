import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AgencyUnit } from '../agencies/units';
import { User } from './user.entity';

/** Queries on users; AuthService owns the rules and flushes. */
@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  findByUsername(username: string): Promise<User | null> {
    return this.em.findOne(User, { username: normalizeUsername(username) });
  }

  findByOidcSubject(subject: string): Promise<User | null> {
    return this.em.findOne(User, { oidcSubject: subject });
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  /** the active users of an agency unit, ordered by display name */
  findActiveInUnit(unit: AgencyUnit): Promise<User[]> {
    return this.em
      .createQueryBuilder(User, 'u')
      .where({ active: true })
      .andWhere('u.units @> cast(? as jsonb)', [JSON.stringify([unit])])
      .orderBy({ displayName: 'asc', username: 'asc' })
      .getResultList();
  }

  async count(): Promise<number> {
    return this.em.count(User, {});
  }
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
