import type { EntityKind } from '@connector/core';
import sax from 'sax';
import { CliError } from '../cli-error';
import type { ReadItem } from './record-reader';

interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

/** The elements that are records, by (namespace-less) name, as the 2011-11 API names them. */
const RECORD_ELEMENTS: Record<string, EntityKind> = { user: 'person', staff: 'staff', leadSource: 'leadSource' };

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

function toFields(record: XmlElement): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const collect = (element: XmlElement) => {
    for (const child of element.children) {
      if (child.name.toLowerCase() === 'staffowner') {
        // <staffOwner><email>…</email></staffOwner> (or bare text) is the owner, not the person's email.
        const email = child.children.length ? child.children.find((c) => c.name.toLowerCase() === 'email') : child;
        if (email) fields.staffOwnerEmail = email.text.trim();
        else fields.staffOwner = '(not an email)';
      } else if (child.children.length > 0) collect(child);
      else if (!(child.name in fields)) fields[child.name] = child.text.trim();
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
 *
 * The XML is read by sax (strict mode): it decodes only the predefined entities and character
 * references, and any DOCTYPE is refused, so nothing is ever expanded or fetched.
 */
export class XmlRecordScanner {
  private readonly parser = sax.parser(true, { trim: false, normalize: false, position: true });
  private readonly ready: ReadItem[] = [];
  private record?: { kind: EntityKind; line: number; root: XmlElement; start: number };
  private stack: XmlElement[] = [];
  /** The text read but not yet dropped, and the absolute offset of its first character. */
  private pending = '';
  private base = 0;

  constructor() {
    const parser = this.parser;
    // sax counts lines from 0; people and editors from 1.
    const line = () => parser.line + 1;
    parser.ondoctype = () => this.fail(line(), 'DOCTYPE and other declarations are not accepted (entity expansion is off)');
    parser.onerror = (error: Error) => this.fail(line(), error.message.split('\n')[0]);
    parser.onopentag = (tag: sax.Tag | sax.QualifiedTag) => {
      const name = localName(tag.name);
      if (this.stack.length === 0) {
        const kind = RECORD_ELEMENTS[name];
        if (!kind) return; // a wrapper such as <records>
        const root: XmlElement = { name, text: '', children: [] };
        // sax's startTagPosition is 1 past the '<' (absolute): the record's own text starts at the '<'.
        this.record = { kind, line: line(), root, start: parser.startTagPosition - 1 };
        this.stack.push(root);
        return;
      }
      const element: XmlElement = { name, text: '', children: [] };
      this.stack[this.stack.length - 1].children.push(element);
      this.stack.push(element);
    };
    parser.onclosetag = () => {
      if (this.stack.length === 0) return; // a wrapper closing
      this.stack.pop();
      if (this.stack.length === 0 && this.record) {
        const { kind, line: at, root, start } = this.record;
        this.record = undefined;
        // The record's own text, to send on as is (the demo posts each record to the XML API).
        const end = this.pending.lastIndexOf('>', parser.position - 1 - this.base) + 1;
        const raw = this.pending.slice(start - this.base, end);
        this.ready.push({ line: at, kind, fields: toFields(root), raw });
      }
    };
    const text = (value: string) => {
      if (this.stack.length > 0) this.stack[this.stack.length - 1].text += value;
    };
    parser.ontext = text;
    parser.oncdata = text;
  }

  private fail(line: number, message: string): never {
    throw new CliError(`line ${line}: malformed XML: ${message}`);
  }

  /** Feeds a chunk; yields the records it completed. */
  *push(chunk: string): Generator<ReadItem> {
    this.pending += chunk;
    this.parser.write(chunk);
    // Keep only the open record's text (between records: from the last tag that may still be open), so
    // memory holds one record at most.
    // (sax leaves startTagPosition undefined until it meets the first '<'.)
    const lastTag = (this.parser.startTagPosition ?? 0) - 1;
    const keepFrom = this.record ? this.record.start : Math.max(this.base, Math.min(this.parser.position, lastTag));
    this.pending = this.pending.slice(keepFrom - this.base);
    this.base = keepFrom;
    yield* this.ready.splice(0);
  }

  /** Ends the stream: a record still open is an error. */
  *end(): Generator<ReadItem> {
    if (this.record) {
      this.fail(this.parser.line + 1, `the file ends inside <${this.stack[this.stack.length - 1]?.name}> (record from line ${this.record.line})`);
    }
    this.parser.close();
    yield* this.ready.splice(0);
  }
}
