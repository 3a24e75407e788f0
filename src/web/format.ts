/** How the pages write dates and times: German, Europe/Berlin (PRODUCT.md: TT.MM.JJJJ). */

const DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** 28.11.2026, 14:05 (Europe/Berlin); '–' for none */
export function germanDateTime(value: string | Date | null | undefined): string {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '–' : DATE_TIME.format(date);
}

/** JSON for a page's <script type="application/json"> data block: nothing in it can close the element */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
