import path from 'node:path';

// Whether a (real) path lies inside a (real) folder, for every confinement check: dataset images,
// symlinks met while importing, static files of `serve`. `root + sep` as a prefix fails for a root
// that already ends in a separator ('/' gives '//', 'E:\' gives 'E:\\'), so the test is relative().

/** `p` is `root` itself or anything below it. `api` is path.posix or path.win32 in tests. */
export function isSameOrInside(root: string, p: string, api: path.PlatformPath = path): boolean {
  const rel = api.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${api.sep}`) && !api.isAbsolute(rel));
}

/** `p` is strictly below `root` (a file of the folder, never the folder itself). */
export function isInside(root: string, p: string, api: path.PlatformPath = path): boolean {
  return api.relative(root, p) !== '' && isSameOrInside(root, p, api);
}
