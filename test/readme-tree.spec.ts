import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-cli';

/** The README's "How it is built" tree: the fenced block after that heading. */
function readmeTree(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## How it is built$/m)[1];
  const block = /```\n([\s\S]*?)```/.exec(section ?? '');
  if (!block) throw new Error('README.md has no fenced tree under "## How it is built"');
  return block[1].split('\n').filter((l) => l.trim() !== '');
}

/** The indented `name/` entries listed under `src/main/core/`. */
function coreFoldersInTree(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith('src/main/core/'));
  const folders: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const entry = /^ {2}([\w-]+)\//.exec(line);
    if (!entry) break;
    folders.push(entry[1]);
  }
  return folders;
}

describe('README "How it is built" tree', () => {
  it('lists every top-level folder of src/main/core and no folder that does not exist', () => {
    const onDisk = readdirSync(path.join(repoRoot, 'src/main/core'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(coreFoldersInTree(readmeTree()).sort()).toEqual(onDisk);
  });

  it('names only paths that exist', () => {
    const paths = readmeTree()
      .filter((l) => !l.startsWith(' '))
      .flatMap((l) => l.split(/\s{2,}/)[0].split(' '))
      .filter((p) => p.endsWith('/'));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => !existsSync(path.join(repoRoot, p)))).toEqual([]);
  });
});
