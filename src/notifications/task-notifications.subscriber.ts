import { MikroORM, type EventArgs, type EventSubscriber } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Task } from '../tasks/task.entity';
import { currentRequestUser } from '../web/page-request';
import { NotificationsService } from './notifications.service';

/** how often, and how long apart, a change is looked for after its flush (its transaction may still be open) */
const CONFIRM_ATTEMPTS = 30;
const CONFIRM_DELAY_MS = 100;

/**
 * The task sources of notifications (issue 8 § 3), without touching the tasks module: it listens to the
 * ORM's events of the Task entity. A new open task notifies its units' members (bundled per unit, "3
 * neue Aufgaben in ABH"); a task getting an assignee notifies the assignee, unless they took it
 * themselves (claim). A change is acted on once it is committed (checked in the database), so a rolled
 * back assignment notifies nobody.
 */
@Injectable()
export class TaskNotificationsSubscriber implements EventSubscriber<Task>, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TaskNotificationsSubscriber.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  getSubscribedEntities() {
    return [Task];
  }

  afterCreate(args: EventArgs<Task>): void {
    const task = args.entity;
    if (task.state !== 'open') return;
    const { id, assignee } = task;
    const groups = [...task.candidateGroups];
    this.whenCommitted(
      async () => !!(await this.row(id)),
      async () => {
        const fileNumber = await this.fileNumber(task.personId ?? null);
        for (const unit of groups) {
          await this.notifications.notify({
            kind: 'task-new-in-unit',
            recipient: { unit },
            title: `Neue Aufgabe in ${unit}${fileNumber ? `: Az. ${fileNumber}` : ''}`,
            link: `/aufgaben/${id}`,
            fileNumber,
            bundleKey: `task-new:${unit}`,
            bundleTitle: `{n} neue Aufgaben in ${unit}`,
            bundleLink: '/aufgaben?ansicht=einheit',
            exceptUsername: assignee ?? null,
          });
        }
        if (assignee) await this.assigned(id, assignee, fileNumber);
      },
    );
  }

  afterUpdate(args: EventArgs<Task>): void {
    const before = args.changeSet?.originalEntity;
    const task = args.entity;
    const assignee = task.assignee ?? null;
    if (!assignee || task.state !== 'open' || !before || before.assignee === assignee) return;
    // taking a task oneself is no news to oneself
    if (currentRequestUser()?.username === assignee) return;
    const { id } = task;
    this.whenCommitted(
      async () => (await this.row(id))?.assignee === assignee,
      async () => this.assigned(id, assignee, await this.fileNumber(task.personId ?? null)),
    );
  }

  private async assigned(id: string, assignee: string, fileNumber: string | null): Promise<void> {
    await this.notifications.notify({
      kind: 'task-assigned',
      recipient: { username: assignee },
      title: `Aufgabe Ihnen zugewiesen${fileNumber ? `: Az. ${fileNumber}` : ''}`,
      link: `/aufgaben/${id}`,
      fileNumber,
      bundleKey: 'task-assigned',
      bundleTitle: '{n} Aufgaben Ihnen zugewiesen',
      bundleLink: '/aufgaben?ansicht=meine',
    });
  }

  private async row(id: string): Promise<{ assignee: string | null } | undefined> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ assignee: string | null }[]>(`select assignee from task where id = ?`, [id]);
    return row;
  }

  private async fileNumber(personId: string | null): Promise<string | null> {
    if (!personId) return null;
    const [row] = await this.orm.em
      .fork()
      .execute<{ file_number: string | null }[]>(`select file_number from person where id = ?`, [personId]);
    return row?.file_number ?? null;
  }

  /** runs `act` once `committed` holds (the flushing transaction committed), or drops it */
  private whenCommitted(committed: () => Promise<boolean>, act: () => Promise<void>): void {
    const attempt = (n: number): void => {
      if (this.closed) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.closed) return;
        committed()
          .then((ok) => (ok ? act() : n < CONFIRM_ATTEMPTS ? attempt(n + 1) : undefined))
          .catch((error: unknown) => {
            if (this.closed) return;
            this.logger.warn({
              msg: 'task notification failed',
              error: error instanceof Error ? error.name : 'Error',
            });
          });
      }, CONFIRM_DELAY_MS);
      timer.unref();
      this.timers.add(timer);
    };
    attempt(0);
  }
}
