import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { StageLogWriter } from './run-logs';

describe('StageLogWriter', () => {
  it('numbers lines as read back: multi-line text splits, empty stdout lines drop, a re-run numbers on', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'logs', '0.log');
    const first = new StageLogWriter(file, 0);
    const written = [
      ...first.write('step 1\nstep 2', 'stdout'),
      ...first.write('', 'stdout'),
      ...first.write('careful', 'stderr'),
      ...first.write('', 'info'),
    ];
    await first.close();
    expect(written.map((l) => [l.seq, l.stream, l.text])).toEqual([
      [0, 'stdout', 'step 1'],
      [1, 'stdout', 'step 2'],
      [2, 'stderr', 'careful'],
      [3, 'info', ''],
    ]);
    expect(readFileSync(file, 'utf8')).toBe('step 1\nstep 2\n! careful\n# \n');
    const rerun = new StageLogWriter(file, 0);
    expect(rerun.write('again', 'info')).toEqual([{ stageIndex: 0, seq: 4, stream: 'info', text: 'again' }]);
    await rerun.close();
  });
});
