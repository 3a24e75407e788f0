import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { type PageContext, ViewsService } from './views.service';

/**
 * Server-rendered pages with Handlebars. Also registered as the Express view engine, so that a
 * controller may use `@Render('<view>')` or `res.render()` with a PageContext.
 */
@Module({
  providers: [{ provide: ViewsService, useFactory: () => new ViewsService() }],
  exports: [ViewsService],
})
export class WebModule implements OnModuleInit {
  constructor(
    private readonly views: ViewsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<Express>();
    if (!instance || typeof instance.engine !== 'function') return;
    instance.engine('hbs', (path: string, options: object, callback: (e: unknown, html?: string) => void) => {
      try {
        const name = path.replace(/^.*[\\/]/, '').replace(/\.hbs$/, '');
        callback(null, this.views.render(name, options as PageContext));
      } catch (error) {
        callback(error);
      }
    });
    instance.set('views', this.views.directory);
    instance.set('view engine', 'hbs');
  }
}
