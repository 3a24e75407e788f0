/** Fixture data for the process editor's templates (src/web/views/modeler-*.hbs), built by the real view models. */
import type { Actor } from '../../src/auth/actor';
import {
  catalogueContext,
  diffContext,
  editorContext,
  versionContext,
  type ResourceSummary,
} from '../../src/modeler/pages/modeler-pages.view-models';

const reviewer: Actor = { id: 'u-qs', username: 'qs', displayName: 'QS', roles: ['quality'], units: [] };

const resource: ResourceSummary = {
  kind: 'bpmn',
  resourceId: 'complaint-management',
  name: 'Beschwerde <bearbeiten>',
  latest: 2,
  latestDeployed: 1,
  versions: [
    {
      number: 1,
      status: 'deployed',
      author: { id: null, name: 'Plattform' },
      createdAt: '2026-11-28T08:00:00.000Z',
      engineVersion: 1,
      runningInstances: 1,
    },
    {
      number: 2,
      status: 'submitted',
      author: { id: 'u-pm', name: 'PM' },
      createdAt: '2026-11-28T09:00:00.000Z',
      basedOn: 1,
    },
  ],
};

export const MODELER_VIEW_FIXTURES: Record<string, Record<string, unknown>> = {
  'modeler-catalogue': catalogueContext(
    reviewer,
    [resource],
    [{ kind: 'bpmn', resourceId: resource.resourceId, name: resource.name, number: 2, reason: 'Gesetz' }],
  ),
  'modeler-bpmn': editorContext(reviewer, resource, 2),
  'modeler-form': editorContext(
    reviewer,
    { ...resource, kind: 'form', resourceId: 'bs-complaint-register' },
    1,
  ),
  'modeler-version': versionContext(reviewer, resource, {
    ...resource.versions[1],
    steps: [
      {
        action: 'submitted',
        actor: { id: 'u-pm', name: 'PM' },
        role: 'process-manager',
        at: '2026-11-28T09:05:00Z',
        reason: 'Gesetz',
      },
    ],
  }),
  'modeler-diff': diffContext(resource, 1, 2),
  'modeler-error': { message: 'Dieses Modell gibt es nicht.' },
};
