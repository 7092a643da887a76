// Remembers which cells of which rows just changed, for FLASH_MS, so the table can highlight them.
import { useCallback, useEffect, useRef, useState } from 'react';

export const FLASH_MS = 2_000;

export type Flashes = ReadonlyMap<string, ReadonlySet<string>>;

export function useFlash() {
  const [flashes, setFlashes] = useState<Flashes>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const flash = useCallback((id: string, fields: readonly string[]) => {
    if (fields.length === 0) return;
    setFlashes((prev) => new Map(prev).set(id, new Set(fields)));
    clearTimeout(timers.current.get(id));
    timers.current.set(
      id,
      setTimeout(() => {
        timers.current.delete(id);
        setFlashes((prev) => {
          const next = new Map(prev);
          next.delete(id);
          return next;
        });
      }, FLASH_MS),
    );
  }, []);

  return { flashes, flash };
}
