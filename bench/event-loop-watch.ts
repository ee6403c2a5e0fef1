// How much a stretch of work held the engine's event loop: a 1 ms ticker, and at each tick the gap
// since the last one. Used by the benches that promise the loop keeps turning (analysis-start,
// gone-check).
import fs from 'node:fs';

const processCpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * CPU ms of this process's main thread (the event loop's), from Linux's schedstat (ns on a core,
 * brought up to date at scheduler ticks: a few ms either way); elsewhere the whole process's, which
 * counts libuv's and the GC's threads too (hence stallBoundMs below).
 */
function mainThreadCpuMs(): number {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return processCpuMs();
  }
}

export interface EventLoopStalls {
  /** The longest gap between two ticks, wall ms (on a busy machine, waiting for a core counts too). */
  stallWallMs: number;
  /** The most CPU the loop's thread used in one gap, ms. */
  stallCpuMs: number;
  /** The lesser of a gap's wall time and the whole process's CPU in it: an upper bound with neither error. */
  stallBoundMs: number;
}

/** Starts watching; the returned function stops and answers (the gap up to the stop counts too). */
export function watchEventLoop(): () => EventLoopStalls {
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  let lastProcess = processCpuMs();
  const worst: EventLoopStalls = { stallWallMs: 0, stallCpuMs: 0, stallBoundMs: 0 };
  const tick = () => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    const processCpu = processCpuMs();
    worst.stallWallMs = Math.max(worst.stallWallMs, now - last);
    worst.stallCpuMs = Math.max(worst.stallCpuMs, cpu - lastCpu);
    worst.stallBoundMs = Math.max(worst.stallBoundMs, Math.min(now - last, processCpu - lastProcess));
    last = now;
    lastCpu = cpu;
    lastProcess = processCpu;
  };
  const ticker = setInterval(tick, 1);
  return () => {
    tick();
    clearInterval(ticker);
    return { ...worst };
  };
}
