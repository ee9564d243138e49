/**
 * A YAML parse error in one line, the same from every command that reads YAML (the configuration, a
 * simulator seed): the position, the parser's reason, and the offending line as written, e.g.
 * `line 3, column 12: Flow sequence ... must end with a ] (the line: "  dataDir: [x")`.
 * The parser's own message spreads the snippet over several lines, which a one-line error would cut.
 */
export function describeYamlError(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = raw.split('\n')[0].replace(/\s+at line \d+, column \d+:?\s*$/, '');
  const position = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  if (!position) return reason;
  const line = text.split(/\r?\n/)[position.line - 1];
  const shown = line === undefined || line.trim() === '' ? '' : ` (the line: ${JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line)})`;
  return `line ${position.line}, column ${position.col}: ${reason}${shown}`;
}
