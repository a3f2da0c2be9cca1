/**
 * docs/benchmarks.svg, drawn from the results: per function, the bundle size beside its 250 KB
 * target, and the cold init above the floor (median bar, p90 whisker) beside its 25 ms target.
 */
import { BUNDLE_TARGET_BYTES, KB, type BenchResults } from './results';

const ROW = 20;
const TOP = 56;
const LABEL = 178;
const PANEL = 300;
const GAP = 48;
const COLOURS = { within: '#3b7dd8', over: '#d9822b', target: '#c0392b', text: '#222', grid: '#ddd' };

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, content: string, attributes = ''): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escape(content)}</text>`;

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly target: number;
  readonly values: readonly { value: number; whisker?: number }[];
}

const drawPanel = (panel: Panel, left: number, rows: number): string[] => {
  const max = Math.max(panel.target, ...panel.values.map((entry) => entry.whisker ?? entry.value)) * 1.08;
  const x = (value: number): number => left + (Math.max(0, value) / max) * PANEL;
  const bottom = TOP + rows * ROW;
  const parts = [text(left, 24, panel.title, 'font-weight="bold"')];
  panel.values.forEach((entry, index) => {
    const y = TOP + index * ROW;
    const colour = entry.value <= panel.target ? COLOURS.within : COLOURS.over;
    parts.push(`<rect x="${left}" y="${y + 3}" width="${(x(entry.value) - left).toFixed(1)}" height="${ROW - 6}" fill="${colour}"/>`);
    if (entry.whisker !== undefined && entry.whisker > entry.value) {
      parts.push(`<line x1="${x(entry.value).toFixed(1)}" y1="${y + ROW / 2}" x2="${x(entry.whisker).toFixed(1)}" y2="${y + ROW / 2}" stroke="${COLOURS.text}" stroke-width="1"/>`);
      parts.push(`<line x1="${x(entry.whisker).toFixed(1)}" y1="${y + 5}" x2="${x(entry.whisker).toFixed(1)}" y2="${y + ROW - 5}" stroke="${COLOURS.text}" stroke-width="1"/>`);
    }
    parts.push(text(x(entry.whisker ?? entry.value) + 4, y + ROW - 6, entry.value.toFixed(entry.value < 10 ? 1 : 0), 'font-size="10"'));
  });
  parts.push(`<line x1="${x(panel.target).toFixed(1)}" y1="${TOP - 6}" x2="${x(panel.target).toFixed(1)}" y2="${bottom}" stroke="${COLOURS.target}" stroke-dasharray="4 3"/>`);
  parts.push(text(x(panel.target), TOP - 10, `target ${panel.target} ${panel.unit}`, `font-size="10" fill="${COLOURS.target}" text-anchor="middle"`));
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${left + PANEL}" y2="${bottom}" stroke="${COLOURS.grid}"/>`);
  parts.push(text(left, bottom + 16, `0 ${panel.unit}`, 'font-size="10"'));
  parts.push(text(left + PANEL, bottom + 16, `${max.toFixed(0)} ${panel.unit}`, 'font-size="10" text-anchor="end"'));
  return parts;
};

export const renderChart = (results: BenchResults): string => {
  const names = results.bundles.map((bundle) => bundle.function);
  const cold = new Map(results.coldInit.functions.map((entry) => [entry.function, entry]));
  const rows = names.length;
  const width = LABEL + PANEL * 2 + GAP + 60;
  const height = TOP + rows * ROW + 44;
  const labels = names.map((name, index) => text(LABEL - 8, TOP + index * ROW + ROW - 6, name, 'text-anchor="end" font-size="11"'));
  const sizes = drawPanel(
    { title: 'Bundle size, minified (KB)', unit: 'KB', target: BUNDLE_TARGET_BYTES / KB, values: results.bundles.map((bundle) => ({ value: bundle.bytes / KB })) },
    LABEL,
    rows,
  );
  const starts = drawPanel(
    {
      title: 'Cold init above the floor (ms, median; p90 whisker)',
      unit: 'ms',
      target: 25,
      values: names.map((name) => {
        const entry = cold.get(name);
        return { value: entry?.aboveFloorMs.median ?? 0, whisker: entry?.aboveFloorMs.p90 ?? 0 };
      }),
    },
    LABEL + PANEL + GAP,
    rows,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="${COLOURS.text}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...labels,
    ...sizes,
    ...starts,
    text(8, height - 8, `${results.mode} run, ${results.generatedAt.slice(0, 10)}, Node ${results.environment.node}, ${results.environment.cpus} CPU(s), load ${results.environment.loadAverageAtStart}`, 'font-size="10" fill="#666"'),
    '</svg>',
    '',
  ].join('\n');
};
