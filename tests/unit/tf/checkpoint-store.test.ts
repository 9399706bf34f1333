/**
 * Storage faults, injected with a fake IndexedDB: private mode (no IndexedDB) and a full quota
 * each give a message that says so and offers the download; nothing is reported as saved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeCheckpoint } from '../../../src/tf/checkpoint-store.js';

const CHECKPOINT = { header: '{}', blob: new Uint8Array(8) };
const g = globalThis as { indexedDB?: unknown };

/** An IndexedDB whose write transactions abort with `error` (a DOMException-like). */
function failingIndexedDb(error: { name: string; message: string }): unknown {
  const db = {
    close: () => undefined,
    transaction: () => {
      const tx: Record<string, unknown> = { error };
      tx.objectStore = () => ({ put: () => setTimeout(() => (tx.onabort as () => void)(), 0) });
      return tx;
    },
  };
  return {
    open: () => {
      const request: Record<string, unknown> = { result: db };
      setTimeout(() => (request.onsuccess as () => void)(), 0);
      return request;
    },
  };
}

describe('checkpoint storage faults', () => {
  afterEach(() => {
    delete g.indexedDB;
  });

  it('private mode (no IndexedDB): says so and offers the download', async () => {
    delete g.indexedDB;
    await expect(storeCheckpoint('a', CHECKPOINT)).rejects.toThrow(/no IndexedDB here \(private mode\?\): download the checkpoint as a file instead/);
  });

  it('quota exceeded: says so and offers the download', async () => {
    g.indexedDB = failingIndexedDb({ name: 'QuotaExceededError', message: 'full' });
    await expect(storeCheckpoint('big agent', CHECKPOINT)).rejects.toThrow(/saving checkpoint "big agent" exceeded the browser's storage quota: download it as a file instead/);
  });

  it('any other failure names the checkpoint and the cause', async () => {
    g.indexedDB = failingIndexedDb({ name: 'UnknownError', message: 'disk on fire' });
    await expect(storeCheckpoint('x', CHECKPOINT)).rejects.toThrow(/saving checkpoint "x" failed: disk on fire/);
  });
});
