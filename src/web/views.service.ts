import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { navigationOfCurrentUser } from './page-request';

/** what every page gets; pages add their own fields */
export interface PageContext {
  title: string;
  /** the signed-in user's display name, or null */
  userName?: string | null;
  /** the session's CSRF token for the forms of the page, or null */
  csrfToken?: string | null;
  [key: string]: unknown;
}

/**
 * The server-rendered pages: src/web/views/<name>.hbs inside layout.hbs (German, lang="de", skip link).
 * Compiled once at start-up, strict mode (a missing field is an error), auto-escaped.
 */
@Injectable()
export class ViewsService {
  private readonly templates = new Map<string, HandlebarsTemplateDelegate>();

  constructor(readonly directory: string = join(projectRoot(), 'src', 'web', 'views')) {
    for (const file of readdirSync(directory).filter((f) => f.endsWith('.hbs'))) {
      const source = readFileSync(join(directory, file), 'utf8');
      this.templates.set(basename(file, '.hbs'), Handlebars.compile(source, { strict: true }));
    }
  }

  get names(): string[] {
    return [...this.templates.keys()].filter((n) => n !== 'layout');
  }

  render(name: string, context: PageContext): string {
    const page = this.templates.get(name);
    const layout = this.templates.get('layout');
    if (!page || !layout) throw new Error(`Unknown view ${name}`);
    const full = { userName: null, csrfToken: null, ...navigationOfCurrentUser(), ...context };
    return layout({ ...full, body: page(full) });
  }
}
