import { TEAM_VIEW_FIXTURE } from '../../test/factories/task-pages.fixtures';
import { ViewsService } from '../web/views.service';

/** The team lead's page renders with fixture data in strict mode (a missing field would throw). */
describe('team page template', () => {
  const views = new ViewsService();
  const base = { title: 'Team und Auslastung', userName: 'Teamleitung BS', csrfToken: 'token-123' };

  it('renders the workload, the tasks with checkboxes, the bulk form and the outcome', () => {
    const html = views.render('team', { ...base, ...TEAM_VIEW_FIXTURE });
    expect(html).toContain('<input type="hidden" name="_csrf" value="token-123" />');
    expect(html).toContain('<th scope="row">Sachbearbeitung BS</th>');
    expect(html).toContain('name="aufgaben" value="a1"');
    expect(html).toContain('Ausgewählte Aufgaben zuweisen an');
    expect(html).toContain('1 Aufgabe ist jetzt Sachbearbeitung BS zugewiesen.');
    expect(html).toContain('Beschwerde &lt;einordnen&gt; – wurde inzwischen im Verfahren beendet');
    expect(html).toContain('class="overdue"');
  });

  it('renders the page for an account that leads no unit', () => {
    const html = views.render('team', {
      ...base,
      result: null,
      unitOptions: [],
      severalUnits: false,
      unit: null,
      unitLabel: '',
    });
    expect(html).toContain('keine Einheit zugeordnet');
  });
});
