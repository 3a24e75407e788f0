import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { hasRole, type Actor } from '../auth/actor';

const storage = new AsyncLocalStorage<Request>();

/**
 * Keeps the HTTP request of the page being rendered, so that the layout can show what belongs to the
 * signed-in user (e.g. the "Prozesse" link) without every page service passing roles along.
 */
export function pageRequestMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run(req, next);
}

/** the signed-in user of the current HTTP request, if any (e.g. who made a change) */
export function currentRequestUser(): Actor | undefined {
  return storage.getStore()?.user;
}

/** the links of the header navigation the signed-in user of the current request may use */
export function navigationOfCurrentUser(): { navModeler: boolean; navQuality: boolean } {
  const actor = storage.getStore()?.user as Actor | undefined;
  return {
    navModeler: !!actor && hasRole(actor, 'process-manager', 'quality', 'admin'),
    /** statistics, process analytics and the operations view: quality staff and admins only */
    navQuality: !!actor && hasRole(actor, 'quality', 'admin'),
  };
}
