import type { EntityKind } from '@connector/core';
import { CliError } from '../cli-error';
import type { ReadItem } from './record-reader';

interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

/** The elements that are records, by (namespace-less) name, as the 2011-11 API names them. */
const RECORD_ELEMENTS: Record<string, EntityKind> = { user: 'person', staff: 'staff', leadSource: 'leadSource' };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references. Nothing else: DOCTYPEs are refused,
 * so no entity can expand (the "billion laughs" and external entities cannot happen).
 */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

/** Index of the `>` that ends the tag starting at `from`, skipping quoted attribute values; -1 if not yet read. */
function tagEnd(buffer: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < buffer.length; i++) {
    const c = buffer[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function toFields(record: XmlElement): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const collect = (element: XmlElement) => {
    for (const child of element.children) {
      if (child.name.toLowerCase() === 'staffowner') {
        // <staffOwner><email>…</email></staffOwner> (or bare text) is the owner, not the person's email.
        const email = child.children.length ? child.children.find((c) => c.name.toLowerCase() === 'email') : child;
        if (email) fields.staffOwnerEmail = decode(email.text).trim();
        else fields.staffOwner = '(not an email)';
      } else if (child.children.length > 0) collect(child);
      else if (!(child.name in fields)) fields[child.name] = decode(child.text).trim();
    }
  };
  // <providerInfo> and <userInfo>/<staffInfo>/<leadInfo> are flattened into one set of columns.
  collect(record);
  return fields;
}

/**
 * Finds the records (`<user>`, `<staff>`, `<leadSource>`) in a 2011-11 XML stream fed chunk by chunk, and
 * yields each as soon as it closes, with the line it started on. A file may hold one record as its
 * root or many inside any wrapper element. Only one record is held in memory at a time.
 */
export class XmlRecordScanner {
  private buffer = '';
  /** The line of `buffer[counted]`. */
  private line = 1;
  private counted = 0;
  private record?: { kind: EntityKind; line: number; root: XmlElement; raw: string; rawFrom: number };
  private stack: XmlElement[] = [];

  private lineAt(index: number): number {
    for (let i = this.counted; i < index; i++) if (this.buffer.charCodeAt(i) === 10) this.line++;
    this.counted = Math.max(this.counted, index);
    return this.line;
  }

  private fail(index: number, message: string): never {
    throw new CliError(`line ${this.lineAt(index)}: malformed XML: ${message}`);
  }

  /** Feeds a chunk; yields the records it completed. */
  *push(chunk: string): Generator<ReadItem> {
    this.buffer += chunk;
    let pos = 0;
    for (;;) {
      const lt = this.buffer.indexOf('<', pos);
      const textEnd = lt < 0 ? this.buffer.length : lt;
      if (this.stack.length > 0 && textEnd > pos) this.stack[this.stack.length - 1].text += this.buffer.slice(pos, textEnd);
      pos = textEnd;
      if (lt < 0) break;
      const startsWith = (prefix: string) => this.buffer.startsWith(prefix, lt);
      let end: number;
      if (startsWith('<!--')) {
        end = this.buffer.indexOf('-->', lt + 4);
        if (end < 0) break;
        pos = end + 3;
        continue;
      }
      if (startsWith('<![CDATA[')) {
        end = this.buffer.indexOf(']]>', lt + 9);
        if (end < 0) break;
        // CDATA is literal text: escape it so decode() leaves it as written.
        const literal = this.buffer.slice(lt + 9, end).replace(/&/g, '&amp;');
        if (this.stack.length > 0) this.stack[this.stack.length - 1].text += literal;
        pos = end + 3;
        continue;
      }
      if (startsWith('<?')) {
        end = this.buffer.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      if (startsWith('<!')) {
        if (this.buffer.length - lt < 9) break;
        this.fail(lt, 'DOCTYPE and other declarations are not accepted (entity expansion is off)');
      }
      end = tagEnd(this.buffer, lt + 1);
      if (end < 0) break;
      const tag = this.buffer.slice(lt + 1, end);
      pos = end + 1;
      const item = this.tag(tag, lt, pos);
      if (item) yield item;
    }
    // Keep only what is not consumed yet, so memory holds one partial token, not the file.
    this.lineAt(pos);
    if (this.record) {
      this.record.raw += this.buffer.slice(this.record.rawFrom, pos);
      this.record.rawFrom = 0;
    }
    this.buffer = this.buffer.slice(pos);
    this.counted -= pos;
  }

  private tag(tag: string, at: number, after: number): ReadItem | undefined {
    if (tag.startsWith('/')) {
      const name = localName(tag.slice(1).trim());
      if (this.stack.length === 0) return undefined; // a wrapper closing
      const open = this.stack.pop() as XmlElement;
      if (open.name !== name) this.fail(at, `expected </${open.name}>, found </${name}>`);
      if (this.stack.length === 0 && this.record) {
        const { kind, line, root } = this.record;
        const raw = this.record.raw + this.buffer.slice(this.record.rawFrom, after);
        this.record = undefined;
        return { line, kind, fields: toFields(root), raw };
      }
      return undefined;
    }
    const selfClosing = tag.endsWith('/');
    const name = localName((selfClosing ? tag.slice(0, -1) : tag).trim().split(/\s+/)[0] ?? '');
    if (!name) this.fail(at, 'an empty tag');
    if (this.stack.length === 0) {
      const kind = RECORD_ELEMENTS[name];
      if (!kind) return undefined; // a wrapper such as <users> or <records>
      const root: XmlElement = { name, text: '', children: [] };
      if (selfClosing) return { line: this.lineAt(at), kind, fields: {}, raw: `<${tag}>` };
      this.record = { kind, line: this.lineAt(at), root, raw: '', rawFrom: at };
      this.stack.push(root);
      return undefined;
    }
    const element: XmlElement = { name, text: '', children: [] };
    this.stack[this.stack.length - 1].children.push(element);
    if (!selfClosing) this.stack.push(element);
    return undefined;
  }

  /** Ends the stream: a record still open is an error. */
  *end(): Generator<ReadItem> {
    if (this.record) this.fail(this.buffer.length, `the file ends inside <${this.stack[this.stack.length - 1]?.name}> (record from line ${this.record.line})`);
  }
}
