import { compileResource } from './compile';
import { ModelError } from './model.types';

/** Zeebe refuses models with a DTD (disallow-doctype-decl); so does the embedded engine's deploy. */
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';
const model = (prolog: string): Buffer =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<bpmn:definitions ${NS} id="d" targetNamespace="t">` +
      `<bpmn:process id="p" name="&xxe;" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`,
  );

describe('embedded engine: models with DOCTYPE or ENTITY declarations', () => {
  it.each([
    ['XXE to /etc/passwd', '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', 'DOCTYPE'],
    [
      'billion laughs',
      '<!DOCTYPE d [<!ENTITY lol "lol"><!ENTITY xxe "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n',
      'DOCTYPE',
    ],
    ['a bare ENTITY', '<!ENTITY xxe "x">\n', 'ENTITY'],
  ])('refuses %s with an error naming the declaration', async (_what, prolog, kind) => {
    const refused = compileResource('evil.bpmn', model(prolog));
    await expect(refused).rejects.toBeInstanceOf(ModelError);
    await expect(compileResource('evil.bpmn', model(prolog))).rejects.toThrow(
      `'evil.bpmn': ${kind} is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true (line 2`,
    );
  });

  it('still compiles the same model without the declaration', async () => {
    const xml = model('').toString('utf8').replace('&xxe;', 'P');
    await expect(compileResource('ok.bpmn', Buffer.from(xml))).resolves.toMatchObject({ kind: 'bpmn' });
  });
});
