// The files a workspace-wide edit looks at: every Alloy file the one walker lists in each workspace
// folder (opened or not, whether or not the start-up scan ran), plus every open document.

import { listAlloyFiles } from '../core';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

export async function workspaceFiles(context: ServerContext): Promise<string[]> {
  const files = new Set<string>();
  for (const folder of context.folders) {
    for (const file of await listAlloyFiles(folder, context.runtime.directoryLister)) files.add(file);
  }
  for (const document of context.documents.all()) {
    const file = pathOfUri(document.uri);
    if (file) files.add(file);
  }
  return [...files].sort();
}
