/**
 * Checkpoints in the browser's IndexedDB (works in pages and workers). Failures say what
 * happened and what to do: no IndexedDB (private mode), quota exceeded (download instead).
 */
import type { EncodedCheckpoint } from '../rl/checkpoint.js';
import { CheckpointError } from './tensor-bundle.js';

const DB_NAME = 'pac-lab';
const STORE = 'checkpoints';

export interface StoredCheckpointInfo {
  key: string;
  savedAt: string;
  bytes: number;
}

interface StoredRecord extends EncodedCheckpoint {
  key: string;
  savedAt: string;
}

function openDb(): Promise<IDBDatabase> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) return Promise.reject(new CheckpointError('this browser offers no IndexedDB here (private mode?): download the checkpoint as a file instead'));
  return new Promise((resolve, reject) => {
    const request = idb.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new CheckpointError(`IndexedDB would not open: ${request.error?.message ?? 'unknown error'}`));
  });
}

function describe(err: DOMException | null, key: string): CheckpointError {
  if (err?.name === 'QuotaExceededError') {
    return new CheckpointError(`saving checkpoint "${key}" exceeded the browser's storage quota: download it as a file instead, or delete older checkpoints`);
  }
  return new CheckpointError(`saving checkpoint "${key}" failed: ${err?.message ?? 'unknown error'}`);
}

export async function storeCheckpoint(key: string, cp: EncodedCheckpoint): Promise<StoredCheckpointInfo> {
  const db = await openDb();
  const savedAt = new Date().toISOString();
  const record: StoredRecord = { key, savedAt, header: cp.header, blob: cp.blob };
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(describe(tx.error, key));
    tx.onabort = () => reject(describe(tx.error, key));
  });
  db.close();
  return { key, savedAt, bytes: cp.blob.length + cp.header.length };
}

export async function fetchCheckpoint(key: string): Promise<EncodedCheckpoint> {
  const db = await openDb();
  const record = await new Promise<StoredRecord | undefined>((resolve, reject) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    request.onsuccess = () => resolve(request.result as StoredRecord | undefined);
    request.onerror = () => reject(new CheckpointError(`reading checkpoint "${key}" failed: ${request.error?.message ?? 'unknown error'}`));
  });
  db.close();
  if (!record) throw new CheckpointError(`no checkpoint named "${key}" in this browser`);
  return { header: record.header, blob: record.blob };
}

export async function listCheckpoints(): Promise<StoredCheckpointInfo[]> {
  const db = await openDb();
  const records = await new Promise<StoredRecord[]>((resolve, reject) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).getAll();
    request.onsuccess = () => resolve(request.result as StoredRecord[]);
    request.onerror = () => reject(new CheckpointError(`listing checkpoints failed: ${request.error?.message ?? 'unknown error'}`));
  });
  db.close();
  return records.map((r) => ({ key: r.key, savedAt: r.savedAt, bytes: r.blob.length + r.header.length }));
}
