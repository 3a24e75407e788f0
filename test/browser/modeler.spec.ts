/**
 * The process editor in real Chromium (issue 5 § 4): a process manager opens a process, renames a
 * gateway and changes a flow's condition in the properties panel, sets an unknown job type and sees the
 * lint error appear on the element and in the list (submission refused naming the element), fixes it by
 * picking the element template, saves the draft, sees the diff, submits. The same user (also holding the
 * quality role) is refused the approval (four-eyes principle); a quality user approves, which deploys.
 * An instance started before keeps running on the old version and finishes there; a new instance runs
 * the new version (and so takes the changed condition). A form goes through the same flow in the form
 * editor and is rejected with a reason; a hostile file is refused on import and leaves nothing behind.
 * axe-core finds no serious or critical violation on the catalogue, both editors, diff and version pages.
 */
import type { Page } from 'playwright-core';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { TEST_PASSWORD } from '../factories/user.factory';
import { seriousAxeViolations, signIn, useBrowserApp } from '../utils/browser';

jest.setTimeout(300_000);

const PROCESS = 'training-toleration-monitoring';
const NEW_CONDITION = 'variant = "support-measure" or variant = "introductory-qualification"';

describe('process editor in the browser (/modeler)', () => {
  const env = useBrowserApp([
    {
      username: 'pm.berg',
      displayName: 'Prozessmanagement Berg',
      roles: ['process-manager', 'quality'],
      units: ['ABH'],
    },
    { username: 'qs.klein', displayName: 'Qualitätssicherung Klein', roles: ['quality'], units: ['ABH'] },
    { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', roles: ['caseworker'], units: ['ABH'] },
  ]);

  async function newPage(username: string): Promise<Page> {
    const context = await env.browser.newContext({
      locale: 'de-DE',
      viewport: { width: 1500, height: 1000 },
    });
    const page = await context.newPage();
    await signIn(page, env.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  /** opens a group of the properties panel (they start collapsed or open depending on the element) */
  async function openGroup(page: Page, title: string): Promise<void> {
    const header = page
      .locator('#eigenschaften .bio-properties-panel-group-header')
      .filter({ has: page.getByText(title, { exact: true }) });
    if (!((await header.getAttribute('class')) ?? '').includes('open')) await header.click();
  }

  /**
   * waits until the properties panel shows the element: it re-renders after the selection changed, and
   * until then its fields (e.g. "Name") still belong to the element selected before
   */
  async function panelShows(page: Page, elementId: string): Promise<void> {
    await page.waitForFunction((id) => {
      const w = window as unknown as {
        miaModeler: {
          modeler: {
            get(name: string): { get(id: string): { businessObject?: { name?: string } } | undefined };
          };
        };
      };
      const name = w.miaModeler.modeler.get('elementRegistry').get(id)?.businessObject?.name ?? '';
      const header = document.querySelector('#eigenschaften .bio-properties-panel-header-label');
      return (header?.textContent ?? '') === name;
    }, elementId);
  }

  /** clicks an element on the canvas until the modeler shows it selected and the panel shows it */
  async function select(page: Page, elementId: string): Promise<void> {
    const element = page.locator(`#canvas .djs-element[data-element-id="${elementId}"]`).first();
    const selected = page.locator(`#canvas .djs-element.selected[data-element-id="${elementId}"]`);
    for (let attempt = 0; attempt < 5 && (await selected.count()) === 0; attempt++) {
      await element.click({ force: true });
    }
    await selected.first().waitFor({ state: 'attached' });
    await panelShows(page, elementId);
  }

  /** chooses an element in the list beside the diagram, as a keyboard user does */
  async function pick(page: Page, elementId: string): Promise<void> {
    await page.getByLabel('Element zum Bearbeiten auswählen').selectOption(elementId);
    await page
      .locator(`#canvas .djs-element.selected[data-element-id="${elementId}"]`)
      .first()
      .waitFor({ state: 'attached' });
    await panelShows(page, elementId);
  }

  /** the editor's current XML (what "Entwurf speichern" would send) */
  async function editorXml(page: Page): Promise<string> {
    return page.evaluate(async () => {
      const w = window as unknown as { miaModeler: { modeler: { saveXML(): Promise<{ xml: string }> } } };
      return (await w.miaModeler.modeler.saveXML()).xml;
    });
  }

  /** polls a condition the page or the engine reaches on its own (engine jobs, debounced editors) */
  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting: ${what}`);
  }

  it('edits, lints, saves, diffs, submits; four eyes; new instances on the new version', async () => {
    const zeebe = env.app.get(ZeebeService).client;
    const engine = env.app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('the browser tests run the embedded engine');

    // an instance started before the change: waits for its message on the shipped version
    const old = await zeebe.createProcessInstance({
      bpmnProcessId: PROCESS,
      variables: { caseId: 'vorher-1', variant: 'regular' },
      startInstructions: [{ elementId: 'Event_AusbildungBestanden' }],
    });
    const oldVersion = Number(old.version);

    // the catalogue: processes with versions; a caseworker has no access
    const pm = await newPage('pm.berg');
    await pm
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Prozesse' })
      .click();
    await pm.waitForURL(/\/modeler$/);
    const row = pm.locator(`#prozesse tr[data-resource="${PROCESS}"]`);
    await row.getByText('in Betrieb').first().waitFor();
    expect(await seriousAxeViolations(pm)).toEqual([]);
    const caseworker = await newPage('sb.abh');
    expect((await caseworker.goto(`${env.baseUrl}/modeler`))?.status()).toBe(403);

    // the editor
    await row.getByRole('link', { name: /Bearbeiten/ }).click();
    await pm.locator('#canvas[data-geladen="ja"]').waitFor();
    await pm.getByText('Keine Fehler oder Warnungen.').waitFor();
    expect(await seriousAxeViolations(pm)).toEqual([]);

    // a label and a condition
    await select(pm, 'Gateway_Foerdermassnahme');
    await openGroup(pm, 'Allgemein');
    await pm.locator('#eigenschaften').getByLabel('Name', { exact: true }).fill('Fördermaßnahme oder EQ?');
    await select(pm, 'Flow_FoerderJa');
    await openGroup(pm, 'Bedingung');
    await pm.locator('#eigenschaften').getByLabel('Bedingungsausdruck').click();
    await pm.keyboard.press('Control+A');
    await pm.keyboard.type(NEW_CONDITION);
    await until('the condition in the model', async () =>
      (await editorXml(pm)).includes('introductory-qualification'),
    );
    expect(await editorXml(pm)).toContain('name="Fördermaßnahme oder EQ?"');
    // only saved versions are submitted
    await pm.getByLabel('Begründung (z. B. die geänderte Rechtsgrundlage)').fill('zu früh');
    await pm.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await pm.getByRole('alert').filter({ hasText: 'Bitte speichern Sie zuerst den Entwurf' }).waitFor();

    // an unknown job type: the lint error appears on the element and in the list
    // (keyboard path: the element list beside the diagram)
    await pick(pm, 'Task_DuldungVerlaengern');
    await openGroup(pm, 'Aufgabendefinition');
    await pm.locator('#eigenschaften').getByLabel('Job-Typ').fill('unbekannter-job');
    const finding = pm.locator(
      '#pruefergebnisse li[data-element-id="Task_DuldungVerlaengern"][data-rule="platform/job-type-has-worker"]',
    );
    await finding.waitFor();
    expect(await finding.textContent()).toContain('Ausbildungsduldung verlängern');
    await pm.locator('.djs-overlays[data-container-id="Task_DuldungVerlaengern"] .bjsl-icon-error').waitFor();
    expect(await seriousAxeViolations(pm)).toEqual([]);

    // saved with the error, the draft cannot be submitted: the server names the element
    await pm.getByLabel('Kommentar zum Entwurf').fill('Zwischenstand');
    await pm.getByRole('button', { name: 'Entwurf speichern' }).click();
    await pm.getByText('Der Entwurf ist als Version 2 gespeichert.').waitFor();
    await pm
      .getByLabel('Begründung (z. B. die geänderte Rechtsgrundlage)')
      .fill('Einstiegsqualifizierung (§ 60c AufenthG)');
    await pm.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await pm.locator('#freigabe-fehler li[data-element-id="Task_DuldungVerlaengern"]').waitFor();
    expect(await pm.locator('#freigabe-fehler').textContent()).toContain('Ausbildungsduldung verlängern');

    // fixed by picking the platform's element template: the error disappears
    await pick(pm, 'Task_DuldungVerlaengern');
    await pm.locator('#eigenschaften').getByRole('button', { name: 'Vorlage wählen' }).click();
    const chooser = pm.getByRole('dialog', { name: 'Vorlage wählen' });
    await chooser.getByLabel('Vorlagen durchsuchen').waitFor();
    expect(await seriousAxeViolations(pm)).toEqual([]);
    await chooser.getByLabel('Vorlagen durchsuchen').fill('Ausbildungsduldung verlängern');
    await chooser
      .getByRole('button', { name: /^Ausbildungsduldung verlängern/ })
      .first()
      .click();
    await finding.waitFor({ state: 'detached' });
    await pm.getByText('Keine Fehler oder Warnungen.').waitFor();
    expect(await editorXml(pm)).toContain('type="abh-extend-training-toleration"');

    // saved again, then the diff against the version it was opened from
    await pm.getByLabel('Kommentar zum Entwurf').fill('Einstiegsqualifizierung ohne Begleitung');
    await pm.getByRole('button', { name: 'Entwurf speichern' }).click();
    await pm.getByText('Der Entwurf ist als Version 3 gespeichert.').waitFor();
    const editorUrl = pm.url();
    expect(editorUrl).toContain('version=3');
    await pm.getByRole('link', { name: 'Vergleich Version 1 mit Version 3' }).click();
    await pm.locator('#diagramm-bis[data-geladen="ja"]').waitFor();
    await pm.locator('#diagramm-von[data-geladen="ja"]').waitFor();
    expect(
      await pm.locator('#diagramm-bis .djs-element.diff-changed[data-element-id="Flow_FoerderJa"]').count(),
    ).toBe(1);
    expect(
      await pm
        .locator('#diagramm-bis .djs-element.diff-changed[data-element-id="Gateway_Foerdermassnahme"]')
        .count(),
    ).toBe(1);
    const changes = pm.locator('#aenderungen-zeilen tr');
    expect(
      await changes
        .filter({ hasText: 'Flow_FoerderJa' })
        .filter({ hasText: 'introductory-qualification' })
        .count(),
    ).toBeGreaterThan(0);
    expect(await changes.filter({ hasText: 'Fördermaßnahme oder EQ?' }).count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(pm)).toEqual([]);

    // submit version 3
    await pm.goto(editorUrl);
    await pm.locator('#canvas[data-geladen="ja"]').waitFor();
    await pm
      .getByLabel('Begründung (z. B. die geänderte Rechtsgrundlage)')
      .fill('Einstiegsqualifizierung (§ 60c AufenthG)');
    await pm.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await pm.getByText('Version 3 ist zur Freigabe eingereicht.', { exact: false }).waitFor();

    // the same user may not approve their own change
    await pm.goto(`${env.baseUrl}/modeler/bpmn/${PROCESS}/versionen/3`);
    await pm.getByText('Sie haben diese Version selbst gespeichert oder eingereicht.').waitFor();
    await pm.getByRole('button', { name: 'Freigeben und in Betrieb nehmen' }).click();
    const refusal = pm.getByRole('alert').filter({ hasText: 'Vier-Augen-Prinzip' });
    await refusal.waitFor();
    expect(await pm.locator('#versions-status').textContent()).toBe('zur Freigabe eingereicht');

    // a quality user finds it in the queue and approves: deployed
    const qs = await newPage('qs.klein');
    await qs.goto(`${env.baseUrl}/modeler`);
    await qs.getByRole('link', { name: /Prüfen: .* Version 3/ }).click();
    await qs.getByText('Einstiegsqualifizierung (§ 60c AufenthG)').first().waitFor();
    expect(await seriousAxeViolations(qs)).toEqual([]);
    await qs.getByLabel('Kommentar zur Entscheidung (bei Ablehnung Pflichtangabe)').fill('Geprüft, passt.');
    await qs.getByRole('button', { name: 'Freigeben und in Betrieb nehmen' }).click();
    await qs.getByText('Die Version ist freigegeben und in Betrieb genommen.').waitFor();
    expect(await qs.locator('#versions-status').textContent()).toBe('in Betrieb');
    const history = qs.locator('tr[data-schritt]');
    expect(await history.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.schritt))).toEqual(
      expect.arrayContaining(['saved', 'submitted', 'approved', 'deployed']),
    );
    const newVersion = Number(
      await qs
        .locator('dt', { hasText: 'Engine-Version' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    );
    expect(newVersion).toBeGreaterThan(oldVersion);

    // a new instance runs the new version and takes the new condition straight to the end ...
    const fresh = await zeebe.createProcessInstance({
      bpmnProcessId: PROCESS,
      variables: { caseId: 'nachher-1', variant: 'introductory-qualification' },
    });
    expect(Number(fresh.version)).toBe(newVersion);
    await until(
      'the new instance ends',
      async () => (await engine.inspect.instance(fresh.processInstanceKey))?.state === 'COMPLETED',
    );

    // ... while the old one is still on its version and finishes there
    const before = await engine.inspect.instance(old.processInstanceKey);
    expect(before).toMatchObject({ state: 'ACTIVE', version: oldVersion });
    await zeebe.publishMessage({
      name: 'AusbildungBestanden',
      correlationKey: 'vorher-1',
      variables: {},
      timeToLive: 0,
    });
    await until(
      'the old instance ends',
      async () => (await engine.inspect.instance(old.processInstanceKey))?.state === 'COMPLETED',
    );
    expect((await engine.inspect.instance(old.processInstanceKey))?.version).toBe(oldVersion);

    // the catalogue shows both versions
    await qs.goto(`${env.baseUrl}/modeler`);
    const versions = qs.locator(`#prozesse tr[data-resource="${PROCESS}"] li[data-version]`);
    expect(await versions.filter({ hasText: 'Version 3' }).filter({ hasText: 'in Betrieb' }).count()).toBe(1);
    expect(await versions.filter({ hasText: 'Version 1' }).count()).toBe(1);
    expect(
      await qs.locator(`#prozesse tr[data-resource="${PROCESS}"] .neue-instanzen`).textContent(),
    ).toContain('Version 3');
  });

  it('edits a form in the form editor, saves, diffs, submits; quality rejects with a reason', async () => {
    const form = 'abh-training-toleration-exam-status';
    const pm = await newPage('pm.berg');
    await pm.goto(`${env.baseUrl}/modeler`);
    await pm.getByText(/Alle \d+ Formulare anzeigen/).click();
    await pm
      .locator(`#formulare tr[data-resource="${form}"]`)
      .getByRole('link', { name: /Bearbeiten/ })
      .click();
    await pm.locator('#form-editor[data-geladen="ja"]').waitFor();
    expect(await seriousAxeViolations(pm)).toEqual([]);

    await pm.locator('#form-editor [data-id="Field_examStatus"]').click();
    // the panel re-renders for the field; until then its groups are the form's
    await pm
      .locator('#eigenschaften .bio-properties-panel-header-label')
      .filter({ hasText: 'Stand der Ausbildung' })
      .waitFor();
    await openGroup(pm, 'General');
    const label = pm.locator('#eigenschaften').getByLabel('Field label');
    await label.click();
    await pm.keyboard.press('Control+A');
    await pm.keyboard.type('Stand der Ausbildung laut Betrieb');
    await until('the label in the schema', async () =>
      pm.evaluate(() => {
        const w = window as unknown as { miaFormEditor: { saveSchema(): unknown } };
        return JSON.stringify(w.miaFormEditor.saveSchema()).includes('laut Betrieb');
      }),
    );
    await pm.getByLabel('Kommentar zum Entwurf').fill('Bezeichnung präzisiert');
    await pm.getByRole('button', { name: 'Entwurf speichern' }).click();
    await pm.getByText('Der Entwurf ist als Version 2 gespeichert.').waitFor();

    await pm.getByRole('link', { name: 'Vergleich Version 1 mit Version 2' }).click();
    const row = pm.locator('#aenderungen-zeilen tr').filter({ hasText: 'Stand der Ausbildung laut Betrieb' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('Field_examStatus');

    // submitted, then rejected by quality with a reason that the history keeps
    await pm.goto(`${env.baseUrl}/modeler/form/${form}?version=2`);
    await pm.locator('#form-editor[data-geladen="ja"]').waitFor();
    await pm.getByLabel('Begründung (z. B. die geänderte Rechtsgrundlage)').fill('Klarere Bezeichnung');
    await pm.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await pm.getByText('Version 2 ist zur Freigabe eingereicht.', { exact: false }).waitFor();
    const qs = await newPage('qs.klein');
    await qs.goto(`${env.baseUrl}/modeler/form/${form}/versionen/2`);
    await qs.getByRole('button', { name: 'Ablehnen' }).click();
    await qs.getByRole('alert').filter({ hasText: 'Bitte begründen Sie die Ablehnung' }).waitFor();
    await qs
      .getByLabel('Kommentar zur Entscheidung (bei Ablehnung Pflichtangabe)')
      .fill('Begriff „Betrieb“ ist mehrdeutig.');
    await qs.getByRole('button', { name: 'Ablehnen' }).click();
    await qs.getByText('Die Version ist abgelehnt.').waitFor();
    expect(await qs.locator('#versions-status').textContent()).toBe('abgelehnt');
    expect(await qs.locator('tr[data-schritt="rejected"]').textContent()).toContain(
      'Begriff „Betrieb“ ist mehrdeutig.',
    );
  });

  it('refuses a hostile .bpmn import and unknown models with German messages', async () => {
    const pm = await newPage('pm.berg');
    await pm.goto(`${env.baseUrl}/modeler`);
    const before = await pm.locator('#prozesse tbody tr').count();
    const hostile = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">',
      '<bpmn:process id="boese" isExecutable="true"><bpmn:startEvent id="s" name="&lol2;" /></bpmn:process>',
      '</bpmn:definitions>',
    ].join('\n');
    await pm.getByLabel('Datei (.bpmn oder .form, höchstens 2 MB)').setInputFiles({
      name: 'boese.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(hostile),
    });
    await pm.getByRole('button', { name: 'Importieren' }).click();
    const alert = pm.locator('#meldung');
    await alert.filter({ hasText: /DOCTYPE|Entit/ }).waitFor();
    await pm.reload();
    expect(await pm.locator('#prozesse tbody tr').count()).toBe(before);
    expect(await pm.locator('#prozesse tr[data-resource="boese"]').count()).toBe(0);

    // unknown models and versions: a German 404 page
    expect((await pm.goto(`${env.baseUrl}/modeler/bpmn/gibt-es-nicht`))?.status()).toBe(404);
    await pm.getByRole('heading', { name: 'Nicht gefunden' }).waitFor();
    expect((await pm.goto(`${env.baseUrl}/modeler/bpmn/${PROCESS}?version=99`))?.status()).toBe(404);
    expect((await pm.goto(`${env.baseUrl}/modeler/bpmn/${PROCESS}/versionen/99`))?.status()).toBe(404);
  });
});
