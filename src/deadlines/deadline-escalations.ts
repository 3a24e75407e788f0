import { Injectable, Logger } from '@nestjs/common';
import type { NotificationInput } from '../notifications/notifications.types';
import type { EscalationKind } from './deadline-escalation.entity';

/**
 * One escalation step, shaped as a notification (no names, no status details: the title carries at
 * most the file number, the link leads to the page where the reader sees the rest under their rights).
 */
export type DeadlineEscalationEvent = NotificationInput & {
  escalation: EscalationKind;
  unit: string;
  /** the deadline (null for a unit's daily overdue list) */
  deadlineId: string | null;
};

export type DeadlineEscalationListener = (event: DeadlineEscalationEvent) => Promise<void> | void;

/**
 * The hook through which escalations leave the deadlines module: the notifications module (or anyone)
 * registers a listener, e.g. `escalations.register((e) => notifications.notify(e))`. Each escalation is
 * emitted once — the escalation check records it first (table `deadline_escalation`).
 */
@Injectable()
export class DeadlineEscalations {
  private readonly logger = new Logger(DeadlineEscalations.name);
  private readonly listeners: DeadlineEscalationListener[] = [];

  /** adds a listener; returns a function that removes it again */
  register(listener: DeadlineEscalationListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async emit(event: DeadlineEscalationEvent): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(event);
      } catch (error) {
        // one failing listener must not stop the others nor the check; no personal data in the log
        this.logger.warn({
          msg: 'deadline escalation listener failed',
          escalation: event.escalation,
          error: error instanceof Error ? error.name : 'Error',
        });
      }
    }
  }
}
