import { DeadlineEscalation } from './deadline-escalation.entity';
import { Deadline } from './deadline.entity';

export const DEADLINES_ENTITIES = [Deadline, DeadlineEscalation];
