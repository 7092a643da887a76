// Optional JSON state file, so a long-running demo survives restarts. Saves are throttled (at most
// one every few seconds while changes keep coming) and written atomically (temp file + rename).
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Store, StoreJSON } from './store.js';

export class StateFile {
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly path: string, private readonly store: Store, private readonly delayMs = 3000) {}

  load(): boolean {
    if (!existsSync(this.path)) return false;
    this.store.load(JSON.parse(readFileSync(this.path, 'utf8')) as StoreJSON);
    return true;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.delayMs);
  }

  save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.saving = this.saving.then(async () => {
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, JSON.stringify(this.store.toJSON()));
      await rename(tmp, this.path);
    });
    return this.saving;
  }
}
