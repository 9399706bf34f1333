/**
 * A few helpers to write a WebAssembly module as bytes from TypeScript: enough for the SIMD
 * GEMM kernel in simd-gemm.ts (one imported memory, exported functions, i32 and v128 locals,
 * loops). No build step and no binary blob: the module is assembled at start-up from this code.
 * Encodings follow the WebAssembly core spec (binary format) and its fixed-width SIMD proposal.
 */

export type Bytes = number[];

export const I32 = 0x7f;
export const V128 = 0x7b;

export function uleb(n: number): Bytes {
  const out: Bytes = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(n: number): Bytes {
  const out: Bytes = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];
const name = (s: string): Bytes => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** Instructions (each returns its bytes). */
export const op = {
  get: (i: number): Bytes => [0x20, ...uleb(i)],
  set: (i: number): Bytes => [0x21, ...uleb(i)],
  tee: (i: number): Bytes => [0x22, ...uleb(i)],
  i32: (v: number): Bytes => [0x41, ...sleb(v)],
  add: [0x6a] as Bytes,
  sub: [0x6b] as Bytes,
  mul: [0x6c] as Bytes,
  shl: [0x74] as Bytes,
  ltS: [0x48] as Bytes,
  ltU: [0x49] as Bytes,
  geS: [0x4e] as Bytes,
  /** i32.load with a byte offset (alignment hint 4 bytes). */
  i32Load: (offset = 0): Bytes => [0x28, 2, ...uleb(offset)],
  /** `if ... else ... end` with no result, on the i32 on the stack. */
  ifElse: (then: Bytes, otherwise: Bytes): Bytes => [0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b],
  /** `loop ... end` with no result; `br_if 0` inside jumps back to its start. */
  loop: (body: Bytes): Bytes => [0x03, 0x40, ...body, 0x0b],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  /** v128.load / v128.store with a byte offset (alignment hint 1: addresses need not be aligned). */
  vload: (offset = 0): Bytes => [0xfd, ...uleb(0x00), 0, ...uleb(offset)],
  vstore: (offset = 0): Bytes => [0xfd, ...uleb(0x0b), 0, ...uleb(offset)],
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  vsplat32: (offset = 0): Bytes => [0xfd, ...uleb(0x09), 0, ...uleb(offset)],
  vzero: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)] as Bytes,
  f32x4Sqrt: [0xfd, ...uleb(0xe3)] as Bytes,
  f32x4Add: [0xfd, ...uleb(0xe4)] as Bytes,
  f32x4Sub: [0xfd, ...uleb(0xe5)] as Bytes,
  f32x4Mul: [0xfd, ...uleb(0xe6)] as Bytes,
  f32x4Div: [0xfd, ...uleb(0xe7)] as Bytes,
};

export interface FunctionDef {
  exportName: string;
  params: number[];
  /** Local declarations after the params: [count, type] pairs. */
  locals: [number, number][];
  /** Instructions, without the final `end`. */
  body: Bytes;
}

/** A module importing `env.mem` (a memory of at least `minPages` 64 KiB pages) and exporting `funcs` (no results). */
export function assembleModule(funcs: FunctionDef[], minPages: number): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const codes = funcs.map((f) => {
    const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(minPages)]])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes)),
  ]);
}
