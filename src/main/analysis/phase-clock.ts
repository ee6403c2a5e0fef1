// Wall and CPU seconds per phase of an analysis, so a bench can say where the time goes. CPU is
// the whole process's (ONNX Runtime's threads included): on a shared machine it is the figure
// that holds. A phase met again (a loop's GEMMs, say) adds to its total.

export interface PhaseTime {
  seconds: number;
  cpuSeconds: number;
}

export class PhaseClock {
  readonly phases: Record<string, PhaseTime> = {};
  private wall = performance.now();
  private cpu = process.cpuUsage();

  /** Charges the time since the last lap (or the start) to `phase`. */
  lap(phase: string): void {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const t = (this.phases[phase] ??= { seconds: 0, cpuSeconds: 0 });
    t.seconds += (wall - this.wall) / 1000;
    t.cpuSeconds += (cpu.user + cpu.system - this.cpu.user - this.cpu.system) / 1e6;
    this.wall = wall;
    this.cpu = cpu;
  }

  /** The phases rounded to milliseconds, for a result or a bench's JSON. */
  rounded(): Record<string, PhaseTime> {
    const r = (x: number) => Math.round(x * 1000) / 1000;
    return Object.fromEntries(Object.entries(this.phases).map(([k, t]) => [k, { seconds: r(t.seconds), cpuSeconds: r(t.cpuSeconds) }]));
  }
}
