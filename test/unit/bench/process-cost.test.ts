// The bench's /proc reader (bench/process-cost.ts) against a real child process: it must find the
// child, and count the CPU it burns and the times it wakes.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { available, childrenOf, CostMeter } from '../../../bench/process-cost.js';

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

/** A child that does what the parent writes to it: `b` burns 200 ms of CPU time (not of the clock: the machine may be busy), `w` sleeps 10 ms 20 times. */
function worker(): Promise<{ proc: ChildProcess; run(cmd: 'b' | 'w'): Promise<void> }> {
  const code = `
    process.stdin.on('data', async (d) => {
      if (String(d).startsWith('b')) { const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const end = cpu() + 200; while (cpu() < end); }
      else for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      process.stdout.write('.');
    });
    process.stdout.write('ready');`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  child = proc;
  const next = (): Promise<void> => new Promise((resolve) => proc.stdout!.once('data', () => resolve()));
  return next().then(() => ({ proc, run: (cmd) => { const done = next(); proc.stdin!.write(cmd); return done; } }));
}

describe.runIf(available())('process cost from /proc', () => {
  it('lists a spawned process among its parent’s children', async () => {
    const { proc } = await worker();
    expect(childrenOf(process.pid)).toContain(proc.pid);
    expect(childrenOf(proc.pid!)).toEqual([]);
  });

  it('counts the CPU a process burns and the times it is woken, summed over start–stop rounds', async () => {
    const { proc, run } = await worker();
    const meter = new CostMeter({ worker: () => [proc.pid!] });
    meter.start();
    await run('b');
    meter.stop();
    const burnt = meter.totals().worker;
    expect(burnt.cpuMs).toBeGreaterThanOrEqual(195);
    expect(burnt.cpuMs).toBeLessThan(1_000);

    meter.start();
    await run('w');
    meter.stop();
    const total = meter.totals().worker;
    // Each 10 ms sleep ends in a wake-up — a few may not, if the process was held off the CPU
    // past its timer on a loaded machine — and they cost little CPU next to the burn.
    expect(total.wakeups - burnt.wakeups).toBeGreaterThanOrEqual(15);
    expect(total.cpuMs - burnt.cpuMs).toBeLessThan(100);
  });

  it('counts a process that exited during the round as nothing, not as a negative cost', async () => {
    const { proc } = await worker();
    const meter = new CostMeter({ gone: () => [proc.pid!] });
    meter.start();
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    meter.stop();
    expect(meter.totals().gone).toEqual({ cpuMs: 0, wakeups: 0 });
  });
});
