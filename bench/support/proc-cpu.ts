// CPU time of another process (user + system) from /proc/<pid>/stat, so benchmarks on a shared
// 2-core machine can report CPU per operation, which noisy neighbours do not inflate the way they
// inflate wall-clock latency. Linux only; returns null elsewhere.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Whole-machine CPU counters from /proc/stat: busy and total time over all cores, in ticks. */
export function machineCpuTicks(): { busy: number; total: number } | null {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = values[3] + values[4]; // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of the machine's CPU (all cores) that was busy between two machineCpuTicks() readings. */
export function machineBusyShare(before: ReturnType<typeof machineCpuTicks>, after: ReturnType<typeof machineCpuTicks>): number | null {
  if (!before || !after || after.total === before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
}
