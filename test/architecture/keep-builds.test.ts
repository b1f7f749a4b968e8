import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneBuilds } from '../../build/keep-builds';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('pruneBuilds', () => {
  it('keeps the newest three build folders younger than two days, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-builds-'));
    dirs.push(dir);
    const now = Date.now();
    const build = (name: string, hoursAgo: number) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'loader.js'), '');
      const at = new Date(now - hoursAgo * HOUR);
      utimesSync(join(dir, name), at, at);
    };
    build('aaaaaaaaaa', 1);
    build('bbbbbbbbbb', 5);
    build('cccccccccc', 30);
    build('dddddddddd', 40);
    build('eeeeeeeeee', 60); // older than two days
    mkdirSync(join(dir, '.build')); // a staging folder left by a failed build
    writeFileSync(join(dir, 'loader-0123abcd.js'), ''); // a file of the hashed-name layout
    expect(pruneBuilds(dir, now)).toEqual(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']);
    expect(readdirSync(dir).sort()).toEqual(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']);
  });

  it('drops every build when told to keep none, and copes with no folder at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-builds-'));
    dirs.push(dir);
    mkdirSync(join(dir, '0123456789'));
    expect(pruneBuilds(dir, Date.now(), 0)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(pruneBuilds(join(dir, 'missing'))).toEqual([]);
  });
});
