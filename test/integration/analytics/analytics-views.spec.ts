/** The analytics pages' templates render (strict mode) with their fixture data, German and escaped. */
import { ViewsService } from '../../../src/web/views.service';
import { ANALYTICS_VIEW_FIXTURES } from './analytics-pages.fixtures';

describe('analytics page templates', () => {
  const views = new ViewsService();

  it.each(Object.keys(ANALYTICS_VIEW_FIXTURES))('%s renders with its fixture', (name) => {
    const html = views.render(name, {
      title: 'Prozessanalyse',
      userName: 'QS',
      csrfToken: 'c',
      ...ANALYTICS_VIEW_FIXTURES[name],
    });
    expect(html).toContain('<html lang="de">');
    expect(html).not.toContain('<bearbeiten>');
  });

  it('every analytics template has a fixture', () => {
    expect(views.names.filter((n) => n.startsWith('analytics-')).sort()).toEqual(
      Object.keys(ANALYTICS_VIEW_FIXTURES).sort(),
    );
  });

  it('the process page carries its data for the heatmap script as JSON, not as code', () => {
    const html = views.render('analytics-process', {
      title: 'T',
      ...ANALYTICS_VIEW_FIXTURES['analytics-process'],
    });
    expect(html).toContain(
      '<script type="application/json" id="analyse-daten">{"bpmnProcessId":"complaint-management"',
    );
    expect(html).toContain('<script src="/assets/analytics.js" defer></script>');
    expect(html).toMatch(/<form method="post" action="\/analyse\/complaint-management\/zielzeiten"/);
  });
});
