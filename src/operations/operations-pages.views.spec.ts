import { OPERATIONS_VIEW_FIXTURES } from '../../test/factories/operations-pages.fixtures';
import { ViewsService } from '../web/views.service';
import { germanDateTime, incidentRow } from './operations-pages.service';

/** The operations templates render with fixture data in strict mode (a missing field would throw). */
describe('operations templates', () => {
  const views = new ViewsService();
  const base = { userName: 'Qualitätssicherung', csrfToken: 'token-123' };

  it('renders the list: incidents with retry forms, filter, instances, paging, interventions', () => {
    const html = views.render('operations', {
      ...base,
      title: 'Betrieb',
      ...OPERATIONS_VIEW_FIXTURES.operations,
    });
    expect(html).toContain('<h1>Betrieb</h1>');
    expect(html).toContain('Offene Störungen (1)');
    expect(html).toContain('action="/betrieb/stoerungen/2251799813685260/erneut-versuchen"');
    expect(html).toContain('<input type="hidden" name="zurueck" value="liste" />');
    expect(html).toContain('<input type="hidden" name="_csrf" value="token-123" />');
    expect(html).toContain('<label for="s-2251799813685260-wiederholungen">Wiederholungen');
    expect(html).toContain('<option value="ops-probe" selected>');
    expect(html).toContain('Nächste Seite');
    expect(html).toContain('Störung erneut versucht');
  });

  it('renders the instance page with diagram data, incidents, cancel form and history', () => {
    const html = views.render('operations-instance', {
      ...base,
      title: 'Prozessinstanz',
      ...OPERATIONS_VIEW_FIXTURES['operations-instance'],
    });
    expect(html).toContain('<h1>Prozessinstanz 2251799813685249</h1>');
    expect(html).toContain('action="/betrieb/instanzen/2251799813685249/abbrechen"');
    expect(html).toContain('<input type="hidden" name="zurueck" value="instanz" />');
    expect(html).toContain('<script src="/assets/operations-instance.js" defer></script>');
    expect(html).toContain('Elementverlauf');
  });

  it('renders the confirmation with the reason escaped and bestaetigt=ja', () => {
    const html = views.render('operations-confirm', {
      ...base,
      title: 'Abbrechen?',
      ...OPERATIONS_VIEW_FIXTURES['operations-confirm'],
      reason: '<b>Doppelt</b>',
    });
    expect(html).toContain('wirklich abbrechen?');
    expect(html).toContain('value="&lt;b&gt;Doppelt&lt;/b&gt;"');
    expect(html).toContain('<input type="hidden" name="bestaetigt" value="ja" />');
  });

  it('formats dates as TT.MM.JJJJ in Berlin; retry goes by incident key, else by job key', () => {
    expect(germanDateTime('2026-11-28T23:30:00.000Z')).toBe('29.11.2026, 00:30');
    expect(germanDateTime(null)).toBe('–');
    const base = {
      processInstanceKey: '1',
      bpmnProcessId: 'p',
      processName: 'P',
      version: 1,
      elementId: 'e',
      elementName: 'E',
      errorType: 'EXTRACT_VALUE_ERROR',
      message: 'm',
      since: '2026-11-28T10:00:00.000Z',
    };
    expect(incidentRow({ ...base, incidentKey: '5', jobKey: null })).toMatchObject({
      retryAction: '/betrieb/stoerungen/5/erneut-versuchen',
      showRetries: false,
      errorTypeLabel: 'Ausdruck nicht auswertbar',
    });
    expect(incidentRow({ ...base, incidentKey: null, jobKey: '7' })).toMatchObject({
      retryAction: '/betrieb/jobs/7/erneut-versuchen',
      showRetries: true,
    });
  });
});
