import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CORRELATION_HEADER } from '../common';

/** JSON bodies of the process editor's API may carry a model of up to 2 MB (escaped: up to ~2×) */
export const MODELER_BODY_LIMIT = '8mb';

export const MODELER_API_PATH = '/api/modeler';

/**
 * Registers a JSON parser with a larger limit for /api/modeler before Nest's default parser (100 kB),
 * which then skips the already parsed body. A body beyond even this limit gets the API's 413 answer.
 * Call before `app.init()` (configureApp).
 */
export function useModelerBodyParser(app: INestApplication): void {
  const parser = express.json({ limit: MODELER_BODY_LIMIT });
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  // a named function other than "jsonParser": Nest still registers its own parser for all other routes
  instance.use(MODELER_API_PATH, function modelerJsonParser(req: Request, res: Response, next: NextFunction) {
    parser(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        const correlationId = randomUUID();
        res.setHeader(CORRELATION_HEADER, correlationId);
        res.status(413).json({
          code: 'PAYLOAD_TOO_LARGE',
          message: 'Die Datei ist zu groß; erlaubt sind höchstens 2 MB.',
          correlationId,
        });
        return;
      }
      next(error);
    });
  });
}
