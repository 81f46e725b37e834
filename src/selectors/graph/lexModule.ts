// What scanJs needs of es-module-lexer, read straight from its WebAssembly: each import's kind,
// specifier and start, and which imports an `export ... from` re-exports.
//
// Why not `parse()` alone: it builds a full record for every import and export (names, offsets,
// attributes), about 1.5 KB of objects per file that scanJs reads a few fields of and drops. On a
// cold graph of 12,000 files that was 18 MB of garbage and a large function for the JIT to
// compile, on the parse worker's critical path (-15 ms a cold run). The module is the package's
// own (the pinned es-module-lexer, read from its file), and so is the protocol below: the same
// calls, in the same order, that its `parse()` makes. Whatever this reading does not handle itself
// (a specifier with an escape, a template in `import()`, a file that does not lex) goes to the
// package's `parse()`, which then reports it as it always does; if the module cannot be read at
// all, everything does. test/unit/graph/lexModule.test.ts holds the two to the same results.

import { readFileSync } from 'node:fs';

type Lexer = typeof import('es-module-lexer');

/** One import, with the fields scanJs reads (the names are es-module-lexer's). */
export interface LexedImport {
  type: 'static' | 'dynamic' | 'import-meta' | 'reexport-star';
  /** Undefined for an `import()` of anything but a string literal or template. */
  specifier: string | undefined;
  /** A template in `import()`: the specifier is a pattern (`*` for each `${}`). */
  glob: boolean;
  /** Where an `import()`'s argument starts; -1 for the others. */
  dynamicStart: number;
  /** `import type`, `export type ... from`; for `import()`, that its result looks used as a type. */
  typeOnly: boolean;
}

export interface Lexed {
  imports: LexedImport[];
  /** The places in `imports` of those an `export ... from` (or `export *`) re-exports; null for none. */
  reexported: number[] | null;
}

// The little of WebAssembly used here (this project's TypeScript libs do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
  Memory: abstract new (...args: never[]) => WasmMemory;
};

interface Exports {
  memory: WasmMemory;
  __heap_base: { value: unknown } | number;
  sa(length: number): number;
  parse(): number;
  ri(): number;
  is(): number;
  ie(): number;
  it(): number;
  id(): number;
  ip(): number;
  re(): number;
}

const NEEDED = ['sa', 'parse', 'ri', 'is', 'ie', 'it', 'id', 'ip', 're'] as const;
// The package's module, as the base64 text its file carries.
const EMBEDDED = /"([A-Za-z0-9+/]{4000,}={0,2})"/;
// es-module-lexer writes the source as UTF-16 in the machine's order; this reading, little-endian only.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The package's module, compiled and instantiated on its own (memory apart from the package's); null if unreadable. */
export const instantiateLexer = async (file: string): Promise<Exports | null> => {
  if (!LITTLE_ENDIAN) return null;
  try {
    const base64 = EMBEDDED.exec(readFileSync(file, 'latin1'))?.[1];
    if (!base64) return null;
    const { instance } = await WebAssembly.instantiate(Buffer.from(base64, 'base64'));
    const wasm = instance.exports as unknown as Exports;
    if (!(wasm.memory instanceof WebAssembly.Memory) || wasm.__heap_base === undefined) return null;
    return NEEDED.every((name) => typeof wasm[name] === 'function') ? wasm : null;
  } catch {
    return null;
  }
};

const CRLF = /\r\n?/g;

/** Views of a module's memory, made again when it grows (growing replaces its buffer). */
const views = new WeakMap<Exports, { buffer: ArrayBuffer; bytes: Buffer; view: DataView }>();

/**
 * One source read with the module alone: null when it has what only the package's parse() handles
 * (an escape in a specifier, a template in `import()`) or does not lex (parse() says why).
 */
export const lexWithModule = (w: Exports, source: string): Lexed | null => {
  // As the package's parse() does: room for the source (UTF-16) and the lexer's own state.
  const length = source.length + 1;
  const heapBase = typeof w.__heap_base === 'number' ? w.__heap_base : (w.__heap_base.value as number);
  const short = heapBase + 4 * length + 16 - w.memory.buffer.byteLength;
  if (short > 0) w.memory.grow(Math.ceil(short / 65536));
  const at = w.sa(length - 1);
  let memory = views.get(w);
  if (memory?.buffer !== w.memory.buffer) {
    const buffer = w.memory.buffer;
    memory = { buffer, bytes: Buffer.from(buffer), view: new DataView(buffer) };
    views.set(w, memory);
  }
  memory.bytes.write(source, at, 2 * (length - 1), 'utf16le');
  if (!w.parse()) return null;
  const imports: LexedImport[] = [];
  while (w.ri()) {
    const start = w.is();
    const end = w.ie();
    const bits = w.it();
    const dynamicStart = w.id();
    const flags = w.ip();
    let specifier: string | undefined;
    if (flags & 1) {
      // A string literal: its text between the quotes (an `import()`'s include them).
      const text = dynamicStart === -1 ? source.slice(start, end) : source.slice(start + 1, end - 1);
      if (text.includes('\\')) return null;
      specifier = flags & 2 ? text.replace(CRLF, '\n') : text;
    } else if (dynamicStart !== -1 && source.charCodeAt(start) === 96) return null;
    const kind = bits & 15;
    if (kind === 3) {
      // `import.meta` (its start is -2): no module.
      imports.push({
        type: 'import-meta',
        specifier: undefined,
        glob: false,
        dynamicStart: -1,
        typeOnly: false,
      });
      continue;
    }
    imports.push({
      type: dynamicStart !== -1 ? 'dynamic' : kind === 8 ? 'reexport-star' : 'static',
      specifier,
      glob: false,
      dynamicStart,
      typeOnly: (bits & 16) !== 0,
    });
  }
  // Each export record: its import's place at +20, its type at +24 (1: a declaration or a local name).
  const { view } = memory;
  let reexported: number[] | null = null;
  for (let record = w.re(); record !== 0; record = w.re())
    if (view.getUint8(record + 24) !== 1) (reexported ??= []).push(view.getUint32(record + 20, true));
  return { imports, reexported };
};

/** One source read with the package's parse(), as scanJs reads it; throws what parse() throws. */
export const lexWithPackage = (lexer: Lexer, source: string): Lexed => {
  const [records, exports] = lexer.parse(source);
  const imports: LexedImport[] = [];
  for (const r of records)
    imports.push({
      type: r.type,
      specifier: r.specifier ?? undefined,
      glob: r.type === 'dynamic' && r.glob,
      dynamicStart: r.type === 'dynamic' ? r.dynamicStart : -1,
      typeOnly: r.type === 'dynamic' ? r.probablyTypeOnly : r.typeOnly,
    });
  let reexported: number[] | null = null;
  for (const e of exports) if (e.type !== 'direct') (reexported ??= []).push(e.importIndex);
  return { imports, reexported };
};

/** Reads a source with the module where it can, else with the package's parse() (all of them without a module). */
export const createModuleLexer =
  (lexer: Lexer, wasm: Exports | null) =>
  (source: string): Lexed =>
    (wasm && lexWithModule(wasm, source)) || lexWithPackage(lexer, source);
