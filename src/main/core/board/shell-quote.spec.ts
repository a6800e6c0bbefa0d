import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from '../../../../test/support/hostile-strings';
import { shJoin, shQuote } from './shell-quote';

describe('shQuote', () => {
  it('leaves plain words readable and quotes everything else', () => {
    expect(shQuote('/usr/lib/librknnrt.so')).toBe('/usr/lib/librknnrt.so');
    expect(shQuote('rknn_server')).toBe('rknn_server');
    expect(shQuote('a b')).toBe("'a b'");
    expect(shQuote("it's")).toBe("'it'\\''s'");
    expect(shQuote('')).toBe("''");
  });

  it('round-trips hostile strings through a real POSIX shell unchanged', async () => {
    for (const word of HOSTILE_STRINGS) {
      const { stdout } = await execa('/bin/sh', ['-c', `printf '%s' ${shQuote(word)}`], { stripFinalNewline: false });
      expect(stdout).toBe(word);
    }
  });

  it('keeps each word one argument in a joined command line', async () => {
    const { stdout } = await execa('/bin/sh', ['-c', `printf '<%s>' ${shJoin(HOSTILE_STRINGS)}`], {
      stripFinalNewline: false,
    });
    expect(stdout).toBe(HOSTILE_STRINGS.map((w) => `<${w}>`).join(''));
  });

  it('rejects NUL, which no shell can carry', () => {
    expect(() => shQuote('a\0b')).toThrow(/NUL byte/);
  });
});
