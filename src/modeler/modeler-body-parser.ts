import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CORRELATION_HEADER } from '../common';

/** JSON bodies of the process editor's API may carry a model of up to 2 MB (escaped: up to ~2×) */
export const MODELER_BODY_LIMIT = '8mb';

export const MODELER_API_PATH = '/api/modeler';

/**
 * Registers a JSON parser with a larger limit for /api/modeler before Nest's default parser (100 kB),
 * which then skips the already parsed body. A body beyond even this limit gets the API's 413 answer,
 * a body that is not JSON a German 400.
 * Call before `app.init()` (configureApp).
 */
export function useModelerBodyParser(app: INestApplication): void {
  const parser = express.json({ limit: MODELER_BODY_LIMIT });
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  // a named function other than "jsonParser": Nest still registers its own parser for all other routes
  instance.use(MODELER_API_PATH, function modelerJsonParser(req: Request, res: Response, next: NextFunction) {
    parser(req, res, (error?: unknown) => {
      const type = (error as { type?: string } | undefined)?.type;
      if (type === 'entity.too.large') {
        answer(res, 413, 'PAYLOAD_TOO_LARGE', 'Die Datei ist zu groß; erlaubt sind höchstens 2 MB.');
        return;
      }
      if (type === 'entity.parse.failed') {
        answer(res, 400, 'BAD_REQUEST', 'Der Anfragetext ist kein gültiges JSON.');
        return;
      }
      next(error);
    });
  });
}

/** an error in the API's format (as the global exception filter writes it) */
function answer(res: Response, status: number, code: string, message: string): void {
  const correlationId = randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  res.status(status).json({ code, message, correlationId });
}
