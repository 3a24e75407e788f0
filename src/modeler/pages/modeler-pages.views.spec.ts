import type { Actor } from '../../auth/actor';
import { ViewsService } from '../../web/views.service';
import {
  catalogueContext,
  chosenVersion,
  diffContext,
  diffPair,
  editorContext,
  germanDateTime,
  versionContext,
  type ResourceSummary,
  type VersionDetail,
} from './modeler-pages.view-models';

const manager: Actor = {
  id: 'u-pm',
  username: 'pm',
  displayName: 'Prozessmanagement Berg',
  roles: ['process-manager'],
  units: [],
};
const reviewer: Actor = {
  id: 'u-qs',
  username: 'qs',
  displayName: 'QS Klein',
  roles: ['quality'],
  units: [],
};

const resource: ResourceSummary = {
  kind: 'bpmn',
  resourceId: 'training-toleration-monitoring',
  name: 'Ausbildung <begleiten>',
  latest: 3,
  latestDeployed: 1,
  versions: [
    {
      number: 1,
      status: 'deployed',
      author: { id: null, name: 'Plattform' },
      createdAt: '2026-11-28T08:00:00.000Z',
      comment: 'Aus processes/ übernommen',
      engineVersion: 1,
      runningInstances: 2,
    },
    { number: 2, status: 'draft', author: { id: 'u-pm', name: 'PM' }, createdAt: '2026-11-28T09:00:00.000Z' },
    {
      number: 3,
      status: 'submitted',
      author: { id: 'u-pm', name: 'PM' },
      createdAt: '2026-11-28T10:00:00.000Z',
      basedOn: 2,
    },
  ],
};

const submitted: VersionDetail = {
  ...resource.versions[2],
  steps: [
    {
      action: 'saved',
      actor: { id: 'u-pm', name: 'PM' },
      role: 'process-manager',
      at: '2026-11-28T10:00:00Z',
    },
    {
      action: 'submitted',
      actor: { id: 'u-pm', name: 'PM' },
      role: 'process-manager',
      at: '2026-11-28T10:05:00Z',
      reason: 'Gesetzesänderung § 60c',
    },
  ],
};

/** The process editor's templates render with their contexts in strict mode (a missing field throws). */
describe('process editor page templates', () => {
  const views = new ViewsService();
  const base = { userName: 'PM', csrfToken: 'token-1', navModeler: true };

  it('renders the catalogue with versions, running instances, the queue and the header link', () => {
    const html = views.render('modeler-catalogue', {
      ...base,
      title: 'Prozesse und Formulare',
      ...catalogueContext(
        manager,
        [resource],
        [
          {
            kind: 'bpmn',
            resourceId: resource.resourceId,
            name: resource.name,
            number: 3,
            submittedBy: { id: 'u-pm', name: 'PM' },
            submittedAt: '2026-11-28T10:05:00Z',
            reason: 'Gesetzesänderung',
          },
        ],
      ),
    });
    expect(html).toContain('<a href="/modeler">Prozesse</a>');
    expect(html).toContain('Ausbildung &lt;begleiten&gt;');
    expect(html).toContain('2 laufende Instanzen');
    expect(html).toContain('Neue Instanzen starten mit Version 1.');
    expect(html).toContain('zur Freigabe eingereicht');
    expect(html).toContain('href="/modeler/bpmn/training-toleration-monitoring/versionen/3"');
    expect(html).toContain('id="katalog-importieren"');
  });

  it('hides the header link where a page does not set it', () => {
    const html = views.render('modeler-error', { title: 'Nicht gefunden', userName: 'X', message: 'weg' });
    expect(html).not.toContain('href="/modeler">Prozesse');
  });

  it('renders the editors with their page data and without save controls for reviewers', () => {
    const bpmn = views.render('modeler-bpmn', {
      ...base,
      title: 'x',
      ...editorContext(manager, resource, 3),
    });
    expect(bpmn).toContain(
      '<script type="application/json" id="modeler-daten">{"resourceId":"training-toleration-monitoring","version":3,"mayEdit":true}</script>',
    );
    expect(bpmn).toContain('Entwurf speichern');
    const older = views.render('modeler-bpmn', {
      ...base,
      title: 'x',
      ...editorContext(manager, resource, 1),
    });
    expect(older).toContain('Sie haben Version 1 geöffnet; die neueste ist Version 3.');
    const readOnly = views.render('modeler-bpmn', {
      ...base,
      title: 'x',
      ...editorContext(reviewer, resource, 3),
    });
    expect(readOnly).not.toContain('id="entwurf-speichern"');
    const form = views.render('modeler-form', {
      ...base,
      title: 'x',
      ...editorContext(manager, { ...resource, kind: 'form', resourceId: 'f1' }, 1),
    });
    expect(form).toContain('src="/assets/form-editor.js"');
  });

  it('renders the version page: history, and the decision for a reviewer who is not the author', () => {
    const html = views.render('modeler-version', {
      ...base,
      title: 'x',
      ...versionContext(reviewer, resource, submitted),
    });
    expect(html).toContain('Freigeben und in Betrieb nehmen');
    expect(html).toContain('Gesetzesänderung § 60c');
    expect(html).toContain('data-schritt="submitted"');
    expect(html).toContain('Vergleich mit Version 2');
    expect(html).toContain('Vergleich mit der Version in Betrieb (Version 1)');
    expect(html).not.toContain('Sie haben diese Version selbst');
    const own = versionContext({ ...reviewer, id: 'u-pm' }, resource, submitted);
    expect(own.ownChange).toBe(true);
    expect(versionContext(manager, resource, submitted).review).toBe(false);
  });

  it('renders the diff page with both version choices', () => {
    const pair = diffPair(resource);
    expect(pair).toEqual({ from: 2, to: 3 });
    const html = views.render('modeler-diff', { ...base, title: 'x', ...diffContext(resource, 1, 3) });
    expect(html).toContain('id="diagramm-von"');
    expect(html).toContain('<option value="1" selected>');
  });
});

describe('process editor view models', () => {
  it('opens the requested version when it exists, else the latest', () => {
    expect(chosenVersion(resource, 2)).toBe(2);
    expect(chosenVersion(resource, 9)).toBe(3);
    expect(chosenVersion(resource)).toBe(3);
  });

  it('compares a version with the one given, or with its predecessor', () => {
    expect(diffPair(resource, 1, 3)).toEqual({ from: 1, to: 3 });
    expect(diffPair(resource, undefined, 2)).toEqual({ from: 1, to: 2 });
    expect(diffPair({ ...resource, versions: [resource.versions[0]] })).toEqual({ from: 1, to: 1 });
  });

  it('writes times in Berlin time', () => {
    expect(germanDateTime('2026-11-28T10:05:00Z')).toBe('28.11.2026, 11:05');
    expect(germanDateTime(null)).toBe('–');
  });
});
