import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkBpmn,
  checkForm,
  kindOfFileName,
  MAX_CONTENT_BYTES,
  MAX_FORM_DEPTH,
  MAX_XML_DEPTH,
  MAX_XML_ELEMENTS,
} from './model-content';

const ROOT = join(__dirname, '..', '..');
const XML = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');
const FORM = readFileSync(join(ROOT, 'forms', 'bs-complaint-register.form'), 'utf8');

/** the complaint process with more tasks: small elements, well under 2 MB */
const manyTasks = (n: number) =>
  XML.replace(
    '</bpmn:process>',
    `${Array.from({ length: n }, (_, i) => `<bpmn:task id="Extra_${i}" />`).join('')}</bpmn:process>`,
  );

/** the complaint process with a chain of sub-processes, each inside the one before */
const nested = (depth: number) =>
  XML.replace(
    '</bpmn:process>',
    `${Array.from({ length: depth }, (_, i) => `<bpmn:subProcess id="Sub_${i}" name="a > b">`).join('')}${'</bpmn:subProcess>'.repeat(depth)}</bpmn:process>`,
  );

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('accepted');
}

describe('checks of uploaded models and forms', () => {
  it('accepts a shipped process and names it', async () => {
    await expect(checkBpmn(XML, 'complaint-management')).resolves.toMatchObject({
      processId: 'complaint-management',
      name: expect.any(String),
    });
  });

  it.each([
    ['over 2 MB', XML + ' '.repeat(MAX_CONTENT_BYTES), 'PAYLOAD_TOO_LARGE', /2 MB/],
    ['a DOCTYPE', XML.replace('?>', '?><!DOCTYPE x>'), 'INVALID_BPMN', /DOCTYPE-Deklaration \(Zeile 1\)/],
    ['an ENTITY', XML.replace('?>', '?>\n<!ENTITY x "y">'), 'INVALID_BPMN', /ENTITY-Deklaration \(Zeile 2\)/],
    [
      'broken XML',
      XML.replace('</bpmn:process>', ''),
      'INVALID_BPMN',
      /kein gültiges BPMN-XML: Zeile \d+, Spalte \d+/,
    ],
    ['no XML at all', 'hallo', 'INVALID_BPMN', /kein XML/],
    [
      'an unknown BPMN element',
      XML.replace('<bpmn:endEvent ', '<bpmn:fooEvent x="1" /><bpmn:endEvent '),
      'INVALID_BPMN',
      /bpmn:FooEvent/,
    ],
    ['another process id', XML, 'INVALID_BPMN', /erwartet wird „other“/],
    [
      `more than ${MAX_XML_ELEMENTS} elements`,
      manyTasks(MAX_XML_ELEMENTS),
      'INVALID_BPMN',
      /zu viele Elemente \(mehr als 5\.000 XML-Elemente\)/,
    ],
    [
      `sub-processes nested deeper than ${MAX_XML_DEPTH} levels`,
      nested(MAX_XML_DEPTH),
      'INVALID_BPMN',
      /zu tief verschachtelt \(mehr als 50 Ebenen, Zeile \d+\)/,
    ],
    [
      'ten thousand nested sub-processes (would overflow the stack)',
      nested(10_000),
      'INVALID_BPMN',
      /zu tief verschachtelt/,
    ],
    [
      'a process that is not executable',
      XML.replace('isExecutable="true"', 'isExecutable="false"'),
      'INVALID_BPMN',
      /ausführbar/,
    ],
  ])('refuses %s', async (_what, xml, code, message) => {
    const result = await refusal(checkBpmn(xml, _what === 'another process id' ? 'other' : undefined));
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('accepts nesting and element counts well beyond the shipped processes (">" in attribute values too)', async () => {
    await expect(checkBpmn(nested(20))).resolves.toMatchObject({ processId: 'complaint-management' });
    await expect(checkBpmn(manyTasks(MAX_XML_ELEMENTS / 2))).resolves.toMatchObject({
      processId: 'complaint-management',
    });
  });

  it('accepts a shipped form and refuses what is not a form-js schema', () => {
    expect(checkForm(FORM, 'bs-complaint-register').formId).toBe('bs-complaint-register');
    const codeOf = (json: string, id?: string) => {
      try {
        checkForm(json, id);
        return 'accepted';
      } catch (error) {
        return `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
    };
    expect(codeOf('{')).toMatch(/^INVALID_FORM: .*kein gültiges JSON/);
    expect(codeOf('[]')).toMatch(/^INVALID_FORM/);
    expect(codeOf('{"id":"x","type":"wizard","components":[]}')).toMatch(/"type" muss "default" sein/);
    expect(codeOf('{"id":"x","type":"default","components":[{"label":"ohne Typ"}]}')).toMatch(
      /Feld ohne "type"/,
    );
    expect(codeOf(FORM, 'other')).toMatch(/erwartet wird „other“/);
    const groups = (depth: number): string =>
      `{"id":"x","type":"default","components":[${'{"type":"group","components":['.repeat(depth)}${']}'.repeat(depth)}]}`;
    expect(codeOf(groups(MAX_FORM_DEPTH - 1))).toBe('accepted');
    expect(codeOf(groups(MAX_FORM_DEPTH))).toMatch(/^INVALID_FORM: .*mehr als 20 verschachtelte Ebenen/);
    expect(codeOf(groups(20_000))).toMatch(/^INVALID_FORM: .*verschachtelte Ebenen/);
  });

  it('tells .bpmn from .form by the file name', () => {
    expect(['a.bpmn', 'B.BPMN', 'c.form', 'd.xml'].map(kindOfFileName)).toEqual([
      'bpmn',
      'bpmn',
      'form',
      null,
    ]);
  });
});
