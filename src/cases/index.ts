export { CasesModule } from './cases.module';
export {
  CasesService,
  jobContext,
  normaliseName,
  PersonNotFoundError,
  type EventContext,
  type NewPerson,
  type NewStatusEpisode,
  type PersonPatch,
} from './cases.service';
export { Person, type IdentityEvidence, type Sex, type Vulnerability } from './person.entity';
export { Household } from './household.entity';
export { StatusEpisode, STATUS_TYPES, type StatusType, type StatusConditions } from './status-episode.entity';
export { ProcessLink } from './process-link.entity';
export { DomainEvent, type DomainEventType, type DomainEventPayloads } from './domain-event.entity';
export {
  CaseFileService,
  STARTABLE_PROCESSES,
  type CaseFile,
  type CaseFileProcess,
  type CaseFileTask,
  type PersonSearchHit,
  type StartableProcess,
} from './case-file.service';
export { CaseNote } from './case-note.entity';
export * from './case-file.errors';
