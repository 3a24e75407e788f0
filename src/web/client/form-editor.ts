/// <reference lib="dom" />
/**
 * The form editor in the browser (/modeler/form/:id): the form-js editor with its properties panel, on
 * a version of a form of forms/ (GET /api/modeler/resources/form/:id/versions/:n). Same draft and
 * release flow as the process editor (release-controls).
 */
import { FormEditor } from '@bpmn-io/form-js-editor';
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
import { wireReleaseControls, type EditorState } from './modeler/release-controls';
import './modeler/form-editor.css';
import './modeler/pages.css';

interface SchemaComponent {
  id?: string;
  key?: string;
  label?: string;
  components?: SchemaComponent[];
}

function findComponent(components: SchemaComponent[] | undefined, id: string): SchemaComponent | null {
  for (const c of components ?? []) {
    if (c.id === id || c.key === id) return c;
    const inner = findComponent(c.components, id);
    if (inner) return inner;
  }
  return null;
}

async function main(): Promise<void> {
  const data = pageData<EditorPageData>('modeler-daten');
  const container = byId('form-editor');
  if (!container) return;
  try {
    const version = await getJson<VersionAnswer>(
      `${resourceApi('form', data.resourceId)}/versions/${data.version}`,
    );
    const editor = new FormEditor({
      container,
      propertiesPanel: { parent: '#eigenschaften' },
      exporter: { name: 'MiA Prozessplattform', version: '0.1.0' },
    });
    await editor.importSchema(JSON.parse(version.content));

    let dirty = false;
    let loaded = false;
    editor.on('changed', () => {
      if (loaded) dirty = true;
    });
    loaded = true;

    const state: EditorState = {
      kind: 'form',
      resourceId: data.resourceId,
      version: version.number,
      loadedFrom: version.number,
    };
    const controls = wireReleaseControls(state, {
      content: async () => `${JSON.stringify(editor.saveSchema(), null, 2)}\n`,
      dirty: () => dirty,
      markSaved: () => {
        dirty = false;
      },
      elementName: (id) => {
        const c = findComponent((editor.getSchema() as { components?: SchemaComponent[] }).components, id);
        return c?.label ? `${c.label} (${id})` : id;
      },
      exportName: `${data.resourceId}.form`,
      exportType: 'application/json',
    });
    controls.showVersion(statusLabel(version.status));
    container.dataset.geladen = 'ja';
    (window as unknown as { miaFormEditor: unknown }).miaFormEditor = editor;
  } catch (error) {
    container.dataset.geladen = 'fehler';
    announce('meldung', `Der Formular-Editor konnte nicht geladen werden. ${errorText(error)}`, 'error');
  }
}

onPageReady(main);
