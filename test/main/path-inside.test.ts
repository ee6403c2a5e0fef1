import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, isSameOrInside } from '../../src/main/path-inside';

describe('isInside / isSameOrInside', () => {
  it('holds for a folder at the root of the file system or of a drive', () => {
    expect(isInside('/', '/photos/a.jpg', path.posix)).toBe(true);
    expect(isInside('E:\\', 'E:\\photos\\a.jpg', path.win32)).toBe(true);
    expect(isInside('E:\\', 'F:\\a.jpg', path.win32)).toBe(false);
    expect(isInside('/', '/', path.posix)).toBe(false);
    expect(isSameOrInside('/', '/', path.posix)).toBe(true);
  });

  it('refuses siblings that share a prefix, parents, and a folder itself as a file', () => {
    expect(isInside('/data/set', '/data/set/a/b.png', path.posix)).toBe(true);
    expect(isInside('/data/set', '/data/settle/b.png', path.posix)).toBe(false);
    expect(isInside('/data/set', '/data', path.posix)).toBe(false);
    expect(isInside('/data/set', '/data/set', path.posix)).toBe(false);
    expect(isInside('/data/set', '/data/set/..foo', path.posix)).toBe(true);
    expect(isInside('C:\\data', 'C:\\data\\x.png', path.win32)).toBe(true);
    expect(isInside('C:\\data', 'C:\\database\\x.png', path.win32)).toBe(false);
  });
});
