import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { NotificationsHub, type LiveUpdate } from './notifications.hub';
import { NotificationsService } from './notifications.service';

/** a comment line keeps proxies and the browser from closing an idle stream */
const HEARTBEAT_MS = 25_000;
/** a stream ends after this long; the browser's EventSource reconnects, and the session is checked again */
export const STREAM_MAX_MS = 15 * 60_000;

/**
 * The live streams of the bell (server-sent events): on opening the user's unread count, then every
 * change of it (with the new notification, if one came), and heartbeats. Only the signed-in user's.
 */
@Injectable()
export class NotificationStreams implements OnModuleDestroy {
  private readonly open_ = new Set<() => void>();

  constructor(
    private readonly notifications: NotificationsService,
    private readonly hub: NotificationsHub,
  ) {}

  async open(actor: Actor, res: Response, once: boolean): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (update: LiveUpdate): void => {
      if (update.notification) res.write(`event: notification\ndata: ${JSON.stringify(update)}\n\n`);
      res.write(`event: count\ndata: ${JSON.stringify({ unread: update.unread })}\n\n`);
    };
    res.write('retry: 5000\n\n');
    send({ unread: await this.notifications.count(actor) });
    if (once) {
      res.end();
      return;
    }
    const unsubscribe = this.hub.subscribe(actor.username, send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      clearTimeout(limit);
      unsubscribe();
      this.open_.delete(end);
      res.end();
    };
    const limit = setTimeout(end, STREAM_MAX_MS);
    this.open_.add(end);
    res.on('close', end);
  }

  onModuleDestroy(): void {
    for (const end of [...this.open_]) end();
  }
}
