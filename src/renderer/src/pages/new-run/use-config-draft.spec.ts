import { describe, expect, it } from 'vitest';
import { renamedCopy } from './use-config-draft';

describe('renamedCopy (duplicate as new)', () => {
  it('renames block and flow YAML and keeps comments', () => {
    expect(renamedCopy('# mine\nname: a\nstages:\n  - kind: x # first\n', 'a')).toBe(
      '# mine\nname: a-copy\nstages:\n  - kind: x # first\n',
    );
    expect(renamedCopy('{name: a, stages: [{kind: x}]}', 'a')).toBe('{ name: a-copy, stages: [ { kind: x } ] }\n');
    expect(renamedCopy('stages: [{kind: x}]\n', 'b')).toContain('name: b-copy');
  });
  it('leaves text it cannot parse untouched', () => {
    expect(renamedCopy('name: [unclosed', 'a')).toBe('name: [unclosed');
  });
});
