import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { User } from '../auth/user.entity';
import { FollowUpEvent } from './follow-up-event.entity';
import { FollowUp } from './follow-up.entity';

/** Queries on follow-ups and their history; FollowUpsService owns the rules and flushes. */
@Injectable()
export class FollowUpsRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string, em: EntityManager = this.em): Promise<FollowUp | null> {
    return em.findOne(FollowUp, { id }, { populate: ['person'] });
  }

  /** the follow-up locked for update (inside a transaction) */
  findForUpdate(em: EntityManager, id: string): Promise<FollowUp | null> {
    return em.findOne(FollowUp, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** a person's follow-ups, of the given units (null: all), newest due date last */
  ofPerson(personId: string, units: readonly string[] | null): Promise<FollowUp[]> {
    return this.em.find(
      FollowUp,
      { person: personId, ...(units ? { unit: { $in: [...units] } } : {}) },
      { orderBy: { status: 'desc', dueOn: 'asc', createdAt: 'asc' }, populate: ['person'] },
    );
  }

  /** open follow-ups of an owner due in [from, until] (either bound optional) */
  openOfOwner(owner: string, range: { from?: string; until?: string }): Promise<FollowUp[]> {
    return this.em.find(
      FollowUp,
      {
        owner,
        status: 'open',
        ...(range.from || range.until
          ? {
              dueOn: {
                ...(range.from ? { $gte: range.from } : {}),
                ...(range.until ? { $lte: range.until } : {}),
              },
            }
          : {}),
      },
      { orderBy: { dueOn: 'asc', createdAt: 'asc' }, populate: ['person'] },
    );
  }

  /** open follow-ups of the units due on or before a day */
  openOfUnitsDue(units: readonly string[], until: string): Promise<FollowUp[]> {
    if (!units.length) return Promise.resolve([]);
    return this.em.find(
      FollowUp,
      { unit: { $in: [...units] }, status: 'open', dueOn: { $lte: until } },
      { orderBy: { dueOn: 'asc', createdAt: 'asc' }, populate: ['person'] },
    );
  }

  /** the history of the follow-ups, oldest first */
  async eventsOf(ids: readonly string[]): Promise<Map<string, FollowUpEvent[]>> {
    const byId = new Map<string, FollowUpEvent[]>(ids.map((id) => [id, []]));
    if (!ids.length) return byId;
    const events = await this.em.find(
      FollowUpEvent,
      { followUp: { $in: [...ids] } },
      { orderBy: { at: 'asc', id: 'asc' } },
    );
    for (const e of events) byId.get(e.followUp.id)?.push(e);
    return byId;
  }

  /** the accounts of the given usernames */
  usersByName(usernames: readonly string[]): Promise<User[]> {
    if (!usernames.length) return Promise.resolve([]);
    return this.em.find(User, { username: { $in: [...new Set(usernames)] } });
  }
}
