// Comlink ships its Node adapter without types (DESIGN.md, traps).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  interface NodeEndpoint {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches worker_threads' own signature
    postMessage(message: unknown, transfer?: readonly any[]): void;
    on(type: string, listener: (value: unknown) => void): void;
    off(type: string, listener: (value: unknown) => void): void;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
