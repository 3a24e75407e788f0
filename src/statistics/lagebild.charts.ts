/**
 * Server-rendered SVG charts of the Lagebild: bars (top 5), lines (12-month trend), a population
 * pyramid. Each is an <svg role="img"> with <title> and <desc>; the page shows the same numbers in a
 * table beside it. Series differ by line style and marker, not by colour only. Suppressed counts are
 * drawn as an outlined, empty bar labelled "< n".
 */

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NUMBER = new Intl.NumberFormat('de-DE');

export interface ChartValue {
  label: string;
  value: number | null;
  suppressed: boolean;
}

const shown = (v: ChartValue, min: number): string =>
  v.suppressed || v.value === null ? `< ${min}` : NUMBER.format(v.value);

/** the value a suppressed cell is drawn with: up to the minimum, as an outline */
const drawn = (v: ChartValue, min: number): number => (v.suppressed || v.value === null ? min - 1 : v.value);

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" class="chart" id="${id}">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

/** horizontal bars, one per value, with label and number */
export function barChart(id: string, title: string, values: ChartValue[], min: number): string {
  const rowH = 28;
  const labelW = 190;
  const barW = 300;
  const height = Math.max(1, values.length) * rowH + 10;
  const max = Math.max(1, ...values.map((v) => drawn(v, min)));
  const body = values
    .map((v, i) => {
      const y = 5 + i * rowH;
      const w = Math.max(1, Math.round((drawn(v, min) / max) * barW));
      const suppressed = v.suppressed || v.value === null;
      return (
        `<text x="${labelW - 6}" y="${y + 17}" text-anchor="end" font-size="13">${esc(v.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" ` +
        (suppressed ? 'fill="none" stroke="#003064" stroke-dasharray="3 2"' : 'fill="#003064"') +
        ` />` +
        `<text x="${labelW + w + 6}" y="${y + 17}" font-size="13">${esc(shown(v, min))}</text>`
      );
    })
    .join('');
  const desc = values.map((v) => `${v.label}: ${shown(v, min)}`).join('; ') || 'Keine Werte';
  return frame(id, title, desc, labelW + barW + 70, height, body);
}

export interface LineSeries {
  name: string;
  values: ChartValue[];
}

const DASHES = ['', '6 3', '2 3', '10 3 2 3', '1 5'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;

function marker(kind: (typeof MARKERS)[number], x: number, y: number): string {
  switch (kind) {
    case 'circle':
      return `<circle cx="${x}" cy="${y}" r="3.5" fill="#1a1a1a" />`;
    case 'square':
      return `<rect x="${x - 3.5}" y="${y - 3.5}" width="7" height="7" fill="#1a1a1a" />`;
    case 'triangle':
      return `<polygon points="${x},${y - 4} ${x - 4},${y + 3.5} ${x + 4},${y + 3.5}" fill="#1a1a1a" />`;
    case 'diamond':
      return `<polygon points="${x},${y - 4.5} ${x - 4.5},${y} ${x},${y + 4.5} ${x + 4.5},${y}" fill="#1a1a1a" />`;
    default:
      return `<path d="M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x - 4} ${y + 4}L${x + 4} ${y - 4}" stroke="#1a1a1a" stroke-width="1.5" />`;
  }
}

/** lines over the month labels; a suppressed point is left out (gap) */
export function lineChart(
  id: string,
  title: string,
  months: string[],
  series: LineSeries[],
  min: number,
): string {
  const left = 50;
  const top = 10;
  const plotW = 520;
  const plotH = 200;
  const legendH = 22 * series.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v.value ?? 0)));
  const x = (i: number): number => left + (months.length <= 1 ? 0 : (i / (months.length - 1)) * plotW);
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const axis =
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#555" />` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#555" />` +
    `<text x="${left - 6}" y="${top + 5}" text-anchor="end" font-size="11">${NUMBER.format(max)}</text>` +
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="11">0</text>` +
    months
      .map((m, i) =>
        i % 2 === months.length % 2 || i === months.length - 1
          ? `<text x="${x(i)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${esc(m)}</text>`
          : '',
      )
      .join('');
  const lines = series
    .map((s, si) => {
      let d = '';
      let pen = false;
      const marks: string[] = [];
      s.values.forEach((v, i) => {
        if (v.value === null) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v.value).toFixed(1)}`;
        pen = true;
        marks.push(marker(MARKERS[si % MARKERS.length], x(i), y(v.value)));
      });
      const ly = top + plotH + 34 + si * 22;
      return (
        `<path d="${d}" fill="none" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="${DASHES[si % DASHES.length]}" />` +
        marks.join('') +
        `<line x1="${left}" y1="${ly}" x2="${left + 40}" y2="${ly}" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="${DASHES[si % DASHES.length]}" />` +
        marker(MARKERS[si % MARKERS.length], left + 20, ly) +
        `<text x="${left + 48}" y="${ly + 4}" font-size="12">${esc(s.name)}</text>`
      );
    })
    .join('');
  const desc = series
    .map((s) => `${s.name}: ${s.values.map((v, i) => `${months[i]} ${shown(v, min)}`).join(', ')}`)
    .join('. ');
  return frame(id, title, desc, left + plotW + 30, top + plotH + 30 + legendH, axis + lines);
}

export interface PyramidRow {
  band: string;
  female: ChartValue;
  male: ChartValue;
}

/** population pyramid: women to the left, men to the right, the oldest band on top */
export function pyramid(id: string, title: string, rows: PyramidRow[], min: number): string {
  const rowH = 26;
  const half = 220;
  const mid = 60;
  const width = 2 * half + mid + 20;
  const cx = 10 + half + mid / 2;
  const max = Math.max(1, ...rows.flatMap((r) => [drawn(r.female, min), drawn(r.male, min)]));
  const ordered = [...rows].reverse();
  const bar = (v: ChartValue, yy: number, side: -1 | 1): string => {
    const w = Math.max(1, Math.round((drawn(v, min) / max) * (half - 50)));
    const x0 = side < 0 ? cx - mid / 2 - w : cx + mid / 2;
    const suppressed = v.suppressed || v.value === null;
    const tx = side < 0 ? x0 - 4 : x0 + w + 4;
    return (
      `<rect x="${x0}" y="${yy + 3}" width="${w}" height="${rowH - 8}" ` +
      (suppressed
        ? 'fill="none" stroke="#003064" stroke-dasharray="3 2"'
        : side < 0
          ? 'fill="#7a1f5c"'
          : 'fill="#003064"') +
      ` />` +
      `<text x="${tx}" y="${yy + 16}" font-size="12" text-anchor="${side < 0 ? 'end' : 'start'}">${esc(shown(v, min))}</text>`
    );
  };
  const body =
    `<text x="${cx - mid / 2 - 4}" y="14" font-size="13" text-anchor="end">weiblich</text>` +
    `<text x="${cx + mid / 2 + 4}" y="14" font-size="13">männlich</text>` +
    ordered
      .map((r, i) => {
        const yy = 22 + i * rowH;
        return (
          `<text x="${cx}" y="${yy + 16}" font-size="12" text-anchor="middle">${esc(r.band)}</text>` +
          bar(r.female, yy, -1) +
          bar(r.male, yy, 1)
        );
      })
      .join('');
  const desc = rows
    .map((r) => `${r.band}: weiblich ${shown(r.female, min)}, männlich ${shown(r.male, min)}`)
    .join('; ');
  return frame(id, title, desc, width, 30 + rows.length * rowH, body);
}
