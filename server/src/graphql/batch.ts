// A tiny per-request batch loader: calls made in the same tick (sibling list items) are grouped
// into one `load` call, so a field on N parents costs one query, not N. Keyed by the request's
// context object, so nothing is shared between requests or viewers.
type Pending<K, V> = { keys: K[]; waiters: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] };

const perRequest = new WeakMap<object, Map<string, Pending<any, any>>>();

export function loadBatched<K, V>(ctx: object, name: string, key: K, load: (keys: K[]) => Promise<Map<K, V>>): Promise<V | undefined> {
  let batches = perRequest.get(ctx);
  if (!batches) perRequest.set(ctx, (batches = new Map()));
  let pending = batches.get(name) as Pending<K, V> | undefined;
  if (!pending) {
    const fresh: Pending<K, V> = { keys: [], waiters: [] };
    pending = fresh;
    batches.set(name, fresh);
    // After the current tick's resolvers have all asked: run one load for every key.
    setImmediate(() => {
      batches!.delete(name);
      load([...new Set(fresh.keys)]).then(
        (found) => fresh.waiters.forEach((w) => w.resolve(found.get(w.key))),
        (error) => fresh.waiters.forEach((w) => w.reject(error)),
      );
    });
  }
  return new Promise((resolve, reject) => {
    pending!.keys.push(key);
    pending!.waiters.push({ key, resolve, reject });
  });
}
