// The quarterly return's chart: the last eight quarters as stacked bars, drawn as SVG text here (no chart
// library). Each bar segment carries its count (data-count) and a <title>, and the page shows the same figures
// as a table, so the chart is never the only way to read them.
import type { ReturnRow } from './quarterly-return.ts';

export const CHART_SERIES = [
  { id: 'reported', label: 'Breaches reported to the regulator', colour: '#d4351c' },
  { id: 'breach', label: 'Breaches not reported', colour: '#f47738' },
  { id: 'incident', label: 'Other incidents', colour: '#1d70b8' },
  { id: 'near-miss', label: 'Near-misses', colour: '#b1b4b6' },
] as const;
export type SeriesId = (typeof CHART_SERIES)[number]['id'];

export function seriesOf(row: Pick<ReturnRow, 'reportedToRegulator' | 'personalData' | 'occurrence'>): SeriesId {
  if (row.occurrence === 'near-miss') return 'near-miss';
  if (row.reportedToRegulator === 'yes') return 'reported';
  return row.personalData === 'yes' ? 'breach' : 'incident';
}

/** Counts per quarter and series, for the quarters asked (zero where none). */
export function chartCounts(rows: readonly ReturnRow[], quarters: readonly string[]): Map<string, Record<SeriesId, number>> {
  const out = new Map(quarters.map((q) => [q, { reported: 0, breach: 0, incident: 0, 'near-miss': 0 } as Record<SeriesId, number>]));
  for (const row of rows) {
    const bar = out.get(row.quarter);
    if (bar) bar[seriesOf(row)] += row.count;
  }
  return out;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function returnChartSvg(rows: readonly ReturnRow[], quarters: readonly string[]): string {
  const counts = chartCounts(rows, quarters);
  const width = 640;
  const height = 320;
  const left = 40;
  const bottom = 40;
  const top = 10;
  const plot = height - bottom - top;
  const max = Math.max(1, ...[...counts.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  const step = (width - left) / Math.max(1, quarters.length);
  const barWidth = step * 0.6;
  const parts: string[] = [];
  quarters.forEach((quarter, i) => {
    const bar = counts.get(quarter)!;
    const x = left + i * step + (step - barWidth) / 2;
    let y = top + plot;
    for (const series of CHART_SERIES) {
      const n = bar[series.id];
      const h = (n / max) * plot;
      y -= h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${series.colour}" data-quarter="${escape(quarter)}" data-series="${series.id}" data-count="${n}"><title>${escape(`${quarter}: ${n} ${series.label.toLowerCase()}`)}</title></rect>`,
      );
    }
    parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle" font-size="12">${escape(quarter)}</text>`);
  });
  const axis = `<line x1="${left}" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#0b0c0c"/><text x="${left - 6}" y="${top + 10}" text-anchor="end" font-size="12">${max}</text><text x="${left - 6}" y="${top + plot}" text-anchor="end" font-size="12">0</text>`;
  const legend = CHART_SERIES.map((s, i) => `<rect x="${left + i * 150}" y="${height - 14}" width="10" height="10" fill="${s.colour}"/><text x="${left + i * 150 + 14}" y="${height - 5}" font-size="11">${escape(s.label)}</text>`).join('');
  const total = [...counts.values()].reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="return-chart-title return-chart-desc"><title id="return-chart-title">Incidents by quarter, last ${quarters.length} quarters</title><desc id="return-chart-desc">${total} incidents and near-misses from ${escape(quarters[0] ?? '')} to ${escape(quarters.at(-1) ?? '')}; the table below gives each figure.</desc>${axis}${parts.join('')}${legend}</svg>`;
}
