import { PERSON_VIEW_FIXTURE } from '../../test/factories/case-pages.fixtures';
import { FOLLOW_UPS_VIEW_FIXTURE, PERSON_FOLLOW_UPS_FIXTURE } from '../../test/factories/follow-ups.fixtures';
import { ViewsService } from '../web/views.service';

/** The Wiedervorlagen templates render with fixture data in strict mode (a missing field would throw). */
describe('Wiedervorlagen templates', () => {
  const views = new ViewsService();
  const base = { userName: 'Sachbearbeitung LG', csrfToken: 'token-123' };

  it('renders the list page with its sections, forms with CSRF and escaped text', () => {
    const html = views.render('follow-ups', { ...base, title: 'Wiedervorlagen', ...FOLLOW_UPS_VIEW_FIXTURE });
    expect(html).toContain('<h1>Wiedervorlagen</h1>');
    expect(html).toContain('Fällig bis heute (02.12.2026)');
    expect(html).toContain('Keine späteren Wiedervorlagen.');
    expect(html).toContain('Nachweis &lt;Passbeschaffung&gt; prüfen');
    expect(html).toContain('action="/wiedervorlagen/00000000-0000-4000-8000-0000000000f1/verschieben"');
    expect(html).toContain('action="/wiedervorlagen/00000000-0000-4000-8000-0000000000f2/erledigen"');
    expect(html).toContain('<input type="hidden" name="_csrf" value="token-123" />');
    expect(html).toContain('class="overdue"');
    expect(html).toContain('abwesend bis einschließlich 24.12.2026');
    expect(html).toContain('<a href="/wiedervorlagen">Wiedervorlagen</a>');
  });

  it('renders the person page with the Wiedervorlagen section: list, history, forms', () => {
    const html = views.render('person', {
      ...base,
      title: 'Haddad, Mohammed',
      ...PERSON_VIEW_FIXTURE,
      followUps: PERSON_FOLLOW_UPS_FIXTURE,
    });
    expect(html).toContain('<h2 id="wiedervorlagen-titel">Wiedervorlagen</h2>');
    expect(html).toContain('<a href="#wiedervorlagen">Wiedervorlagen</a>');
    expect(html).toContain('angelegt für den 01.12.2026');
    expect(html).toContain('action="/personen/00000000-0000-4000-8000-000000000001/wiedervorlagen"');
    expect(html).toContain('&lt;b&gt;Grund&lt;/b&gt;</textarea>');
    // the done one has no forms
    expect(html).toContain('/wiedervorlagen/00000000-0000-4000-8000-0000000000f1/erledigen');
    expect(html).not.toContain('/wiedervorlagen/00000000-0000-4000-8000-0000000000f3/erledigen');
    expect(html).toContain('<input type="hidden" name="zurueck" value="person" />');
  });

  it('leaves the section out when no module provides it', () => {
    const html = views.render('person', { ...base, title: 'Haddad, Mohammed', ...PERSON_VIEW_FIXTURE });
    expect(html).not.toContain('id="wiedervorlagen"');
  });
});
