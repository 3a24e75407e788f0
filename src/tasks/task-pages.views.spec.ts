import {
  TASK_ERROR_VIEW_FIXTURE,
  TASK_LIST_VIEW_FIXTURE,
  TASK_VIEW_FIXTURE,
} from '../../test/factories/task-pages.fixtures';
import { ViewsService } from '../web/views.service';

/** The task pages' templates render with fixture data in strict mode (a missing field would throw). */
describe('task page templates', () => {
  const views = new ViewsService();
  const base = { userName: 'Sachbearbeitung BS', csrfToken: 'token-123' };

  it('renders the task list with tabs, filters, an overdue row and paging', () => {
    const html = views.render('task-list', { ...base, title: 'Aufgaben', ...TASK_LIST_VIEW_FIXTURE });
    expect(html).toContain('<meta name="csrf-token" content="token-123" />');
    expect(html).toContain('aria-current="page">Aufgaben meiner Einheit');
    expect(html).toContain('Beschwerde &lt;registrieren&gt;');
    expect(html).toContain('class="overdue"');
    expect(html).toContain('01.02.2026');
    expect(html).toContain('Nächste Seite');
  });

  it('renders the task page with its data for the browser script', () => {
    const html = views.render('task', { ...base, title: 'Beschwerde registrieren', ...TASK_VIEW_FIXTURE });
    expect(html).toContain('<script type="application/json" id="aufgabe-daten">{"taskId":"a1"}</script>');
    expect(html).toContain('src="/assets/task-page.js"');
    expect(html).toContain('Aufgabe abschließen');
  });

  it('renders the error page', () => {
    const html = views.render('task-error', { ...base, title: 'Kein Zugriff', ...TASK_ERROR_VIEW_FIXTURE });
    expect(html).toContain('<h1>Kein Zugriff</h1>');
  });
});
