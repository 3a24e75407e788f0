import { CaseNote } from './case-note.entity';
import { DomainEvent } from './domain-event.entity';
import { Household } from './household.entity';
import { Person } from './person.entity';
import { ProcessLink } from './process-link.entity';
import { StatusEpisode } from './status-episode.entity';

export const CASES_ENTITIES = [Person, Household, StatusEpisode, ProcessLink, DomainEvent, CaseNote];
