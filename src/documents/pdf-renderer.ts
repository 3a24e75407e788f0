import PDFDocument from 'pdfkit';

interface Block {
  kind: 'h1' | 'h2' | 'h3' | 'p' | 'li' | 'row' | 'small';
  text: string;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x3D;': '=',
  '&#x60;': '`',
  '&nbsp;': ' ',
};

function decode(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|nbsp|#x27|#39|#x3D|#x60);/g, (e) => ENTITIES[e] ?? e);
}

/** The printable blocks of the notice HTML (the body of the layout): headings, paragraphs, list items, table rows. */
export function htmlToBlocks(html: string): Block[] {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const cleaned = body.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<script[\s\S]*?<\/script>/gi, '');
  const blocks: Block[] = [];
  const re = /<(h1|h2|h3|p|li|tr|small|div)[^>]*>([\s\S]*?)<\/\1>/gi;
  for (const m of cleaned.matchAll(re)) {
    const tag = m[1].toLowerCase();
    let inner = m[2];
    if (tag === 'div' && /<(h1|h2|h3|p|li|tr|table|ul|ol)\b/i.test(inner)) continue;
    if (tag === 'tr') inner = inner.replace(/<\/t[dh]>\s*<t[dh][^>]*>/gi, '\t');
    const text = decode(inner.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ''))
      .replace(/[ \t]*\n[ \t]*/g, '\n')
      .replace(/[ ]{2,}/g, ' ')
      .trim();
    if (!text) continue;
    const kind: Block['kind'] = tag === 'tr' ? 'row' : tag === 'div' ? 'p' : (tag as Block['kind']);
    blocks.push({ kind, text });
  }
  return blocks;
}

/** Renders the notice as a PDF (A4, Helvetica, which covers German letters, § and €). */
export function renderPdf(html: string, title: string, issuedAt: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 60, bottom: 60, left: 65, right: 60 },
      info: { Title: title, Author: 'Migrationsagentur', CreationDate: issuedAt, ModDate: issuedAt },
      lang: 'de-DE',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const block of htmlToBlocks(html)) {
      switch (block.kind) {
        case 'h1':
          doc.moveDown(0.5).font('Helvetica-Bold').fontSize(15).text(block.text).moveDown(0.4);
          break;
        case 'h2':
        case 'h3':
          doc.moveDown(0.4).font('Helvetica-Bold').fontSize(12).text(block.text).moveDown(0.2);
          break;
        case 'li':
          doc.font('Helvetica').fontSize(10.5).text(`• ${block.text}`, { indent: 10 });
          break;
        case 'row':
          doc.font('Helvetica').fontSize(10.5).text(block.text.split('\t').join('   '));
          break;
        case 'small':
          doc.font('Helvetica').fontSize(8.5).text(block.text).moveDown(0.3);
          break;
        default:
          doc.font('Helvetica').fontSize(10.5).text(block.text, { align: 'left' }).moveDown(0.5);
      }
    }
    doc.end();
  });
}
