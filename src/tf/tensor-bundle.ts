/**
 * A checkpoint's on-disk form: a JSON header (what the run was, what each tensor is) and one
 * binary blob of values, laid out in header order: float32 (format version 1), or half
 * precision for compact checkpoints (version 2, header `values: "float16"`; half.ts). The same
 * two pieces go to a folder (Node), IndexedDB or a downloaded file (browser). Decoding checks everything a bad file can
 * get wrong and says what: another program's file, a newer format, a truncated blob, a shape
 * that does not match.
 */
import { fromHalfBits, toHalfBits } from './half.js';

export const BUNDLE_FORMAT = 'pac-lab-checkpoint';
/** The version written for float32 bundles; half-precision ones are version 2 (older readers refuse them by version). */
export const BUNDLE_VERSION = 1;
const HALF_BUNDLE_VERSION = 2;
/** How the blob stores values: 4 bytes (float32) or 2 (IEEE half). */
export type BundleValues = 'float32' | 'float16';
/** Refuse checkpoints over this size rather than exhaust memory (the nature DQN is ~20 MB with Adam state). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

export interface TensorEntry {
  name: string;
  shape: number[];
}

export interface BundleHeader<M> {
  format: typeof BUNDLE_FORMAT;
  version: number;
  /** What kind of run made it, e.g. 'dqn'. */
  kind: string;
  meta: M;
  tensors: TensorEntry[];
  /** Absent: float32. */
  values?: BundleValues;
}

export interface NamedValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws naming the tensor and the value where `values` is 'float16' and a value does not fit a half. */
export function encodeBundle<M>(kind: string, meta: M, tensors: NamedValues[], values: BundleValues = 'float32'): { header: string; blob: Uint8Array } {
  const total = tensors.reduce((n, t) => n + t.values.length, 0);
  const all = values === 'float16' ? new Uint16Array(total) : new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    if (t.values.length !== sizeOf(t.shape)) throw new CheckpointError(`tensor ${t.name}: ${t.values.length} values for shape [${t.shape}]`);
    if (all instanceof Uint16Array) {
      const half = toHalfBits(t.values);
      if (!(half instanceof Uint16Array)) {
        throw new CheckpointError(`tensor ${t.name}: value ${t.values[half.badIndex]} at ${half.badIndex} does not fit half precision (finite, at most 65504 in magnitude); keep this checkpoint in float32`);
      }
      all.set(half, offset);
    } else {
      all.set(t.values, offset);
    }
    offset += t.values.length;
  }
  const half = values === 'float16';
  const header: BundleHeader<M> = {
    format: BUNDLE_FORMAT, version: half ? HALF_BUNDLE_VERSION : BUNDLE_VERSION, kind, meta,
    tensors: tensors.map(({ name, shape }) => ({ name, shape })), ...(half ? { values } : {}),
  };
  return { header: JSON.stringify(header, null, 1), blob: new Uint8Array(all.buffer) };
}

/** Parses and checks a bundle; `source` names the file in messages. */
export function decodeBundle<M>(headerText: string, blob: Uint8Array, expectedKind: string, source: string): { header: BundleHeader<M>; tensors: NamedValues[] } {
  if (headerText.length > 16 * 1024 * 1024) throw new CheckpointError(`${source}: header is ${headerText.length} bytes, too large for a checkpoint header`);
  if (blob.length > MAX_BUNDLE_BYTES) throw new CheckpointError(`${source}: weights are ${blob.length} bytes; the limit is ${MAX_BUNDLE_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(headerText);
  } catch (err) {
    throw new CheckpointError(`${source}: the header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const h = parsed as Partial<BundleHeader<M>> | null;
  if (!h || typeof h !== 'object' || h.format !== BUNDLE_FORMAT) {
    throw new CheckpointError(`${source}: not a Pac-Lab checkpoint (format ${JSON.stringify(h && typeof h === 'object' ? h.format : h)}, expected "${BUNDLE_FORMAT}")`);
  }
  if (h.version !== BUNDLE_VERSION && h.version !== HALF_BUNDLE_VERSION) {
    throw new CheckpointError(`${source}: checkpoint format version ${String(h.version)}; this Pac-Lab reads versions ${BUNDLE_VERSION} and ${HALF_BUNDLE_VERSION}`);
  }
  const valueType = h.values ?? 'float32';
  if (valueType !== 'float32' && valueType !== 'float16') throw new CheckpointError(`${source}: values ${JSON.stringify(h.values)}; expected "float32" or "float16"`);
  const bytesPerValue = valueType === 'float16' ? 2 : 4;
  if (h.kind !== expectedKind) throw new CheckpointError(`${source}: a "${String(h.kind)}" checkpoint, expected "${expectedKind}"`);
  if (!Array.isArray(h.tensors)) throw new CheckpointError(`${source}: the header lists no tensors`);
  let need = 0;
  for (const t of h.tensors) {
    if (!t || typeof t.name !== 'string' || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new CheckpointError(`${source}: a malformed tensor entry ${JSON.stringify(t)}`);
    }
    need += sizeOf(t.shape);
  }
  if (blob.length !== need * bytesPerValue) {
    const described = need * bytesPerValue;
    throw new CheckpointError(`${source}: weights hold ${blob.length} bytes, the header describes ${described} ${valueType} (${blob.length < described ? 'truncated' : 'extra data'})`);
  }
  const aligned = blob.byteOffset % 4 === 0 ? blob : blob.slice();
  const all = valueType === 'float16' ? fromHalfBits(new Uint16Array(aligned.buffer, aligned.byteOffset, need)) : new Float32Array(aligned.buffer, aligned.byteOffset, need);
  let offset = 0;
  const tensors = h.tensors.map((t) => {
    const n = sizeOf(t.shape);
    const values = all.slice(offset, offset + n);
    offset += n;
    return { name: t.name, shape: t.shape, values };
  });
  return { header: h as BundleHeader<M>, tensors };
}

/** Single-file form (downloads, uploads): "PACLAB1\n", header length (uint32 LE), header, blob. */
const FILE_MAGIC = 'PACLAB1\n';

export function packBundleFile(header: string, blob: Uint8Array): Uint8Array {
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(FILE_MAGIC.length + 4 + headerBytes.length + blob.length);
  out.set(new TextEncoder().encode(FILE_MAGIC), 0);
  new DataView(out.buffer).setUint32(FILE_MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, FILE_MAGIC.length + 4);
  out.set(blob, FILE_MAGIC.length + 4 + headerBytes.length);
  return out;
}

export function unpackBundleFile(bytes: Uint8Array, source: string): { header: string; blob: Uint8Array } {
  const magic = new TextDecoder().decode(bytes.subarray(0, FILE_MAGIC.length));
  if (magic !== FILE_MAGIC) throw new CheckpointError(`${source}: not a Pac-Lab checkpoint file (it does not start with "PACLAB1")`);
  if (bytes.length < FILE_MAGIC.length + 4) throw new CheckpointError(`${source}: truncated checkpoint file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(FILE_MAGIC.length, true);
  const start = FILE_MAGIC.length + 4;
  if (start + headerLength > bytes.length) throw new CheckpointError(`${source}: truncated checkpoint file: header of ${headerLength} bytes, ${bytes.length - start} present`);
  return {
    header: new TextDecoder().decode(bytes.subarray(start, start + headerLength)),
    blob: bytes.slice(start + headerLength),
  };
}
