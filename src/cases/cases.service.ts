import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common';
import type { DomainEventPayloads, DomainEventType } from './domain-event.entity';
import { DomainEvent } from './domain-event.entity';
import { Household } from './household.entity';
import { Person, type IdentityEvidence, type Sex, type Vulnerability } from './person.entity';
import { ProcessLink } from './process-link.entity';
import { StatusEpisode, type StatusConditions, type StatusType } from './status-episode.entity';

export interface NewPerson {
  familyName: string;
  givenNames: string;
  nameVariants?: string[];
  dateOfBirth?: string | null;
  dateOfBirthEstimated?: boolean;
  sex?: Sex | null;
  nationalities?: string[];
  azrNumber?: string | null;
  bamfFileNumber?: string | null;
  entryDate?: string | null;
  identityClarified?: boolean | null;
  identityEvidence?: IdentityEvidence | null;
  identityClarifiedOn?: string | null;
  language?: string | null;
  vulnerabilities?: Vulnerability[];
  municipality?: string | null;
  householdId?: string | null;
}

export type PersonPatch = Partial<Omit<NewPerson, 'householdId'>>;

export interface NewStatusEpisode {
  type: StatusType;
  legalBasis?: string | null;
  validFrom: string;
  validTo?: string | null;
  conditions?: StatusConditions;
  supersedes?: string | null;
  /** tells apart two episodes of the same type that one action starts for one person */
  discriminator?: string;
}

/**
 * Where an event or episode comes from. From a job: `jobContext(job)`; the idempotency prefix makes a
 * job that runs twice append once.
 */
export interface EventContext {
  processInstanceKey?: string | null;
  bpmnProcessId?: string | null;
  /** unique per producing action, e.g. the job key; the event type is appended */
  idempotencyPrefix: string;
}

export function jobContext(job: {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
}): EventContext {
  return {
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    idempotencyPrefix: job.key,
  };
}

export class PersonNotFoundError extends NotFoundError {
  override readonly code = 'PERSON_NOT_FOUND';
}

/** Persons, households, status episodes, process links and domain events: the case file's data. */
@Injectable()
export class CasesService {
  constructor(private readonly em: EntityManager) {}

  /** Creates a person with the next local file number (MIA-<year>-<6 digits>). */
  async createPerson(input: NewPerson, now: Date = new Date()): Promise<Person> {
    const [{ n }] = await this.em.execute<{ n: string }[]>(`select nextval('person_file_number_seq') as n`);
    const person = this.em.create(Person, {
      fileNumber: `MIA-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`,
      familyName: input.familyName,
      givenNames: input.givenNames,
      nameVariants: input.nameVariants ?? [],
      dateOfBirth: input.dateOfBirth ?? null,
      dateOfBirthEstimated: input.dateOfBirthEstimated ?? false,
      sex: input.sex ?? null,
      nationalities: input.nationalities ?? [],
      azrNumber: input.azrNumber ?? null,
      bamfFileNumber: input.bamfFileNumber ?? null,
      entryDate: input.entryDate ?? null,
      identityClarified: input.identityClarified ?? null,
      identityEvidence: input.identityEvidence ?? null,
      identityClarifiedOn: input.identityClarifiedOn ?? null,
      language: input.language ?? null,
      vulnerabilities: input.vulnerabilities ?? [],
      municipality: input.municipality ?? null,
      household: input.householdId ? this.em.getReference(Household, input.householdId) : null,
    });
    await this.em.persistAndFlush(person);
    return person;
  }

  async updatePerson(id: string, patch: PersonPatch): Promise<Person> {
    const person = await this.getPerson(id);
    this.em.assign(person, patch);
    await this.em.flush();
    return person;
  }

  async createHousehold(input: {
    reference?: string | null;
    address?: string | null;
    municipality?: string | null;
  }): Promise<Household> {
    const household = this.em.create(Household, {
      reference: input.reference ?? null,
      address: input.address ?? null,
      municipality: input.municipality ?? null,
    });
    await this.em.persistAndFlush(household);
    return household;
  }

  async setHousehold(personId: string, householdId: string): Promise<void> {
    const person = await this.getPerson(personId);
    person.household = this.em.getReference(Household, householdId);
    await this.em.flush();
  }

  findPerson(id: string): Promise<Person | null> {
    return this.em.findOne(Person, { id });
  }

  async getPerson(id: string): Promise<Person> {
    const person = await this.findPerson(id);
    if (!person) throw new PersonNotFoundError('Person not found', { personId: id });
    return person;
  }

  findByFileNumber(fileNumber: string): Promise<Person | null> {
    return this.em.findOne(Person, { fileNumber });
  }

  householdMembers(householdId: string): Promise<Person[]> {
    return this.em.find(Person, { household: householdId }, { orderBy: { dateOfBirth: 'asc' } });
  }

  /**
   * Possible duplicates of a new person: same date of birth (or none recorded) and the same name after
   * normalisation (case, diacritics, common transliteration variants), also against spelling variants.
   */
  async findDuplicates(candidate: {
    familyName: string;
    givenNames: string;
    dateOfBirth?: string | null;
  }): Promise<Person[]> {
    const key = nameKey(candidate.familyName, candidate.givenNames);
    // candidates from the trigram index on name_skeleton: every skeleton word of the name searched for
    // stands in the person's skeleton (names and spelling variants); the exact rule runs on those below
    const words = [
      ...new Set(skeleton(`${candidate.familyName} ${candidate.givenNames}`).split(' ').filter(Boolean)),
    ];
    if (words.length === 0) return [];
    const ids = await this.em.getConnection().execute<{ id: string }[]>(
      `select id from person
        where ${words.map(() => `name_skeleton like ?`).join(' and ')}
          ${candidate.dateOfBirth ? 'and (date_of_birth = ? or date_of_birth is null)' : ''}`,
      [
        ...words.map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`),
        ...(candidate.dateOfBirth ? [candidate.dateOfBirth] : []),
      ],
    );
    if (ids.length === 0) return [];
    const rows = await this.em.find(Person, { id: { $in: ids.map((r) => r.id) } });
    return rows.filter(
      (p) =>
        nameKey(p.familyName, p.givenNames) === key ||
        p.nameVariants.some(
          (variant) => skeleton(variant) === skeleton(`${candidate.familyName} ${candidate.givenNames}`),
        ),
    );
  }

  /** Appends a status episode (never overwrites one) and the StatusEpisodeStarted event. */
  async startStatusEpisode(
    personId: string,
    input: NewStatusEpisode,
    ctx: EventContext,
  ): Promise<StatusEpisode> {
    return this.em.transactional(async (em) => {
      const idempotencyKey = [ctx.idempotencyPrefix, personId, input.type, input.discriminator ?? ''].join(
        ':',
      );
      const existing = await em.findOne(StatusEpisode, { idempotencyKey });
      if (existing) return existing; // the same job ran twice (perhaps after midnight, with another date)
      const episode = em.create(StatusEpisode, {
        person: em.getReference(Person, personId),
        type: input.type,
        legalBasis: input.legalBasis ?? null,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        conditions: input.conditions ?? {},
        supersedes: input.supersedes ?? null,
        processInstanceKey: ctx.processInstanceKey ?? null,
        idempotencyKey,
      });
      em.persist(episode);
      await em.flush();
      await this.appendEvent(
        em,
        'StatusEpisodeStarted',
        { episodeId: episode.id, statusType: episode.type, legalBasis: episode.legalBasis },
        { personId, occurredOn: input.validFrom, ctx },
      );
      return episode;
    });
  }

  /** every episode of a person, oldest first */
  statusHistory(personId: string): Promise<StatusEpisode[]> {
    return this.em.find(
      StatusEpisode,
      { person: personId },
      { orderBy: { validFrom: 'asc', recordedAt: 'asc' } },
    );
  }

  /**
   * The episodes in force on a date: started on or before it, not past their validTo, and not
   * superseded by a later episode that started on or before the date.
   */
  async statusAt(personId: string, date: string): Promise<StatusEpisode[]> {
    const all = await this.statusHistory(personId);
    const started = all.filter((e) => e.validFrom <= date);
    const superseded = new Set(started.map((e) => e.supersedes).filter((id): id is string => Boolean(id)));
    // a departure ends every episode that started before it
    const departed = started.filter((e) => e.type === 'Ausgereist').at(-1);
    return started.filter(
      (e) =>
        !superseded.has(e.id) &&
        (!e.validTo || e.validTo >= date) &&
        (!departed || e === departed || e.validFrom > departed.validFrom),
    );
  }

  /** Links a person to a process instance about them (idempotent). */
  async linkProcess(
    personId: string,
    link: { processInstanceKey: string; bpmnProcessId: string; caseId: string; role?: string },
  ): Promise<void> {
    await this.em.execute(
      `insert into process_link (person_id, process_instance_key, bpmn_process_id, case_id, role, linked_at)
       values (?, ?, ?, ?, ?, now()) on conflict (person_id, process_instance_key) do nothing`,
      [personId, link.processInstanceKey, link.bpmnProcessId, link.caseId, link.role ?? 'subject'],
    );
  }

  processLinks(personId: string): Promise<ProcessLink[]> {
    return this.em.find(ProcessLink, { person: personId }, { orderBy: { linkedAt: 'asc' } });
  }

  /** Appends a domain event once per (context, type); a repeated call returns without a second row. */
  async recordEvent<T extends DomainEventType>(
    type: T,
    payload: DomainEventPayloads[T],
    where: { personId?: string | null; occurredOn: string; ctx: EventContext; discriminator?: string },
  ): Promise<void> {
    await this.appendEvent(this.em, type, payload, where);
  }

  events(personId: string): Promise<DomainEvent[]> {
    return this.em.find(DomainEvent, { personId }, { orderBy: { id: 'asc' } });
  }

  eventsOfInstance(processInstanceKey: string): Promise<DomainEvent[]> {
    return this.em.find(DomainEvent, { processInstanceKey }, { orderBy: { id: 'asc' } });
  }

  private async appendEvent(
    em: EntityManager,
    type: DomainEventType,
    payload: object,
    where: { personId?: string | null; occurredOn: string; ctx: EventContext; discriminator?: string },
  ): Promise<void> {
    const key = [where.ctx.idempotencyPrefix, type, where.personId ?? '', where.discriminator ?? ''].join(
      ':',
    );
    await em.execute(
      `insert into domain_event (type, person_id, occurred_on, payload, process_instance_key, bpmn_process_id, idempotency_key, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing`,
      [
        type,
        where.personId ?? null,
        where.occurredOn,
        JSON.stringify(payload),
        where.ctx.processInstanceKey ?? null,
        where.ctx.bpmnProcessId ?? null,
        key,
      ],
    );
  }
}

const TRANSLITERATIONS: [RegExp, string][] = [
  [/ou/g, 'u'],
  [/ph/g, 'f'],
  [/ck/g, 'k'],
  [/dsch|dj|dzh|j/g, 'dj'],
  [/sch|sh|ch/g, 'sh'],
  [/kh/g, 'h'],
  [/y/g, 'i'],
  [/ee/g, 'i'],
  [/oo/g, 'u'],
  [/w/g, 'v'],
  [/(.)\1+/g, '$1'],
];

/** lower case, no diacritics or punctuation, common transliteration variants folded */
export function normaliseName(name: string): string {
  let n = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, replacement] of TRANSLITERATIONS) n = n.replace(pattern, replacement);
  return n;
}

/** consonant skeleton of each name part (first letter kept, vowels and h dropped): Mohammed and Muhammed give the same key */
function skeleton(name: string): string {
  return normaliseName(name)
    .split(' ')
    .map(
      (part) =>
        part.charAt(0) +
        part
          .slice(1)
          .replace(/[aeiouh]/g, '')
          .replace(/(.)\1+/g, '$1'),
    )
    .join(' ');
}

function nameKey(familyName: string, givenNames: string): string {
  return `${skeleton(familyName)}|${skeleton(givenNames)}`;
}
