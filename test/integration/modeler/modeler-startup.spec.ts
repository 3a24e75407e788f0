/**
 * The process editor across restarts: the shipped files are imported once (version 1), a release made
 * in the editor survives a restart (the start-up deployment deploys the released version, not the
 * file), and a shipped file changed by a developer becomes a new version unless an editor release
 * supersedes it.
 */
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../../src/auth/actor';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { ModelerService } from '../../../src/modeler/modeler.service';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const ROOT = join(__dirname, '..', '..', '..');
const COMPLAINT = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');

const manager: Actor = {
  id: 'u-pm',
  username: 'pv',
  displayName: 'Paula Prozess',
  roles: ['process-manager'],
  units: [],
};
const quality: Actor = {
  id: 'u-qs',
  username: 'qs',
  displayName: 'Quentin Qualität',
  roles: ['quality'],
  units: [],
};

describe('process editor across restarts', () => {
  let db: TestDatabase;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function restart(): Promise<ModelerService> {
    await app?.close();
    app = await createTestApp({ databaseUrl: db.url });
    return app.get(ModelerService);
  }

  const versionCounts = async (modeler: ModelerService) =>
    Object.fromEntries(
      (await modeler.catalogue()).map((r) => [`${r.kind}:${r.resourceId}`, r.versions.length]),
    );

  it('imports the shipped files once, refuses a stale release, keeps a release over a restart, takes changed files as new versions', async () => {
    let modeler = await restart();
    const first = await versionCounts(modeler);
    expect(Object.values(first).every((n) => n === 1)).toBe(true);
    expect(Object.keys(first)).toContain('bpmn:complaint-management');

    modeler = await restart();
    expect(await versionCounts(modeler)).toEqual(first);

    const changed = COMPLAINT.replace('name="Beschwerde registrieren"', 'name="Beschwerde aufnehmen"');
    const draft = await modeler.save(manager, 'bpmn', 'complaint-management', {
      content: changed,
      comment: 'Bezeichnung',
    });
    // a second draft edited from version 1 at the same time
    const parallel = await modeler.save(manager, 'bpmn', 'complaint-management', {
      content: COMPLAINT.replace('name="Beschwerde einordnen"', 'name="Beschwerde zuordnen"'),
      comment: 'parallel',
      basedOn: 1,
    });
    await modeler.submit(manager, 'bpmn', 'complaint-management', parallel.number, 'Parallel');
    await modeler.submit(manager, 'bpmn', 'complaint-management', draft.number, 'Neue Bezeichnung');
    const { engineVersion } = await modeler.approve(
      quality,
      'bpmn',
      'complaint-management',
      draft.number,
      'ok',
    );
    expect(engineVersion).toBe(2);
    // approving the parallel draft would silently undo the release just made
    await expect(
      modeler.approve(quality, 'bpmn', 'complaint-management', parallel.number, 'ok'),
    ).rejects.toMatchObject({ code: 'STALE_VERSION' });

    modeler = await restart();
    const started = await app!.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'email' },
    });
    expect(Number(started.version)).toBe(2);
    expect(
      (await modeler.resource('bpmn', 'complaint-management')).versions.map((v) => [
        v.number,
        v.status,
        v.engineVersion,
      ]),
    ).toEqual([
      [3, 'submitted', null],
      [2, 'deployed', 2],
      [1, 'deployed', 1],
    ]);

    // a developer changes shipped files: taken as a new version where the editor released nothing …
    const formFile = 'bs-complaint-register.form';
    const form = JSON.parse(readFileSync(join(ROOT, 'forms', formFile), 'utf8')) as {
      components: { label?: string }[];
    };
    form.components.find((c) => c.label)!.label = 'Geänderte Beschriftung';
    const imported = await modeler.importShippedFiles([
      { name: formFile, kind: 'form', content: Buffer.from(JSON.stringify(form)) },
      {
        name: 'complaint-management.bpmn',
        kind: 'bpmn',
        content: Buffer.from(COMPLAINT.replace('Beschwerde registrieren', 'Anders')),
      },
    ]);
    expect(imported).toBe(1);
    expect(
      (await modeler.resource('form', 'bs-complaint-register')).versions.map((v) => [
        v.number,
        v.status,
        v.author.name,
      ]),
    ).toEqual([
      [2, 'deployed', 'Plattform'],
      [1, 'deployed', 'Plattform'],
    ]);
    // … while the process released in the editor keeps its two versions
    expect((await modeler.resource('bpmn', 'complaint-management')).versions).toHaveLength(3);
  });
});
