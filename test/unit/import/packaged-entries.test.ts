/** An entry that runs the installed desktop app's `connect` is recognised as going through the gate (never wrapped twice). */
import { describe, expect, it } from 'vitest';
import { gateIdOf } from '../../../core/config/importers/read-entry.js';

describe('gateIdOf: the packaged app as the bridge', () => {
  it.each([
    ['/opt/Sampling Gate/sampling-gate-desktop'],
    ['/home/u/dist/linux-unpacked/sampling-gate-desktop'],
    ['/home/u/Applications/Sampling Gate-0.1.0.AppImage'],
    ['/home/u/Applications/sampling_gate.AppImage'],
    ['/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate'],
    ['C:\\Users\\u\\AppData\\Local\\Programs\\Sampling Gate\\Sampling Gate.exe'],
    ['/home/u/.local/bin/sampling-gate'],
  ])('%s connect docs', (command) => {
    expect(gateIdOf({ command, args: ['connect', 'docs', '--data-dir', '/d'] })).toBe('docs');
  });

  it('other programs are not the gate', () => {
    expect(gateIdOf({ command: '/usr/bin/gate-keeper', args: ['connect', 'docs'] })).toBeNull();
    expect(gateIdOf({ command: '/Applications/Other.app/Contents/MacOS/Other', args: ['connect', 'docs'] })).toBeNull();
  });
});
