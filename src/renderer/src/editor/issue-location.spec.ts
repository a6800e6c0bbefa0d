import { describe, expect, it } from 'vitest';
import { issueLocation } from './issue-location';

describe('issue location', () => {
  it('numbers stages from 1 like the line numbers next to them', () => {
    expect(issueLocation('stages.0.calib')).toBe('stage 1 › calib');
    expect(issueLocation('stages.11')).toBe('stage 12');
    expect(issueLocation('stages.1.rknn.config.target_platform')).toBe('stage 2 › rknn.config.target_platform');
    expect(issueLocation('name')).toBe('name');
  });
});
