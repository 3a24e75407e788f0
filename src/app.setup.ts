import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useSecurity } from './app.security';
import { SignInRedirectFilter } from './auth/sign-in-redirect.filter';
import { GlobalExceptionFilter } from './common/filters/global-exception.filter';
import { JsonLogger } from './common/logging/json-logger';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app.config';
import { useModelerBodyParser } from './modeler/modeler-body-parser';
import { assetsDirectory } from './web/assets';
import { pageRequestMiddleware } from './web/page-request';

/** Global pipes, filters, logger and OpenAPI: shared by main.ts and the tests that boot the app. */
export function configureApp(app: INestApplication, logger: JsonLogger): void {
  app.useLogger(logger);
  useSecurity(app, app.get(AppConfig));
  // the layout's navigation depends on the signed-in user of the request being rendered
  app.use(pageRequestMiddleware);
  // the process editor's API takes models of up to 2 MB (before Nest's default 100 kB JSON parser)
  useModelerBodyParser(app);
  app.useGlobalPipes(createValidationPipe());
  // the sign-in redirect is listed last so that Nest tries it first (pages without a session → /anmelden)
  app.useGlobalFilters(new GlobalExceptionFilter(logger), new SignInRedirectFilter());
  app.enableShutdownHooks();
  // the pages' scripts and styles (same origin, no session needed)
  (app as NestExpressApplication).useStaticAssets(assetsDirectory(), { prefix: '/assets/', index: false });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MiA Prozessplattform')
      .setDescription('Prozessplattform der Migrationsagentur')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
