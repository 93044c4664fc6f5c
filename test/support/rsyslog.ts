/**
 * A real rsyslog (Debian's rsyslogd) for the audit tests: started by the test as the current user,
 * with its own config, pid file and work directory in a temp dir, listening on 127.0.0.1 with a TCP
 * input (imtcp, octet-counted framing) and writing each message as received (`%rawmsg%`) to a file.
 * It can be stopped (SIGTERM: rsyslog drains its queue) and started again on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/processes.js';
import { waitFor } from './gate.js';

export const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p)) ?? null;

export interface Rsyslog {
  port: number;
  /** Where received messages are written, one per line. */
  file: string;
  lines(): string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): void;
  output(): string;
}

export async function startRsyslog(): Promise<Rsyslog> {
  if (!RSYSLOGD) throw new Error('rsyslogd is not installed (apt-get install rsyslog)');
  const dir = mkdtempSync(join(tmpdir(), 'sg-rsyslog-'));
  mkdirSync(join(dir, 'work'));
  const port = await freePort();
  const file = join(dir, 'audit.log');
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(workDirectory="${dir}/work" maxMessageSize="1m")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="audit")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="audit") {
  action(type="omfile" file="${file}" template="raw" flushOnTXEnd="on" asyncWriting="off")
}
`,
  );
  let child: ChildProcess | null = null;
  let out = '';
  const rs: Rsyslog = {
    port,
    file,
    lines: () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []),
    async start() {
      if (child) return;
      const c = spawn(RSYSLOGD!, ['-n', '-f', conf, '-i', join(dir, 'rsyslog.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      c.once('exit', () => {
        if (child === c) child = null;
      });
      await waitFor(async () => (c.exitCode !== null ? Promise.reject(new Error(`rsyslogd exited: ${out}`)) : (await accepts(port)) || undefined), 'rsyslogd to listen', 15_000);
    },
    async stop() {
      const c = child;
      if (!c) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      child = null;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
    output: () => out,
  };
  await rs.start();
  return rs;
}

/** Whether something accepts TCP connections on the port (the probe sends nothing). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
