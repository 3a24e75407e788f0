import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from './pdf-renderer';
import { formatEuroCents, formatGermanDate, TemplateCatalogue } from './template-catalogue';

/** Every notice and letter template renders with its fixture data (strict mode: no field may be missing). */
describe('document templates', () => {
  const catalogue = new TemplateCatalogue();
  const fixture = (id: string): Record<string, unknown> => {
    const file = join(catalogue.directory, `${id}.fixture.json`);
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  };

  it('has templates', () => {
    expect(catalogue.ids().length).toBeGreaterThan(0);
  });

  it.each(new TemplateCatalogue().ids())(
    '%s has fixture data and renders it as German HTML and PDF',
    async (id) => {
      expect(existsSync(join(catalogue.directory, `${id}.fixture.json`))).toBe(true);
      const template = catalogue.get(id)!;
      const html = template.render({
        recipient: null,
        ...fixture(id),
        caseId: 'MIA-2026-000001',
        issuedOn: '2026-11-28',
      });
      expect(html).toMatch(/<html lang=['"]de['"]>/);
      expect(html).toContain(`<h1>${template.title}</h1>`);
      expect(html).toContain('Datum: 28.11.2026');
      expect(html).not.toMatch(/\{\{|\}\}|undefined|NaN|\[object Object\]/);
      if (template.remedy?.kind) {
        // a Bescheid carries its Rechtsbehelfsbelehrung (BRIEF § 1 conventions)
        expect(html).toContain('Rechtsbehelfsbelehrung');
        expect(html).toContain(template.remedy.kind);
      }
      const pdf = await renderPdf(html, template.title, new Date('2026-11-28T10:00:00Z'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    },
  );

  it('escapes what comes from case data', () => {
    const html = catalogue.get('aktenvermerk')!.render({
      recipient: null,
      subject: '<script>alert(1)</script>',
      paragraphs: [],
      caseId: 'X',
      issuedOn: '2026-11-28',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses to render when a field is missing (strict mode)', () => {
    expect(() =>
      catalogue
        .get('aktenvermerk')!
        .render({ recipient: null, paragraphs: [], caseId: 'X', issuedOn: '2026-11-28' }),
    ).toThrow(/subject/);
  });

  it.each([
    ['2026-11-28', '28.11.2026'],
    ['2026-03-29T22:30:00Z', '30.03.2026'],
  ])('formats the date %s as %s', (input, expected) => {
    expect(formatGermanDate(input)).toBe(expected);
  });

  it.each([
    [123456, '1.234,56 €'],
    [45500, '455,00 €'],
    [-2500, '-25,00 €'],
  ])('formats %i cents as %s', (cents, expected) => {
    expect(formatEuroCents(cents)).toBe(expected);
  });
});
