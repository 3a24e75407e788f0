import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { berlinDate } from '../common/calendar';
import { projectRoot } from '../config/project-root';
import type { RemedyNotice } from './generated-document.entity';

export interface TemplateMeta {
  /** German title of the document, e.g. "Bescheid über Leistungen nach dem AsylbLG" */
  title: string;
  /** the issuing unit (ABH, LG, …) */
  unit: string;
  /** the remedy notice of a Bescheid (Rechtsbehelfsbelehrung); null for letters that decide nothing */
  remedy: RemedyNotice | null;
}

export interface DocumentTemplate extends TemplateMeta {
  id: string;
  render: (data: object) => string;
}

const UNIT_NAMES: Record<string, string> = {
  ABH: 'Ausländerbehörde',
  LG: 'Leistungsgewährung AsylbLG',
  UV: 'Unterkunftsverwaltung',
  INT: 'Integration und Sprachmittlung',
  JC: 'Jobcenter',
  JA: 'Jugendamt',
  BK: 'Bildungskoordination',
  IVAF: 'IvAF-Projekt',
  BS: 'Beschwerdestelle',
};

/** TT.MM.JJJJ from 'YYYY-MM-DD' or an ISO instant (Berlin date) */
export function formatGermanDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  let iso: string;
  if (value instanceof Date) iso = berlinDate(value);
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  else if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) iso = berlinDate(new Date(value));
  else throw new Error(`datum: not a date: ${JSON.stringify(value)}`);
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** 1.234,56 € from integer cents */
export function formatEuroCents(cents: unknown): string {
  if (typeof cents !== 'number' || !Number.isInteger(cents))
    throw new Error(`betrag: amounts are integer cents, got ${JSON.stringify(cents)}`);
  const formatted = new Intl.NumberFormat('de-DE', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
  return `${formatted} €`;
}

function createEnvironment(partialsDir: string): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('datum', (value: unknown) => formatGermanDate(value));
  hbs.registerHelper('betrag', (cents: unknown) => formatEuroCents(cents));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('join', (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  hbs.registerHelper('einheit', (unit: unknown) => UNIT_NAMES[String(unit)] ?? String(unit));
  if (existsSync(partialsDir)) {
    for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
    }
  }
  return hbs;
}

/**
 * The notice and letter templates: src/documents/templates/<id>.hbs with <id>.json (title, unit,
 * remedy). Compiled once, in strict mode (a missing field is an error, not a blank) and HTML-escaped.
 * Each template is rendered inside the `layout` partial.
 */
export class TemplateCatalogue {
  private readonly templates = new Map<string, DocumentTemplate>();

  constructor(readonly directory: string = join(projectRoot(), 'src', 'documents', 'templates')) {
    const hbs = createEnvironment(join(directory, 'partials'));
    const layout = hbs.compile(readFileSync(join(directory, 'partials', 'layout.hbs'), 'utf8'), {
      strict: true,
    });
    for (const file of readdirSync(directory).filter((f) => f.endsWith('.hbs'))) {
      const id = basename(file, '.hbs');
      const metaFile = join(directory, `${id}.json`);
      if (!existsSync(metaFile)) throw new Error(`template ${id} has no ${id}.json (title, unit, remedy)`);
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as TemplateMeta;
      if (!meta.title || !meta.unit || meta.remedy === undefined) {
        throw new Error(`template ${id}: ${id}.json needs title, unit and remedy (null if none)`);
      }
      const body = hbs.compile(readFileSync(join(directory, file), 'utf8'), { strict: true });
      this.templates.set(id, {
        id,
        ...meta,
        render: (data: object) => {
          const context = {
            ...data,
            document: { id, title: meta.title, unit: meta.unit, remedy: meta.remedy },
          };
          return layout({ ...context, body: body(context) });
        },
      });
    }
  }

  get(id: string): DocumentTemplate | undefined {
    return this.templates.get(id);
  }

  ids(): string[] {
    return [...this.templates.keys()].sort();
  }
}
