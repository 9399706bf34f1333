/** Pure helpers for the Agent card: checkpoint names, sizes, dates, file names. */

/** Longest name accepted for a saved checkpoint (characters). */
export const MAX_CHECKPOINT_NAME = 64;

/** The trimmed name, or an error message saying why it cannot be used. */
export function checkName(raw: string): { name: string } | { error: string } {
  const name = raw.trim();
  if (!name) return { error: 'give the checkpoint a name first' };
  if (name.length > MAX_CHECKPOINT_NAME) return { error: `checkpoint names are at most ${MAX_CHECKPOINT_NAME} characters, got ${name.length}` };
  return { name };
}

/** "512 B", "1.5 KB", "12.3 MB" (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** An ISO timestamp as "2026-11-23 09:54" (UTC, so tests and screenshots agree); junk passes through. */
export function formatSavedAt(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** A download file name from a checkpoint name: letters, digits, '-', '_', '.'; ends in .paclab. */
export function checkpointFileName(name: string): string {
  const base = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'pac-lab-agent';
  return base.endsWith('.paclab') ? base : `${base}.paclab`;
}
