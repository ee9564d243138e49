import Table from 'cli-table3';
import type { CliOutput } from '../cli-io';

/** A column of {@link renderTable}. */
export interface TableColumn<T> {
  header: string;
  /** The cell's text; a line break starts a line of its own in the cell (e.g. a warning under a summary). */
  value(row: T): string;
  /** The longest a cell's line may get before it is cut with "…" (default: no limit). */
  maxWidth?: number;
}

/** How {@link renderTable} lays out. */
export interface TableOptions {
  /**
   * The terminal's columns: cells wrap so that every line fits (see {@link terminalWidth}). Without it
   * the table is plain text as wide as its cells, which reads the same in a CI log or a pasted ticket.
   */
  width?: number;
}

/** Two spaces between columns; no borders, so the table reads the same without a terminal. */
const GAP = 2;
const PLAIN: Partial<
  Record<
    | 'top'
    | 'top-mid'
    | 'top-left'
    | 'top-right'
    | 'bottom'
    | 'bottom-mid'
    | 'bottom-left'
    | 'bottom-right'
    | 'left'
    | 'left-mid'
    | 'mid'
    | 'mid-mid'
    | 'right'
    | 'right-mid'
    | 'middle',
    string
  >
> = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: ' '.repeat(GAP),
};
/** A column is not squeezed below this (or its header) to fit a terminal, unless its words are shorter. */
const MIN_WIDTH = 12;

/** The width a table should fit: the terminal's columns when `output` is a terminal, else none. */
export function terminalWidth(output: CliOutput): number | undefined {
  return output.isTTY && output.columns ? output.columns : undefined;
}

function cut(text: string, max?: number): string {
  return text
    .split('\n')
    .map((line) => {
      const flat = line.replace(/\s+/g, ' ').trim();
      if (!max || flat.length <= max) return flat;
      return `${flat.slice(0, Math.max(1, max - 1))}…`;
    })
    .join('\n');
}

const longest = (texts: readonly string[]): number => Math.max(0, ...texts.map((text) => text.length));

/** Narrows the widest columns, one character at a time, until the table fits `width` or none can give. */
function fit(natural: number[], floors: number[], width: number): number[] {
  const widths = [...natural];
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floors[i] && (widest < 0 || w > widths[widest])) widest = i;
    });
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

/**
 * Renders rows as a plain-text table (header, rule, one line per row, more where a cell has several),
 * columns padded to their widest cell and two spaces apart. Given a terminal width, the widest columns
 * are narrowed and their cells wrapped, at word boundaries where every word fits, else anywhere: no
 * text is lost.
 */
export function renderTable<T>(rows: readonly T[], columns: ReadonlyArray<TableColumn<T>>, options: TableOptions = {}): string {
  const cells = rows.map((row) => columns.map((column) => cut(column.value(row), column.maxWidth)));
  const natural = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => longest(line[i].split('\n')))));
  const floors = columns.map((column, i) => Math.max(column.header.length, Math.min(MIN_WIDTH, natural[i])));
  const widths = options.width ? fit(natural, floors, options.width) : natural;
  const table = new Table({
    head: columns.map((column) => column.header),
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    ...(options.width ? { colWidths: widths, wordWrap: true } : {}),
  });
  table.push(
    widths.map((w) => '-'.repeat(w)),
    ...cells.map((line) => line.map((content, i) => ({ content, wrapOnWordBoundary: longest(content.split(/\s+/)) <= widths[i] }))),
  );
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
