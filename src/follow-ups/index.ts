export { FollowUpsModule } from './follow-ups.module';
export { FollowUpsService, type FollowUpView, type FollowUpEventView } from './follow-ups.service';
export { FollowUp } from './follow-up.entity';
export { FollowUpEvent } from './follow-up-event.entity';
export * from './follow-ups.errors';
