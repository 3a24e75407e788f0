import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBpmnXml } from './model-content';
import { diffBpmn, diffForm } from './model-diff';

const ROOT = join(__dirname, '..', '..');
const XML = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');

describe('diff between two versions', () => {
  it('finds nothing between equal models', async () => {
    expect(diffBpmn(await parseBpmnXml(XML), await parseBpmnXml(XML))).toEqual({
      added: [],
      removed: [],
      changed: [],
      layoutChanged: [],
    });
  });

  it('lists a changed label, condition and job type with before and after, and moved shapes', async () => {
    const changedXml = XML.replace('name="Beschwerde registrieren"', 'name="Beschwerde aufnehmen"')
      .replace('type="bs-register-complaint"', 'type="bs-register-complaint-v2"')
      .replace('=complaintRoute = &quot;legal-remedy&quot;', '=complaintRoute = &quot;court&quot;')
      .replace(
        /(<bpmndi:BPMNShape id="[^"]*" bpmnElement="Task_Einordnen"[^>]*>\s*<dc:Bounds x=")(\d+)/,
        (_m, a: string, x: string) => `${a}${Number(x) + 20}`,
      );
    const diff = diffBpmn(await parseBpmnXml(XML), await parseBpmnXml(changedXml));
    const changes = Object.fromEntries(
      diff.changed.map((c) => [c.id, c.changes.map((x) => [x.label, x.from, x.to])]),
    );
    expect(changes.Task_BeschwerdeRegistrieren).toEqual([
      ['Name', 'Beschwerde registrieren', 'Beschwerde aufnehmen'],
    ]);
    expect(changes.Task_AktenzeichenVergeben).toEqual([
      ['Job-Typ', 'bs-register-complaint', 'bs-register-complaint-v2'],
    ]);
    expect(Object.values(changes).flat()).toContainEqual([
      'Bedingung',
      '=complaintRoute = "legal-remedy"',
      '=complaintRoute = "court"',
    ]);
    expect(diff.layoutChanged).toEqual(['Task_Einordnen']);
  });

  it('lists added and removed elements', async () => {
    const withAnnotation = XML.replace(
      '</bpmn:process>',
      '<bpmn:textAnnotation id="Note_1"><bpmn:text>Neu</bpmn:text></bpmn:textAnnotation></bpmn:process>',
    );
    const a = await parseBpmnXml(XML);
    const b = await parseBpmnXml(withAnnotation);
    expect(diffBpmn(a, b).added).toEqual([{ id: 'Note_1', type: 'bpmn:TextAnnotation' }]);
    expect(diffBpmn(b, a).removed).toEqual([{ id: 'Note_1', type: 'bpmn:TextAnnotation' }]);
  });

  it('compares forms field by field', () => {
    const before = {
      id: 'f',
      type: 'default',
      components: [
        { id: 'a', key: 'a', type: 'textfield', label: 'Alt' },
        { id: 'b', type: 'text', text: 'Hinweis' },
      ],
    };
    const after = {
      id: 'f',
      type: 'default',
      components: [
        { id: 'b', type: 'text', text: 'Hinweis' },
        { id: 'a', key: 'a', type: 'textfield', label: 'Neu' },
        { id: 'c', key: 'c', type: 'number', label: 'Zahl' },
      ],
    };
    const diff = diffForm(before, after);
    expect(diff.added).toEqual([{ id: 'c', type: 'number', name: 'Zahl' }]);
    expect(diff.changed).toEqual([
      {
        id: 'a',
        type: 'textfield',
        name: 'Neu',
        changes: [{ property: 'label', label: 'Beschriftung', from: 'Alt', to: 'Neu' }],
      },
    ]);
    expect(diff.layoutChanged).toEqual(['a', 'b']);
  });
});
