/** One line of the bench table. */
export interface BenchRow {
  /** The part it belongs to (delivery, hub, soap, import). */
  part: string;
  /** What was measured, e.g. `pacing L=20ms R=200/s C=2`. */
  figure: string;
  /** The measured figure, formatted with its unit. */
  measured: string;
  /** What it is compared with, measured in the same run (or the bound it is held to). */
  baseline?: string;
  /** measured / baseline (or the bound), when that comparison means something. */
  ratio?: number;
  /** The target, as written in the brief (e.g. `>= 0.97 x bound`). */
  target?: string;
  /** true: target met; false: missed; undefined: informative only. */
  ok?: boolean;
  /** A short remark (what the baseline is, why a part was skipped). */
  note?: string;
}

/** A part that did not run, and why. */
export interface SkippedPart {
  part: string;
  why: string;
}

function mark(ok: boolean | undefined): string {
  return ok === undefined ? 'info' : ok ? 'PASS' : 'MISS';
}

function ratioText(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '' : ratio.toFixed(ratio >= 10 ? 1 : 3);
}

const HEADERS = ['part', 'figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'ok'] as const;

function cells(row: BenchRow): string[] {
  return [row.part, row.figure, row.measured, row.baseline ?? '', ratioText(row.ratio), row.target ?? '', mark(row.ok)];
}

/** A fixed-width table for the terminal, with notes under it. */
export function formatTable(rows: BenchRow[], skipped: SkippedPart[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  [${r.part}] ${r.figure}: ${r.note}`);
  if (notes.length) out.push('', 'notes:', ...notes);
  if (skipped.length) out.push('', ...skipped.map((s) => `skipped: ${s.part}: ${s.why}`));
  return out.join('\n');
}

/** The same table in Markdown (for RESULTS.md). */
export function formatMarkdown(rows: BenchRow[], skipped: SkippedPart[]): string {
  const escape = (v: string) => v.replace(/\|/g, '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows) out.push(`| ${cells(row).map(escape).join(' | ')} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- **${r.part}**, ${r.figure}: ${r.note}`);
  if (notes.length) out.push('', 'Notes:', '', ...notes);
  if (skipped.length) out.push('', ...skipped.map((s) => `- skipped: **${s.part}**: ${s.why}`));
  return out.join('\n');
}

/** The p-th percentile (0..100) of unsorted values (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Formats a rate: 1234.5 → `1,235/s`. */
export function perSecond(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}
