import { assertNoXmlDeclarations, findXmlDeclaration, UnsafeXmlError } from './xml-safety';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const BODY = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>';

describe('findXmlDeclaration', () => {
  it.each([
    [
      'XXE to /etc/passwd',
      `${HEAD}\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${BODY}`,
      'DOCTYPE',
      2,
    ],
    [
      'billion laughs',
      `${HEAD}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${BODY}`,
      'DOCTYPE',
      1,
    ],
    ['an ENTITY without DOCTYPE', `${HEAD}\n\n<!ENTITY x "y">${BODY}`, 'ENTITY', 3],
    ['lower case', `${HEAD}<!doctype x>${BODY}`, 'DOCTYPE', 1],
    ['whitespace after <!', `${HEAD}<! DOCTYPE x>${BODY}`, 'DOCTYPE', 1],
    [
      'UTF-16 text read as UTF-8',
      Buffer.from(`${HEAD}<!DOCTYPE x>${BODY}`, 'utf16le').toString('utf8'),
      'DOCTYPE',
      1,
    ],
  ])('finds %s', (_what, xml, kind, line) => {
    expect(findXmlDeclaration(xml)).toEqual({ kind, line });
  });

  it('passes ordinary models, comments and CDATA', () => {
    expect(findXmlDeclaration(`${HEAD}${BODY}`)).toBeNull();
    expect(findXmlDeclaration(`${HEAD}<!-- Kommentar --><![CDATA[x]]>${BODY}`)).toBeNull();
    expect(findXmlDeclaration('Dokumenttyp: &amp; Entität')).toBeNull();
  });
});

describe('assertNoXmlDeclarations', () => {
  it('throws a German message naming the declaration and its line', () => {
    expect(() => assertNoXmlDeclarations(`${HEAD}\n<!DOCTYPE x>${BODY}`)).toThrow(UnsafeXmlError);
    expect(() => assertNoXmlDeclarations(`${HEAD}\n<!DOCTYPE x>${BODY}`)).toThrow(
      'Die Datei enthält eine DOCTYPE-Deklaration (Zeile 2); solche Dateien werden aus Sicherheitsgründen abgelehnt.',
    );
    expect(() => assertNoXmlDeclarations(`${HEAD}${BODY}`)).not.toThrow();
  });
});
