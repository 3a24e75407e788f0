/// <reference lib="dom" />
/**
 * The bell in the page header (issue 8 § 3): the unread count, kept live by server-sent events from
 * GET /api/notifications/stream, and a list of the newest notifications (GET /api/notifications) with
 * "mark read" (POST …/:id/read when one is followed, POST …/read-all). Changes of the count are
 * announced to screen readers (aria-live).
 */

interface NotificationItem {
  id: string;
  title: string;
  link: string;
  read: boolean;
  updatedAt: string;
}

interface NotificationList {
  unread: number;
  items: NotificationItem[];
}

let token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

/** the session's CSRF token: from the page, or (a page without forms) from GET /api/auth/me */
async function csrf(): Promise<string> {
  if (!token) {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
    if (res.ok) token = ((await res.json()) as { csrfToken?: string }).csrfToken ?? '';
  }
  return token;
}

const formatWhen = (iso: string): string =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

function init(): void {
  const button = document.getElementById('bell-button');
  const count = document.getElementById('bell-count');
  const live = document.getElementById('bell-live');
  const panel = document.getElementById('bell-panel');
  const list = document.getElementById('bell-list');
  const readAll = document.getElementById('bell-read-all');
  if (!button || !count || !live || !panel || !list || !readAll) return;
  let shown = -1;

  const showCount = (unread: number, announce: boolean): void => {
    count.textContent = String(unread);
    if (unread === 0) count.setAttribute('data-zero', '');
    else count.removeAttribute('data-zero');
    if (announce && unread !== shown) {
      live.textContent =
        unread === 1 ? '1 ungelesene Benachrichtigung' : `${unread} ungelesene Benachrichtigungen`;
    }
    shown = unread;
  };

  const render = (data: NotificationList): void => {
    showCount(data.unread, true);
    list.replaceChildren();
    if (!data.items.length) {
      const li = document.createElement('li');
      li.textContent = 'Keine Benachrichtigungen.';
      list.append(li);
      return;
    }
    for (const item of data.items) {
      const li = document.createElement('li');
      if (!item.read) li.className = 'unread';
      const a = document.createElement('a');
      a.href = item.link;
      a.textContent = item.read ? item.title : `Neu: ${item.title}`;
      a.dataset.id = item.id;
      a.addEventListener('click', (event) => {
        if (item.read) return;
        event.preventDefault();
        void post(`/api/notifications/${item.id}/read`).finally(() => window.location.assign(item.link));
      });
      const when = document.createElement('small');
      when.textContent = ` ${formatWhen(item.updatedAt)}`;
      li.append(a, when);
      list.append(li);
    }
  };

  const load = async (): Promise<void> => {
    const res = await fetch('/api/notifications', { credentials: 'same-origin' });
    if (res.ok) render((await res.json()) as NotificationList);
  };

  const post = async (url: string): Promise<void> => {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': await csrf(), 'content-type': 'application/json' },
      body: '{}',
    });
    if (res.ok) render((await res.json()) as NotificationList);
  };

  const open = (on: boolean): void => {
    panel.hidden = !on;
    button.setAttribute('aria-expanded', String(on));
    if (on) void load();
  };

  button.addEventListener('click', () => open(panel.hidden));
  readAll.addEventListener('click', () => void post('/api/notifications/read-all'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      open(false);
      button.focus();
    }
  });

  const source = new EventSource('/api/notifications/stream');
  source.addEventListener('count', (event) => {
    const { unread } = JSON.parse((event as MessageEvent<string>).data) as { unread: number };
    // the first count of a stream is the current state, not news
    showCount(unread, shown !== -1);
  });
  source.addEventListener('notification', () => {
    if (!panel.hidden) void load();
  });
  window.addEventListener('pagehide', () => source.close());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
