/// <reference lib="dom" />
/**
 * The process editor in the browser (/modeler/bpmn/:id): bpmn-js Modeler with the Zeebe properties
 * panel, the platform's element templates (GET /api/modeler/element-templates) and live lint
 * (bpmn-js-bpmnlint with the platform's own configuration, the same code the server lints with; facts
 * from GET /api/modeler/platform-facts). Findings are marked on the elements and listed by element
 * beside the diagram. Drafts are saved as versions and submitted for release (release-controls).
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import LintingModule from 'bpmn-js-bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { platformLintConfig } from '../../modeler/lint/lint-config';
import type { PlatformFacts } from '../../modeler/lint/lint.types';
import {
  announce,
  byId,
  errorText,
  getJson,
  onPageReady,
  pageData,
  resourceApi,
  statusLabel,
  type EditorPageData,
  type VersionAnswer,
} from './modeler/api';
import ElementPickerModule from './modeler/element-picker';
import JobBasedUserTasksModule from './modeler/job-based-user-tasks';
import GermanModule from './modeler/german';
import LintListModule from './modeler/lint-list';
import type { LintList } from './modeler/lint-list/lint-list';
import { wireReleaseControls, type EditorState } from './modeler/release-controls';
import TemplateChooserModule from './modeler/template-chooser';
import './modeler/modeler.css';
import './modeler/pages.css';

interface ElementRegistry {
  get(id: string): { businessObject?: { name?: string } } | undefined;
}

/** diagram-js' command stack; its index says how far the model is from the loaded state */
interface CommandStack {
  _stackIdx: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface ViewboxCanvas {
  viewbox(): Box & { inner: Box; outer: Box };
  viewbox(box: Box): void;
}

/** like zoom('fit-viewport'), but keeps the diagram clear of the palette on the left */
function fitBesidePalette(canvas: ViewboxCanvas): void {
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const [left, pad] = [120, 20];
  const scale = Math.min(
    (outer.width - left - pad) / inner.width,
    (outer.height - 2 * pad) / inner.height,
    1,
  );
  canvas.viewbox({
    x: inner.x - left / scale,
    y: inner.y - pad / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  });
}

async function main(): Promise<void> {
  const data = pageData<EditorPageData>('modeler-daten');
  const canvas = byId('canvas');
  if (!canvas) return;
  try {
    const [version, facts, templates] = await Promise.all([
      getJson<VersionAnswer>(`${resourceApi('bpmn', data.resourceId)}/versions/${data.version}`),
      getJson<PlatformFacts>('/api/modeler/platform-facts'),
      getJson<unknown[]>('/api/modeler/element-templates'),
    ]);

    const modeler = new BpmnModeler({
      container: canvas,
      propertiesPanel: { parent: '#eigenschaften' },
      additionalModules: [
        GermanModule,
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
        JobBasedUserTasksModule,
        CloudElementTemplatesPropertiesProviderModule,
        TemplateChooserModule,
        LintingModule,
        LintListModule,
        ElementPickerModule,
      ],
      moddleExtensions: { zeebe: zeebeModdle },
      elementTemplates: templates,
      linting: { active: true, bpmnlint: platformLintConfig(facts) },
      lintList: { container: byId('pruefergebnisse') },
      elementPicker: { select: byId('element-auswahl') },
    } as ConstructorParameters<typeof BpmnModeler>[0]);

    await modeler.importXML(version.content);
    fitBesidePalette(modeler.get<ViewboxCanvas>('canvas'));

    // "dirty": changed since the last load or save (the command stack's position then)
    const stack = modeler.get<CommandStack>('commandStack');
    let position = stack._stackIdx;
    let savedAt = position;
    modeler.on('commandStack.changed', () => {
      position = stack._stackIdx;
    });
    const registry = modeler.get<ElementRegistry>('elementRegistry');

    const state: EditorState = {
      kind: 'bpmn',
      resourceId: data.resourceId,
      version: version.number,
      loadedFrom: version.number,
    };
    const controls = wireReleaseControls(state, {
      content: async () => (await modeler.saveXML({ format: true })).xml ?? '',
      dirty: () => position !== savedAt,
      markSaved: () => {
        savedAt = position;
      },
      elementName: (id) => {
        const name = registry.get(id)?.businessObject?.name?.trim();
        return name ? `${name} (${id})` : id;
      },
      exportName: `${data.resourceId}.bpmn`,
      exportType: 'application/xml',
    });
    controls.showVersion(statusLabel(version.status));
    canvas.dataset.geladen = 'ja';

    // for tests and the console: the modeler and its lint list
    (window as unknown as { miaModeler: unknown }).miaModeler = {
      modeler,
      lintList: modeler.get<LintList>('lintList'),
    };
  } catch (error) {
    canvas.dataset.geladen = 'fehler';
    announce('meldung', `Der Editor konnte nicht geladen werden. ${errorText(error)}`, 'error');
  }
}

onPageReady(main);
