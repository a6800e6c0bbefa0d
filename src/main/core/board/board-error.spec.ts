import { describe, expect, it } from 'vitest';
import { classifyAdbFailure } from './board-error';

describe('classifyAdbFailure', () => {
  it('recognises adb server problems and empty device lists', () => {
    expect(
      classifyAdbFailure(
        "adb server version (41) doesn't match this client (39); killing...",
        undefined,
        'listing devices',
        5037,
      )?.message,
    ).toBe('Another adb (server version 41) owns port 5037; this client is version 39');
    expect(
      classifyAdbFailure(
        '* cannot connect to daemon at tcp:5037: Connection refused',
        undefined,
        'listing devices',
        5037,
      )?.reason,
    ).toBe('adb_server');
    expect(classifyAdbFailure('adb: error: no devices/emulators found', undefined, 'x', 5037)?.message).toBe(
      'No board is connected',
    );
    expect(classifyAdbFailure('adb: error: more than one device/emulator', undefined, 'x', 5037)?.reason).toBe(
      'ambiguous',
    );
    expect(classifyAdbFailure('cat: /x: No such file or directory', 'S1', 'x', 5037)).toBeNull();
  });
});
