// CPU time of another process (user + system) from /proc/<pid>/stat, so benchmarks on a shared
// 2-core machine can report CPU per operation, which noisy neighbours do not inflate the way they
// inflate wall-clock latency. Linux only; returns null elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** user + system CPU in ms from the text of /proc/<pid>/stat. */
function cpuMsOfStat(stat: string): number {
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
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

/** CPU time so far of every process named `command` (e.g. 'postgres', 'redis-server'), by pid. */
export type CommandCpu = Map<number, number>;

export function commandCpuSnapshot(command: string): CommandCpu | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const snapshot: CommandCpu = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== command) continue;
      snapshot.set(Number(pid), cpuMsOfStat(stat));
    } catch {
      // The process exited while we were reading.
    }
  }
  return snapshot;
}

/**
 * CPU used between two snapshots by all processes of one command, summed (PostgreSQL runs one
 * process per connection). A process started in between counts whole; one that exited in between
 * takes its time with it, so this can only undercount.
 */
export function commandCpuDeltaMs(before: CommandCpu | null, after: CommandCpu | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
