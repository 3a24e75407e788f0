import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DeadlineEscalations, type DeadlineEscalationEvent } from '../deadlines/deadline-escalations';
import { NotificationsService } from './notifications.service';
import type { NotificationInput } from './notifications.types';

/**
 * The deadline sources of notifications (issue 8 § 3): listens to the deadlines module's escalation
 * hook (reminder before the due day, the team lead's escalation on it, the unit's daily overdue list)
 * and notifies. Reminders of one unit arriving together are bundled ("4 Fristen laufen bald ab in ABH").
 */
@Injectable()
export class DeadlineNotificationsListener implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    const escalations = this.moduleRef.get(DeadlineEscalations, { strict: false });
    this.unregister = escalations.register((event) => this.onEscalation(event));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async onEscalation(event: DeadlineEscalationEvent): Promise<void> {
    await this.notifications.notify(toNotification(event));
  }
}

/** the notification of an escalation: its own fields, and a bundle per unit for reminders */
export function toNotification(event: DeadlineEscalationEvent): NotificationInput {
  const input: NotificationInput = {
    kind: event.kind,
    recipient: event.recipient,
    title: event.title,
    link: event.link,
    fileNumber: event.fileNumber ?? null,
    bundleKey: event.bundleKey ?? null,
    bundleTitle: event.bundleTitle ?? null,
    bundleLink: event.bundleLink ?? null,
    exceptUsername: event.exceptUsername ?? null,
  };
  if (!input.bundleKey && event.escalation === 'reminder') {
    input.bundleKey = `deadline-reminder:${event.unit}`;
    input.bundleTitle = `{n} Fristen laufen bald ab in ${event.unit}`;
    input.bundleLink = `/fristen?einheit=${event.unit}`;
  }
  if (!input.bundleKey && event.escalation === 'due') {
    input.bundleKey = `deadline-due:${event.unit}`;
    input.bundleTitle = `{n} Fristen heute fällig in ${event.unit}`;
    input.bundleLink = `/fristen?einheit=${event.unit}`;
  }
  return input;
}
