import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { validateXML } from 'xmllint-wasm';

/**
 * The XML Schema inside a WSDL, as a standalone document libxml2 can load: the `<s:schema>` element taken
 * out of `<wsdl:types>`, with the WSDL root's `xmlns:` declarations carried onto it (the schema refers to
 * `tns:` and `s:` prefixes declared on the WSDL root, not on itself).
 */
export function schemaFromWsdl(wsdl: string): string {
  const root = /<(?:[\w.-]+:)?definitions\b[^>]*>/.exec(wsdl)?.[0];
  const schema = /<([\w.-]+:)?schema\b[\s\S]*?<\/\1schema>/.exec(wsdl)?.[0];
  if (!root || !schema) throw new Error('the WSDL has no <definitions> root or no <schema> in its <types>');
  const schemaStart = /^<[^>]*>/.exec(schema)![0];
  const declared = new Set([...schemaStart.matchAll(/\sxmlns(:[\w.-]+)?\s*=/g)].map((m) => m[1] ?? ''));
  const carried = [...root.matchAll(/\sxmlns(:[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')/g)]
    .filter((m) => !declared.has(m[1] ?? '') && m[1] !== undefined)
    .map((m) => `xmlns${m[1]}=${m[2]}`);
  return schema.replace(/^<([\w.-]+:)?schema\b/, (start) => `${start} ${carried.join(' ')}`);
}

/** Makes libxml2's messages readable: no file name, no namespace URIs in braces. */
function tidy(line: string): string {
  return line
    .replace(/^[^:]*\.xml:\d+:\s*/, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/^Schemas validity error : /, '')
    .trim();
}

/*
 * xmllint-wasm's public `validateXML` starts a worker and compiles libxml2's WebAssembly for every
 * document (about 350 ms here), which a simulator that validates every request cannot afford. This
 * worker is started once per process and keeps the compiled module and the schemas; each validation
 * runs a fresh libxml2 instance in it (about 20 ms). It loads the package's own Emscripten module file.
 * If it cannot start, validation falls back to the public API (slow, same answers).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const bytes = fs.readFileSync(workerData.wasm);
const compiled = new WebAssembly.Module(bytes);
const instantiate = WebAssembly.instantiate;
// The Emscripten module compiles the bytes it is given on every run; hand it the compiled module instead.
WebAssembly.instantiate = (source, imports) =>
  source instanceof WebAssembly.Module ? instantiate(source, imports) : instantiate(compiled, imports).then((instance) => ({ module: compiled, instance }));
const createXmllint = require(workerData.module);
const schemas = new Map();
parentPort.on('message', async (job) => {
  if (!job || job.kind === undefined) return;
  if (job.kind === 'schema') { schemas.set(job.key, job.contents); return; }
  let stderr = '';
  let exitCode = -1;
  try {
    await createXmllint({
      inputFiles: [{ fileName: 'schema.xsd', contents: schemas.get(job.key) }, { fileName: 'body.xml', contents: job.xml }],
      arguments: ['--schema', 'schema.xsd', '--noout', 'body.xml'],
      print() {},
      printErr(text) { stderr += text + '\\n'; },
      onExit(code) { exitCode = code; },
      wasmBinary: bytes,
    });
  } catch (error) {
    if (exitCode === -1) stderr += String(error);
  }
  parentPort.postMessage({ id: job.id, exitCode, stderr });
});
`;

interface Pending {
  resolve: (errors: string[]) => void;
  reject: (error: Error) => void;
}

class ValidationWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly loaded = new Set<string>();
  private next = 0;
  broken?: Error;

  constructor() {
    const dir = path.dirname(require.resolve('xmllint-wasm'));
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { wasm: path.join(dir, 'xmllint.wasm'), module: path.join(dir, 'xmllint-node.js') },
    });
    this.worker.on('message', (answer: { id: number; exitCode: number; stderr: string }) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) this.worker.unref();
      if (answer.exitCode === 0) waiting.resolve([]);
      // 1: not well-formed XML; 3 and 4: not valid against the schema.
      else if ([1, 3, 4].includes(answer.exitCode)) waiting.resolve(errorLines(answer.stderr));
      else waiting.reject(new Error(`xmllint failed (${answer.exitCode}): ${answer.stderr}`));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`xmllint worker exited (${code})`)));
    // Idle, the worker must not keep a test process alive; it is held only while validations are pending
    // (unref after the listeners: adding one refs the port again).
    this.worker.unref();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  validate(key: string, schema: string, xml: string): Promise<string[]> {
    if (this.broken) return Promise.reject(this.broken);
    if (!this.loaded.has(key)) {
      this.worker.postMessage({ kind: 'schema', key, contents: schema });
      this.loaded.add(key);
    }
    const id = ++this.next;
    return new Promise<string[]>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'validate', id, key, xml });
    });
  }
}

function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => /error/i.test(line) && !/fails to validate$|validates$/.test(line.trim()))
    .map(tidy);
}

let sharedWorker: ValidationWorker | undefined;

/**
 * Validates XML elements against the schema of one WSDL with libxml2 (xmllint-wasm), the way the real
 * service's deserializer would refuse them: unknown elements, wrong order, wrong types, missing required
 * elements.
 */
export class XsdValidator {
  readonly schema: string;
  private readonly key: string;

  constructor(wsdlPath: string) {
    this.schema = schemaFromWsdl(fs.readFileSync(wsdlPath, 'utf8'));
    this.key = path.resolve(wsdlPath);
  }

  /** The problems of `xml` (one element, its namespaces declared on it); empty when it is valid. */
  async validate(xml: string): Promise<string[]> {
    sharedWorker ??= new ValidationWorker();
    if (!sharedWorker.broken) {
      try {
        return await sharedWorker.validate(this.key, this.schema, xml);
      } catch (error) {
        if (!sharedWorker.broken) throw error;
      }
    }
    const result = await validateXML({ xml: [{ fileName: 'body.xml', contents: xml }], schema: [{ fileName: 'schema.xsd', contents: this.schema }] });
    return result.valid ? [] : result.errors.map((e) => tidy(e.rawMessage));
  }
}
