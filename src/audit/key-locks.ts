/**
 * In-process locks by key: holders of the same key run one after another, other keys run beside
 * them. A caller holding several keys takes them in sorted order, so two callers wanting
 * overlapping sets cannot wait on each other in a circle.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withKeys<T>(keys: readonly string[], body: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.take(key));
      return await body();
    } finally {
      for (const release of releases) release();
    }
  }

  private async take(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => held);
    this.tails.set(key, tail);
    await before;
    return () => {
      release();
      // The last holder leaves no entry behind, so the map holds only keys in use.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
