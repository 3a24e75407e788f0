import { Injectable } from '@nestjs/common';

/** what the live stream sends a user: their unread count, and the notification that changed it */
export interface LiveUpdate {
  unread: number;
  notification?: NotificationView;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  link: string;
  fileNumber: string | null;
  /** how many events it bundles */
  count: number;
  createdAt: string;
  updatedAt: string;
  read: boolean;
}

type Listener = (update: LiveUpdate) => void;

/**
 * The open live streams (server-sent events) of this process, per username. Publishing goes only to the
 * streams of that user. One platform process: the streams of another process learn of a change at
 * their next reconnect (each stream ends after STREAM_MAX_MS and the browser reconnects).
 */
@Injectable()
export class NotificationsHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(username: string, listener: Listener): () => void {
    let set = this.listeners.get(username);
    if (!set) {
      set = new Set();
      this.listeners.set(username, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(username);
    };
  }

  hasListeners(username: string): boolean {
    return this.listeners.has(username);
  }

  publish(username: string, update: LiveUpdate): void {
    for (const listener of this.listeners.get(username) ?? []) listener(update);
  }
}
