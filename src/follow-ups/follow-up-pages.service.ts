import { germanDateTime } from '../web/format';
import { Injectable } from '@nestjs/common';
import { AGENCY_UNITS, isAgencyUnit } from '../agencies/units';
import type { Actor } from '../auth/actor';
import { formatGermanDate } from '../documents/template-catalogue';
import type { PageContext } from '../web/views.service';
import { COMMENT_MAX_LENGTH, REASON_MAX_LENGTH } from './follow-up.rules';
import { FollowUpAlreadyDoneError, FollowUpInvalidError } from './follow-ups.errors';
import { FollowUpsService, type FollowUpEventView, type FollowUpView } from './follow-ups.service';

/** the key of the person page's section (src/web/views/person.hbs) */
export const PERSON_SECTION_KEY = 'followUps';

/** where a form of a follow-up goes back to: the person page or the list */
export type ReturnTo = 'person' | 'liste';

/** what the person page's form for a new follow-up posted (shown again with errors) */
export interface NewFollowUpForm {
  unit?: string;
  dueOn?: string;
  reason?: string;
}

const dateTime = germanDateTime;

const unitLabel = (unit: string): string => (isAgencyUnit(unit) ? `${unit} – ${AGENCY_UNITS[unit]}` : unit);

function eventText(e: FollowUpEventView): string {
  const who = `${dateTime(e.at)}, ${e.actorName}`;
  const comment = e.comment ? `: „${e.comment}“` : '';
  if (e.kind === 'created') return `${who}: angelegt für den ${formatGermanDate(e.dueOnAfter)}`;
  if (e.kind === 'moved')
    return `${who}: verschoben vom ${formatGermanDate(e.dueOnBefore)} auf den ${formatGermanDate(e.dueOnAfter)}${comment}`;
  return `${who}: erledigt${comment}`;
}

/** German messages of the errors a follow-up form may meet, or null for any other error */
export function formErrors(error: unknown): string[] | null {
  if (error instanceof FollowUpInvalidError) return error.errors.map((e) => e.message);
  if (error instanceof FollowUpAlreadyDoneError) return [error.message];
  return null;
}

/** View models of the Wiedervorlagen: the person page's section and the list page (/wiedervorlagen). */
@Injectable()
export class FollowUpPagesService {
  constructor(private readonly followUps: FollowUpsService) {}

  /** the person page's section "Wiedervorlagen" (after the case file's access check) */
  async personSection(
    actor: Actor,
    personId: string,
    input?: NewFollowUpForm,
  ): Promise<Record<string, unknown>> {
    const [items, today] = await Promise.all([
      this.followUps.ofPerson(actor, personId),
      this.followUps.today(),
    ]);
    const form = input ?? {};
    return {
      items: items.map((f) => this.item(f, today, 'person')),
      canCreate: actor.units.length > 0,
      units: actor.units.map((u) => ({ code: u, label: unitLabel(u), selected: u === form.unit })),
      form: { dueOn: form.dueOn ?? '', reason: form.reason ?? '' },
      minDate: today,
      reasonMax: REASON_MAX_LENGTH,
      commentMax: COMMENT_MAX_LENGTH,
    };
  }

  /** /wiedervorlagen: mine due up to today, mine upcoming, the unit's to cover, my absence */
  async listPage(
    actor: Actor,
    csrfToken: string | null,
    extra: { errors?: string[]; message?: string } = {},
  ): Promise<PageContext> {
    const today = await this.followUps.today();
    const due = await this.followUps.list(actor, 'mine', today);
    const upcoming = await this.followUps.upcoming(actor);
    const unit = await this.followUps.list(actor, 'unit', today);
    const absentUntil = await this.followUps.absence(actor);
    const absent = absentUntil !== null && absentUntil >= today;
    return {
      title: 'Wiedervorlagen',
      userName: actor.displayName,
      csrfToken,
      errors: extra.errors ?? [],
      message: extra.message ?? '',
      today: formatGermanDate(today),
      due: due.map((f) => this.item(f, today, 'liste')),
      upcoming: upcoming.map((f) => this.item(f, today, 'liste')),
      unit: unit.filter((f) => f.owner !== actor.username).map((f) => this.item(f, today, 'liste')),
      hasUnits: actor.units.length > 0,
      units: actor.units.map(unitLabel).join(', '),
      absence: {
        active: absent,
        until: absent ? formatGermanDate(absentUntil) : '',
        value: absent ? absentUntil : '',
      },
      minDate: today,
      commentMax: COMMENT_MAX_LENGTH,
    };
  }

  private item(f: FollowUpView, today: string, returnTo: ReturnTo): Record<string, unknown> {
    const open = f.status === 'open';
    return {
      id: f.id,
      dueOn: formatGermanDate(f.dueOn),
      reason: f.reason,
      ownerName: f.ownerName,
      unit: unitLabel(f.unit),
      status: open
        ? f.dueOn < today
          ? 'offen, überfällig'
          : f.dueOn === today
            ? 'offen, heute fällig'
            : 'offen'
        : 'erledigt',
      open,
      overdue: open && f.dueOn < today,
      person: { id: f.personId, name: f.personName, fileNumber: f.fileNumber },
      history: f.events.map(eventText),
      returnTo,
      minDate: today,
      commentMax: COMMENT_MAX_LENGTH,
    };
  }
}
