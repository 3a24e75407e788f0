/**
 * The case process models (processes/*.bpmn) and their forms (forms/*.form) fit together and follow the
 * platform's rules: they pass bpmnlint with camunda-compat for Zeebe 8.6 (so they deploy to a real
 * Zeebe), every user task has an existing form and a real agency unit as candidate group, lanes are
 * named after units, messages correlate on the case id.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AGENCY_UNITS, isAgencyUnit } from '../../../src/agencies/units';
import { loadForms } from '../../../src/forms';
import { ext, parseAllModels, ROOT, type ModdleElement, type ParsedModel } from '../../utils/models';

const { Linter } = require('bpmnlint') as {
  Linter: new (o: object) => {
    lint(root: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>>;
  };
};

const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => object;

const CASE_PROCESSES = [
  'arrival-reception',
  'asylblg-benefits',
  'employment-toleration',
  'training-toleration',
  'return-management',
  'complaint-management',
];

describe('case process models and forms', () => {
  let models: ParsedModel[];
  const forms = loadForms();
  const config = JSON.parse(readFileSync(join(ROOT, '.bpmnlintrc'), 'utf8')) as object;

  beforeAll(async () => {
    models = await parseAllModels();
  });

  const userTasks = () => models.flatMap((m) => m.elements.filter((e) => e.type === 'bpmn:UserTask'));
  const processesOf = (m: ParsedModel) =>
    ((m.definitions.rootElements as ModdleElement[]) ?? []).filter((r) => r.$type === 'bpmn:Process');

  it('has the six case processes of the agency', () => {
    const ids = models.flatMap((m) => processesOf(m).map((p) => p.id));
    expect(ids).toEqual(expect.arrayContaining(CASE_PROCESSES));
  });

  it('parses every model without warnings', () => {
    expect(models.filter((m) => m.warnings.length).map((m) => [relative(ROOT, m.file), m.warnings])).toEqual(
      [],
    );
  });

  it('passes bpmnlint (recommended + camunda-compat for Zeebe 8.6) without errors or warnings', async () => {
    const problems: string[] = [];
    for (const model of models) {
      const linter = new Linter({ config, resolver: new NodeResolver() });
      const results = await linter.lint(model.definitions);
      for (const [rule, reports] of Object.entries(results)) {
        for (const r of reports)
          problems.push(`${relative(ROOT, model.file)} ${r.id}: ${rule} ${r.category}: ${r.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every user task a form from forms/ and a real agency unit as candidate group', () => {
    const wrong = userTasks()
      .filter(
        (t) =>
          !t.formId ||
          !forms.has(t.formId) ||
          !t.candidateGroups ||
          !candidateGroupsAreUnits(t.processId, t.candidateGroups),
      )
      .map((t) => `${t.processId}#${t.id} form=${t.formId} groups=${t.candidateGroups}`);
    expect(wrong).toEqual([]);
  });

  /**
   * Static groups must be unit codes. A FEEL expression may only combine unit-code literals and variables
   * that a form of the same process sets from a select list offering unit codes only.
   */
  function candidateGroupsAreUnits(processId: string, groups: string): boolean {
    if (!groups.startsWith('=')) return groups.split(',').every((g) => isAgencyUnit(g.trim()));
    const literals = [...groups.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    const identifiers =
      groups
        .slice(1)
        .replace(/"[^"]*"/g, '')
        .match(/[A-Za-z_][A-Za-z0-9_]*/g)
        ?.filter(
          (w) =>
            ![
              'if',
              'then',
              'else',
              'null',
              'distinct',
              'values',
              'and',
              'or',
              'not',
              'true',
              'false',
            ].includes(w),
        ) ?? [];
    const processForms = userTasks()
      .filter((t) => t.processId === processId && t.formId)
      .map((t) => forms.get(t.formId!))
      .filter((f) => f !== undefined);
    const unitSelect = (key: string) =>
      processForms.some((f) =>
        f.components.some(
          (c) =>
            c.key === key &&
            (c.type === 'select' || c.type === 'radio') &&
            (c.values ?? []).length > 0 &&
            (c.values ?? []).every((v) => isAgencyUnit(String(v.value))),
        ),
      );
    return literals.every(isAgencyUnit) && identifiers.length > 0 && identifiers.every(unitSelect);
  }

  it('uses every form in forms/ in some user task, each form once per task', () => {
    const used = new Set(userTasks().map((t) => t.formId));
    expect([...forms.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it('writes every form in German with the platform schema settings', () => {
    for (const [id, form] of forms) {
      const raw = JSON.parse(readFileSync(join(ROOT, 'forms', `${id}.form`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect({ id, type: raw.type, platform: raw.executionPlatform }).toEqual({
        id,
        type: 'default',
        platform: 'Camunda Cloud',
      });
      const unlabeled = JSON.stringify(form.components).match(/"key":"[^"]+"(?![^{}]*"label")/g);
      expect({ id, unlabeled }).toEqual({ id, unlabeled: null });
    }
  });

  it('uses only form-js component types, with unique ids and keys in every form', () => {
    const known = new Set([
      'text',
      'html',
      'textfield',
      'textarea',
      'number',
      'checkbox',
      'checklist',
      'radio',
      'select',
      'taglist',
      'datetime',
      'group',
      'dynamiclist',
      'separator',
      'spacer',
      'expression',
      'button',
      'image',
      'table',
      'iframe',
      'filepicker',
    ]);
    for (const [id, form] of forms) {
      const all: { type: string; id?: string; key?: string }[] = [];
      const walk = (components: { type: string; id?: string; key?: string; components?: unknown[] }[]) => {
        for (const c of components) {
          all.push(c);
          if (Array.isArray(c.components)) walk(c.components as typeof components);
        }
      };
      walk(form.components as never);
      const unknownTypes = all.filter((c) => !known.has(c.type)).map((c) => c.type);
      const ids = all.map((c) => c.id).filter(Boolean);
      const keys = all.map((c) => c.key).filter(Boolean);
      expect({
        id,
        unknownTypes,
        duplicateIds: ids.filter((x, i) => ids.indexOf(x) !== i),
        duplicateKeys: keys.filter((x, i) => keys.indexOf(x) !== i),
      }).toEqual({
        id,
        unknownTypes: [],
        duplicateIds: [],
        duplicateKeys: [],
      });
    }
  });

  it('has lanes named after agency units, and every flow node of a case process in a lane', () => {
    const problems: string[] = [];
    for (const model of models) {
      for (const process of processesOf(model)) {
        if (
          !CASE_PROCESSES.includes(process.id ?? '') &&
          !(process.laneSets as unknown[] | undefined)?.length
        )
          continue;
        const lanes = ((process.laneSets as ModdleElement[] | undefined) ?? []).flatMap(
          (ls) => (ls.lanes as ModdleElement[] | undefined) ?? [],
        );
        if (!lanes.length) problems.push(`${process.id}: no lanes`);
        for (const lane of lanes) {
          const code = String(lane.name ?? '')
            .split(/\s+[–-]\s+/)[0]
            .toUpperCase();
          if (!isAgencyUnit(code) && code !== 'BA')
            problems.push(
              `${process.id} lane "${lane.name}" is no unit (${Object.keys(AGENCY_UNITS).join(', ')})`,
            );
        }
        const inLane = new Set(
          lanes.flatMap((l) => ((l.flowNodeRef as ModdleElement[] | undefined) ?? []).map((n) => n.id)),
        );
        const topLevel = ((process.flowElements as ModdleElement[] | undefined) ?? []).filter(
          (e) => e.$type !== 'bpmn:SequenceFlow',
        );
        for (const node of topLevel)
          if (!inLane.has(node.id)) problems.push(`${process.id}#${node.id} is in no lane`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('correlates every message on the case id', () => {
    const wrong = models.flatMap((m) =>
      ((m.definitions.rootElements as ModdleElement[]) ?? [])
        .filter((r) => r.$type === 'bpmn:Message')
        .filter((msg) => {
          const key = ext(msg, 'zeebe:Subscription')?.correlationKey as string | undefined;
          // a message used only by message start events has no subscription
          return key !== undefined && key.replace(/\s/g, '') !== '=caseId';
        })
        .map((msg) => `${relative(ROOT, m.file)} ${msg.name}`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps every case process between 10 and 30 flow elements, as the brief lays them out', () => {
    const counts = models.flatMap((m) =>
      processesOf(m)
        .filter((p) => CASE_PROCESSES.includes(p.id ?? ''))
        .map((p) => ({
          id: p.id,
          n: m.elements.filter((e) => e.processId === p.id && e.type !== 'bpmn:SequenceFlow').length,
        })),
    );
    for (const { id, n } of counts)
      expect({ id, ok: n >= 10 && n <= 30 ? true : n }).toEqual({ id, ok: true });
  });

  it('has a diagram shape for every flow element and lane, so that the editor can open it', () => {
    const missing: string[] = [];
    for (const model of models) {
      const diagrams = (model.definitions.diagrams as ModdleElement[] | undefined) ?? [];
      const drawn = new Set(
        diagrams.flatMap((d) =>
          (((d.plane as ModdleElement).planeElement as ModdleElement[] | undefined) ?? []).map(
            (pe) => (pe.bpmnElement as ModdleElement | undefined)?.id,
          ),
        ),
      );
      for (const el of model.elements)
        if (!drawn.has(el.id)) missing.push(`${relative(ROOT, model.file)}#${el.id}`);
    }
    expect(missing).toEqual([]);
  });
});
