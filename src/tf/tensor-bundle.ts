/**
 * A checkpoint's on-disk form: a JSON header (what the run was, what each tensor is) and one
 * binary blob of float32 values, laid out in header order. The same two pieces go to a folder
 * (Node), IndexedDB or a downloaded file (browser). Decoding checks everything a bad file can
 * get wrong and says what: another program's file, a newer format, a truncated blob, a shape
 * that does not match.
 */
export const BUNDLE_FORMAT = 'pac-lab-checkpoint';
export const BUNDLE_VERSION = 1;
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

export function encodeBundle<M>(kind: string, meta: M, tensors: NamedValues[]): { header: string; blob: Uint8Array } {
  const total = tensors.reduce((n, t) => n + t.values.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    if (t.values.length !== sizeOf(t.shape)) throw new CheckpointError(`tensor ${t.name}: ${t.values.length} values for shape [${t.shape}]`);
    all.set(t.values, offset);
    offset += t.values.length;
  }
  const header: BundleHeader<M> = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, kind, meta, tensors: tensors.map(({ name, shape }) => ({ name, shape })) };
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
  if (h.version !== BUNDLE_VERSION) throw new CheckpointError(`${source}: checkpoint format version ${String(h.version)}; this Pac-Lab reads version ${BUNDLE_VERSION}`);
  if (h.kind !== expectedKind) throw new CheckpointError(`${source}: a "${String(h.kind)}" checkpoint, expected "${expectedKind}"`);
  if (!Array.isArray(h.tensors)) throw new CheckpointError(`${source}: the header lists no tensors`);
  let need = 0;
  for (const t of h.tensors) {
    if (!t || typeof t.name !== 'string' || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new CheckpointError(`${source}: a malformed tensor entry ${JSON.stringify(t)}`);
    }
    need += sizeOf(t.shape);
  }
  if (blob.length !== need * 4) {
    throw new CheckpointError(`${source}: weights hold ${blob.length} bytes, the header describes ${need * 4} (${blob.length < need * 4 ? 'truncated' : 'extra data'})`);
  }
  const aligned = blob.byteOffset % 4 === 0 ? blob : blob.slice();
  const all = new Float32Array(aligned.buffer, aligned.byteOffset, need);
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
