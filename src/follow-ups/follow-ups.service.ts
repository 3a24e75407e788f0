import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { User } from '../auth/user.entity';
import { addDays } from '../common/calendar';
import { CaseFileService } from '../cases/case-file.service';
import { CasesService } from '../cases/cases.service';
import { Person } from '../cases/person.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ClockService } from '../engine/clock.service';
import { FollowUpEvent, type FollowUpEventKind } from './follow-up-event.entity';
import { FollowUp } from './follow-up.entity';
import {
  checkAbsence,
  checkDone,
  checkMove,
  checkNewFollowUp,
  needsCover,
  parseDueDate,
  type FieldError,
  type FollowUpStatus,
} from './follow-up.rules';
import {
  FollowUpAlreadyDoneError,
  FollowUpForbiddenError,
  FollowUpInvalidError,
  FollowUpNotFoundError,
} from './follow-ups.errors';
import { FollowUpsRepository } from './follow-ups.repository';

export interface FollowUpEventView {
  kind: FollowUpEventKind;
  actor: string;
  actorName: string;
  at: string;
  comment: string | null;
  dueOnBefore: string | null;
  dueOnAfter: string | null;
}

/** a follow-up as the API and the pages show it */
/** what the audit trail records of a list: how many, and whose */
const listed = (views: FollowUpView[]) => ({
  details: { count: views.length, personIds: [...new Set(views.map((v) => v.personId))] },
});

export interface FollowUpView {
  id: string;
  personId: string;
  fileNumber: string;
  personName: string;
  unit: string;
  owner: string;
  ownerName: string;
  dueOn: string;
  reason: string;
  status: FollowUpStatus;
  createdBy: string;
  createdAt: string;
  doneAt: string | null;
  doneBy: string | null;
  events: FollowUpEventView[];
}

export type FollowUpListView = 'mine' | 'unit';

/**
 * Wiedervorlagen (issue 8 § 2). A member of a unit sets one on a person whose case file they may read
 * (CaseFileService.canRead), for that unit and themselves as owner. Only members of the owning unit (and
 * admins) see and change it: moved with a comment to today or later, or marked done. Every change is
 * recorded as a FollowUpEvent in the same transaction. "Today" is the engine's day (ClockService).
 * Each follow-up is also a deadline of its unit (kind `wiedervorlage`, issue 8 § 1), kept in the same
 * transaction: moved with it, met (or missed, if done after its day) when done.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: FollowUpsRepository,
    private readonly cases: CasesService,
    private readonly caseFile: CaseFileService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlinesService,
  ) {}

  today(): Promise<string> {
    return this.clock.today();
  }

  /** the person's follow-ups the actor may see (those of their units; admins: all) */
  ofPerson(actor: Actor, personId: string): Promise<FollowUpView[]> {
    return this.audit.around(
      { actor, action: 'read', resourceType: 'follow-up', personId },
      () => this.followUpsOf(actor, personId),
      (views) => ({ details: { count: views.length } }),
    );
  }

  private async followUpsOf(actor: Actor, personId: string): Promise<FollowUpView[]> {
    await this.cases.getPerson(personId);
    await this.caseFile.assertCanRead(actor, personId);
    const units = hasRole(actor, 'admin') ? null : actor.units;
    if (units && !units.length) return [];
    return this.views(await this.repository.ofPerson(personId, units));
  }

  create(
    actor: Actor,
    personId: string,
    input: { unit?: string | null; dueOn?: string | null; reason?: string | null },
  ): Promise<FollowUpView> {
    return this.audit.around(
      { actor, action: 'create', resourceType: 'follow-up', personId },
      () => this.createFor(actor, personId, input),
      (view) => ({ resourceId: view.id }),
    );
  }

  private async createFor(
    actor: Actor,
    personId: string,
    input: { unit?: string | null; dueOn?: string | null; reason?: string | null },
  ): Promise<FollowUpView> {
    const person = await this.cases.getPerson(personId);
    await this.caseFile.assertCanRead(actor, personId);
    // quality staff and admins without a unit read case files but own no follow-ups
    if (!actor.units.length)
      throw new FollowUpForbiddenError(
        { personId },
        'Wiedervorlagen setzen nur Mitglieder einer Einheit; Ihrem Konto ist keine Einheit zugeordnet.',
      );
    const today = await this.clock.today();
    const errors = checkNewFollowUp(input, { today, actorUnits: actor.units });
    if (errors.length) throw new FollowUpInvalidError(errors);
    const now = await this.clock.now();
    const dueOn = parseDueDate(input.dueOn) as string;
    const id = await this.em.transactional(async (em) => {
      const followUp = em.create(FollowUp, {
        person: em.getReference(Person, personId),
        unit: input.unit as string,
        owner: actor.username,
        ownerName: actor.displayName,
        dueOn,
        reason: (input.reason ?? '').trim(),
        createdBy: actor.username,
        createdAt: now,
      });
      this.record(em, followUp, actor, now, 'created', { dueOnAfter: dueOn });
      await em.flush();
      await this.deadlines.open(
        {
          kind: 'wiedervorlage',
          personId,
          fileNumber: person.fileNumber,
          sourceId: followUp.id,
          unit: followUp.unit,
          dueOn,
        },
        em,
      );
      return followUp.id;
    });
    return this.view(actor, id);
  }

  /** one follow-up with its history */
  get(actor: Actor, id: string): Promise<FollowUpView> {
    return this.audit.around(
      { actor, action: 'read', resourceType: 'follow-up', resourceId: id },
      () => this.view(actor, id),
      (view) => ({ personId: view.personId }),
    );
  }

  private async view(actor: Actor, id: string): Promise<FollowUpView> {
    const followUp = await this.repository.findById(id);
    if (!followUp) throw new FollowUpNotFoundError({ followUpId: id });
    this.assertMember(actor, followUp);
    const [view] = await this.views([followUp]);
    return view;
  }

  /** to a new day (today or later) with a comment; not once done */
  move(
    actor: Actor,
    id: string,
    input: { dueOn?: string | null; comment?: string | null },
  ): Promise<FollowUpView> {
    return this.audit.around(
      { actor, action: 'update', resourceType: 'follow-up', resourceId: id, details: { change: 'moved' } },
      () => this.moveTo(actor, id, input),
      (view) => ({ personId: view.personId }),
    );
  }

  private async moveTo(
    actor: Actor,
    id: string,
    input: { dueOn?: string | null; comment?: string | null },
  ): Promise<FollowUpView> {
    const today = await this.clock.today();
    const now = await this.clock.now();
    await this.em.transactional(async (em) => {
      const followUp = await this.lockMember(em, actor, id);
      const { refusal, errors } = checkMove(followUp, input, today);
      if (refusal) throw new FollowUpAlreadyDoneError({ followUpId: id });
      if (errors.length) throw new FollowUpInvalidError(errors);
      const before = followUp.dueOn;
      followUp.dueOn = parseDueDate(input.dueOn) as string;
      this.record(em, followUp, actor, now, 'moved', {
        comment: (input.comment ?? '').trim(),
        dueOnBefore: before,
        dueOnAfter: followUp.dueOn,
      });
      await em.flush();
      await this.deadlines.moveOfSource('wiedervorlage', followUp.id, followUp.dueOn, em);
    });
    return this.view(actor, id);
  }

  /** done, with an optional comment */
  done(actor: Actor, id: string, input: { comment?: string | null }): Promise<FollowUpView> {
    return this.audit.around(
      { actor, action: 'update', resourceType: 'follow-up', resourceId: id, details: { change: 'done' } },
      () => this.markDone(actor, id, input),
      (view) => ({ personId: view.personId }),
    );
  }

  private async markDone(
    actor: Actor,
    id: string,
    input: { comment?: string | null },
  ): Promise<FollowUpView> {
    const now = await this.clock.now();
    await this.em.transactional(async (em) => {
      const followUp = await this.lockMember(em, actor, id);
      const { refusal, errors } = checkDone(followUp, input);
      if (refusal) throw new FollowUpAlreadyDoneError({ followUpId: id });
      if (errors.length) throw new FollowUpInvalidError(errors);
      followUp.status = 'done';
      followUp.doneAt = now;
      followUp.doneBy = actor.username;
      this.record(em, followUp, actor, now, 'done', { comment: (input.comment ?? '').trim() || null });
      await em.flush();
      await this.deadlines.closeOfSource('wiedervorlage', followUp.id, await this.clock.today(), em);
    });
    return this.view(actor, id);
  }

  /**
   * The lists: `mine` — the actor's open follow-ups due on or before `dueUntil`; `unit` — the open
   * follow-ups of the actor's units due on or before `dueUntil` whose owner is absent today, no longer
   * active or no longer in the unit (needsCover). `dueUntil` defaults to today.
   */
  list(actor: Actor, view: FollowUpListView, dueUntil?: string): Promise<FollowUpView[]> {
    return this.audit.around(
      { actor, action: 'list', resourceType: 'follow-up', details: { view } },
      () => this.listOf(actor, view, dueUntil),
      listed,
    );
  }

  private async listOf(actor: Actor, view: FollowUpListView, dueUntil?: string): Promise<FollowUpView[]> {
    const today = await this.clock.today();
    const until = dueUntil ?? today;
    if (view === 'mine') return this.views(await this.repository.openOfOwner(actor.username, { until }));
    const candidates = await this.repository.openOfUnitsDue(actor.units, until);
    const owners = new Map(
      (await this.repository.usersByName(candidates.map((f) => f.owner))).map((u) => [u.username, u]),
    );
    return this.views(
      candidates.filter((f) => {
        const owner = owners.get(f.owner);
        return needsCover(
          owner ? { active: owner.active, units: owner.units, absentUntil: owner.absentUntil ?? null } : null,
          f.unit,
          today,
        );
      }),
    );
  }

  /** the actor's open follow-ups due after today */
  upcoming(actor: Actor): Promise<FollowUpView[]> {
    return this.audit.around(
      { actor, action: 'list', resourceType: 'follow-up', details: { view: 'upcoming' } },
      async () => {
        const from = addDays(await this.clock.today(), 1);
        return this.views(await this.repository.openOfOwner(actor.username, { from }));
      },
      listed,
    );
  }

  /** the actor's own absence: last day (inclusive) or null for none */
  async absence(actor: Actor): Promise<string | null> {
    const user = await this.em.findOne(User, { id: actor.id });
    return user?.absentUntil ?? null;
  }

  async setAbsence(actor: Actor, absentUntil: string | null): Promise<string | null> {
    const today = await this.clock.today();
    const errors: FieldError[] = checkAbsence(absentUntil, today);
    if (errors.length) throw new FollowUpInvalidError(errors);
    const user = await this.em.findOneOrFail(User, { id: actor.id });
    user.absentUntil = absentUntil?.trim() ? parseDueDate(absentUntil) : null;
    await this.em.flush();
    return user.absentUntil ?? null;
  }

  private assertMember(actor: Actor, followUp: FollowUp): void {
    if (!hasRole(actor, 'admin') && !(actor.units as string[]).includes(followUp.unit))
      throw new FollowUpForbiddenError({ followUpId: followUp.id });
  }

  private async lockMember(em: EntityManager, actor: Actor, id: string): Promise<FollowUp> {
    const followUp = await this.repository.findForUpdate(em, id);
    if (!followUp) throw new FollowUpNotFoundError({ followUpId: id });
    this.assertMember(actor, followUp);
    return followUp;
  }

  private record(
    em: EntityManager,
    followUp: FollowUp,
    actor: Actor,
    at: Date,
    kind: FollowUpEventKind,
    fields: { comment?: string | null; dueOnBefore?: string | null; dueOnAfter?: string | null },
  ): void {
    em.create(FollowUpEvent, {
      followUp,
      kind,
      actor: actor.username,
      actorName: actor.displayName,
      at,
      comment: fields.comment ?? null,
      dueOnBefore: fields.dueOnBefore ?? null,
      dueOnAfter: fields.dueOnAfter ?? null,
    });
  }

  private async views(followUps: FollowUp[]): Promise<FollowUpView[]> {
    const events = await this.repository.eventsOf(followUps.map((f) => f.id));
    return followUps.map((f) => ({
      id: f.id,
      personId: f.person.id,
      fileNumber: f.person.fileNumber,
      personName: `${f.person.familyName}, ${f.person.givenNames}`,
      unit: f.unit,
      owner: f.owner,
      ownerName: f.ownerName,
      dueOn: f.dueOn,
      reason: f.reason,
      status: f.status,
      createdBy: f.createdBy,
      createdAt: f.createdAt.toISOString(),
      doneAt: f.doneAt ? f.doneAt.toISOString() : null,
      doneBy: f.doneBy ?? null,
      events: (events.get(f.id) ?? []).map((e) => ({
        kind: e.kind,
        actor: e.actor,
        actorName: e.actorName,
        at: e.at.toISOString(),
        comment: e.comment ?? null,
        dueOnBefore: e.dueOnBefore ?? null,
        dueOnAfter: e.dueOnAfter ?? null,
      })),
    }));
  }
}
