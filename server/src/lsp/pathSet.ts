// A set of file paths that also answers "which members are at or below this path" in time
// proportional to the answer, not to the set: each folder on the way to a member lists its
// children. A deleted folder is one event for all its files, so the server asks this once per
// deleted path; a scan of the whole set per path made a mass delete quadratic.

import * as path from 'node:path';

export class PathSet {
  private readonly members = new Set<string>();
  /** Folder → its children (members, or folders with members below) that lead to members. */
  private readonly children = new Map<string, Set<string>>();

  get size(): number {
    return this.members.size;
  }

  has(p: string): boolean {
    return this.members.has(p);
  }

  /** Adds an absolute, resolved path. */
  add(p: string): void {
    if (this.members.has(p)) return;
    this.members.add(p);
    for (let child = p, parent = path.dirname(p); parent !== child; child = parent, parent = path.dirname(parent)) {
      const siblings = this.children.get(parent);
      if (siblings) {
        siblings.add(child);
        return; // the folder already leads up to the top
      }
      this.children.set(parent, new Set([child]));
    }
  }

  delete(p: string): void {
    if (!this.members.delete(p)) return;
    // Unlink the folders that now lead to no member, from the bottom up.
    for (let child = p; !this.members.has(child) && !this.children.has(child);) {
      const parent = path.dirname(child);
      const siblings = parent === child ? undefined : this.children.get(parent);
      if (!siblings) return;
      siblings.delete(child);
      if (siblings.size > 0) return;
      this.children.delete(parent);
      child = parent;
    }
  }

  /** The members equal to `root` or inside it, in no particular order. */
  atOrBelow(root: string): string[] {
    const found: string[] = [];
    if (this.members.has(root)) found.push(root);
    const pending = [root];
    while (pending.length > 0) {
      const below = this.children.get(pending.pop()!);
      if (!below) continue;
      for (const child of below) {
        if (this.members.has(child)) found.push(child);
        if (this.children.has(child)) pending.push(child);
      }
    }
    return found;
  }
}
