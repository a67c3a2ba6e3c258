// Temp files and folders that carry their process id in their name (`w2v-ids-<pid>-…`, `w2v-stdin-<pid>-…`):
// a run that is killed, or loses power, cannot remove its own, so the next run removes those whose process no
// longer exists.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Removes the entries of the temp folder whose name matches `pattern` (group 1: a pid) and whose process is gone. */
export function removeStaleTemp(pattern: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
