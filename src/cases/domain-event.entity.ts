import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The domain events statistics read (BRIEF § 8: "statistics read events, not mutable fields"), with the
 * payload each carries. Append-only (a trigger refuses UPDATE and DELETE).
 */
export interface DomainEventPayloads {
  PersonArrived: { arrivalDate: string; zuweisungReference?: string };
  HouseholdCreated: { householdId: string; members: number };
  StatusEpisodeStarted: { episodeId: string; statusType: string; legalBasis?: string | null };
  BenefitStarted: { basis: '§2' | '§3'; from: string };
  BenefitTypeChanged: { from: '§2' | '§3'; to: '§2' | '§3'; on: string };
  ReductionStarted: { reason: string; from: string; reviewOn: string };
  ReductionEnded: { on: string };
  BenefitEnded: { reason: 'recognition' | 'departure' | 'absconded' | 'other'; on: string };
  SGB2ApplicationReceived: { on: string };
  ButGranted: { items: string[]; onceTotal: number; monthlyTotal: number; on: string };
  DuldungGranted: {
    category:
      | 'employment'
      | 'vocational training'
      | 'helper training'
      | 'vocational support measure'
      | 'job search'
      | 'ordinary'
      | 'light';
    legalBasis: string;
    validFrom: string;
    validTo?: string | null;
  };
  DuldungRevoked: { legalBasis: string; on: string; reason: string };
  ResidencePermitGranted: { legalBasis: string; validFrom: string; validTo?: string | null };
  TrainingAborted: { on: string };
  TrainingCompleted: { on: string };
  EducationReferralMade: { schoolRegistration: boolean; kitaReferral: boolean; course: string; on: string };
  IvAFPlacement: { type: 'employment subject to social insurance' | 'training' | 'other'; start: string };
  UMAProvisionalCustodyStarted: { on: string };
  UMACustodyStarted: { on: string };
  UMAEnded: { on: string; reason: 'distributed' | 'of age' | 'handed over' | 'other' };
  VoluntaryDeparture: { on: string; programme?: string | null };
  Deportation: { on: string };
  Absconded: { on: string };
  ComplaintReceived: { category?: string | null; unit?: string | null; channel: string; on: string };
  ComplaintAcknowledged: { on: string };
  ComplaintClosed: {
    outcome: 'justified' | 'partly justified' | 'unfounded' | 'forwarded' | 'legal remedy' | 'praise';
    category: string;
    unit?: string | null;
    receivedOn: string;
    acknowledgedOn?: string | null;
    answeredOn?: string | null;
  };
  AccommodationAllocated: { facilityId: string; kind: 'GU' | 'flat'; bedIds: string[] };
}

export type DomainEventType = keyof DomainEventPayloads;

@Entity({ tableName: 'domain_event' })
@Index({ properties: ['type', 'occurredOn'] })
@Index({ properties: ['personId'] })
@Unique({ properties: ['idempotencyKey'] })
export class DomainEvent {
  [OptionalProps]?: 'recordedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 64 })
  type!: DomainEventType;

  /** the person the event is about (null for anonymous complaints) */
  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  /** the business date of the event (ISO date), which statistics count by */
  @Property({ type: 'date' })
  occurredOn!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  bpmnProcessId?: string | null;

  /** a job that appends an event twice (retry) appends it once: e.g. "<jobKey>:<type>" */
  @Property({ type: 'string', length: 200 })
  idempotencyKey!: string;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
