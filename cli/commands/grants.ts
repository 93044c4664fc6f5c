/** `grants`, `grants revoke`: what "approve for this session / for N minutes" decided (issue 23). */
import { describeGrant } from '../../shared/grants.js';
import { callGate } from '../control-client.js';
import { printJson, printTable } from '../output.js';
import { failed } from './requests.js';

export async function grants(socket: string, server: string | undefined, json: boolean): Promise<number> {
  const r = await callGate(socket, 'grants.list', server === undefined ? {} : { server });
  if (!r.ok) return failed(r);
  if (json) {
    printJson(r.value);
    return 0;
  }
  if (r.value.length === 0) {
    process.stdout.write(`no grants${server ? ` for ${server}` : ''} (they are made with approve --session or --for MINUTES, and end with the gate)\n`);
    return 0;
  }
  printTable(
    ['ID', 'SERVER', 'GRANT'],
    r.value.map((g) => [g.id, g.server, describeGrant(g)]),
  );
  return 0;
}

export async function revoke(socket: string, by: { id: string } | { server: string }): Promise<number> {
  const r = await callGate(socket, 'grants.revoke', by);
  if (!r.ok) return failed(r);
  process.stdout.write(`revoked ${r.value.revoked} grant${r.value.revoked === 1 ? '' : 's'}${'server' in by ? ` of ${by.server}` : ''}\n`);
  return 0;
}
