/**
 * XML from outside (BPMN uploads, imports, deployments) must not carry a document type declaration:
 * a DTD is how external entities (XXE, e.g. `<!ENTITY x SYSTEM "file:///etc/passwd">`) and entity
 * expansion bombs ("billion laughs") get in. No model needs one, and Zeebe refuses them too, so the
 * platform refuses every file with `<!DOCTYPE` or `<!ENTITY` before any parser sees it, instead of
 * relying on what a parser happens to expand.
 *
 * Kept free of imports: the modeler and every other parse point use it; the sealed embedded engine
 * carries the same rule (src/engine/embedded/model/compile.ts).
 */

export type XmlDeclarationKind = 'DOCTYPE' | 'ENTITY';

export interface XmlDeclarationHazard {
  kind: XmlDeclarationKind;
  /** 1-based line of the declaration */
  line: number;
}

// also the forms parsers tolerate (lower case, whitespace after "<!"); UTF-16 text read as UTF-8 has
// NULs between the characters, which are dropped before the search
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;
const NUL = String.fromCharCode(0);

/** the first DOCTYPE or ENTITY declaration in the text, or null */
export function findXmlDeclaration(xml: string): XmlDeclarationHazard | null {
  const text = xml.includes(NUL) ? xml.split(NUL).join('') : xml;
  const m = DECLARATION.exec(text);
  if (!m) return null;
  let line = 1;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return { kind: m[1].toUpperCase() as XmlDeclarationKind, line };
}

/** German message naming the problem, for the API and the pages */
export function xmlDeclarationMessage(hazard: XmlDeclarationHazard): string {
  return `Die Datei enthält eine ${hazard.kind}-Deklaration (Zeile ${hazard.line}); solche Dateien werden aus Sicherheitsgründen abgelehnt.`;
}

export class UnsafeXmlError extends Error {
  constructor(readonly hazard: XmlDeclarationHazard) {
    super(xmlDeclarationMessage(hazard));
    this.name = 'UnsafeXmlError';
  }
}

/** throws UnsafeXmlError when the text declares a DOCTYPE or an ENTITY */
export function assertNoXmlDeclarations(xml: string): void {
  const hazard = findXmlDeclaration(xml);
  if (hazard) throw new UnsafeXmlError(hazard);
}
