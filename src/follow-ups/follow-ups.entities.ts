import { FollowUpEvent } from './follow-up-event.entity';
import { FollowUp } from './follow-up.entity';

export const FOLLOW_UPS_ENTITIES = [FollowUp, FollowUpEvent];
