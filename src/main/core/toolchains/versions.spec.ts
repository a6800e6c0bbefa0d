import { describe, expect, it } from 'vitest';
import { compareVersions, versionCore } from './versions';

describe('compareVersions', () => {
  it('compares Python package versions numerically (the toolchain doctor)', () => {
    expect(compareVersions('1.13.0a0', '1.10.1')).toBeGreaterThan(0);
    expect(compareVersions('2.4.0+cpu', '2.4.0')).toBe(0);
    expect(compareVersions('1.9', '1.16.1')).toBeLessThan(0);
    expect(compareVersions('3.12', '3.12.0')).toBe(0);
    expect(compareVersions('3.11.2', '3.6')).toBeGreaterThan(0);
  });

  it('compares board runtime and driver versions (the board doctor)', () => {
    expect(compareVersions('v0.9.6', '0.9.2')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0b0+abc', '2.3.2')).toBeLessThan(0);
    expect(compareVersions('1.5.3b13', '1.5.3')).toBe(0);
  });

  it('is null when either version is unknown, so no check reads it as 0.0.0', () => {
    expect(compareVersions(null, '2.3.2')).toBeNull();
    expect(compareVersions('2.3.2', undefined)).toBeNull();
    expect(compareVersions('unknown', '1.10.1')).toBeNull();
    expect(versionCore('')).toBeNull();
    expect(versionCore('rknn_server 2.3.2 (1842325)')).toEqual([2, 3, 2]);
  });
});
