// Memoises the folder-structure questions (stat, realpath, repository root, where a brief path
// leads) that every check asks.
// The owner clears it on any file event, so a created `.alloy/` or a changed symlink is seen.

import * as path from 'node:path';
import { repositoryRoot, resolveBriefPath, type BriefLocation, type PathHost } from './repositoryPaths';

export class CachedPathHost implements PathHost {
  private readonly real = new Map<string, string | undefined>();
  private readonly directories = new Map<string, boolean>();
  private readonly roots = new Map<string, string>();
  /** root → local_path → where that brief is. */
  private readonly briefs = new Map<string, Map<string, BriefLocation>>();

  constructor(private readonly host: PathHost) {}

  clear(): void {
    this.real.clear();
    this.directories.clear();
    this.roots.clear();
    this.briefs.clear();
  }

  /** Where a request's `brief.local_path` leads from its repository root; computed once per pair. */
  briefLocation(root: string, localPath: string): BriefLocation {
    let ofRoot = this.briefs.get(root);
    if (ofRoot === undefined) this.briefs.set(root, (ofRoot = new Map()));
    let location = ofRoot.get(localPath);
    if (location === undefined) ofRoot.set(localPath, (location = resolveBriefPath(root, localPath, this)));
    return location;
  }

  realpath(p: string): string | undefined {
    if (!this.real.has(p)) this.real.set(p, this.resolveReal(p));
    return this.real.get(p);
  }

  /**
   * An entry that is not a link lies where its folder really is: one lstat, with the folder's real
   * path from this cache, instead of a realpath that reads every part of the path again (glibc's
   * realpath asks readlink of each, so 1,000 briefs in one folder cost 6,000 calls). Anything
   * else, a link above all, is resolved by the host as before.
   */
  private resolveReal(p: string): string | undefined {
    const parent = path.dirname(p);
    if (this.host.isPlainEntry === undefined || parent === p || path.resolve(p) !== p || !this.host.isPlainEntry(p)) {
      return this.host.realpath(p);
    }
    const realParent = this.realpath(parent);
    return realParent === undefined ? this.host.realpath(p) : path.join(realParent, path.basename(p));
  }

  isDirectory(p: string): boolean {
    let known = this.directories.get(p);
    if (known === undefined) this.directories.set(p, (known = this.host.isDirectory(p)));
    return known;
  }

  /** The repository root of a file (an absolute, resolved path); computed once per folder. */
  rootOf(file: string, workspaceFolders: readonly string[]): string {
    const dir = path.dirname(file);
    let root = this.roots.get(dir);
    if (root === undefined) this.roots.set(dir, (root = repositoryRoot(file, workspaceFolders, this)));
    return root;
  }
}
