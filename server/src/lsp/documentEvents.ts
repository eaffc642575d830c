// Editor documents: their text is an overlay over disk; each change is checked on the next tick,
// and requests naming the document are re-checked. Closing falls back to the disk text: a file of
// the walked set is checked again from disk (its analysis then ages out of the workspace's bounded
// cache); any other file's text and analysis are let go at once, so memory does not grow with
// every document ever opened.

import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { DiagnosticsScheduler } from './diagnosticsScheduler';
import { pathOfUri } from './documentPaths';
import { runGuarded } from './handlerGuard';
import type { ServerContext } from './serverContext';
import { isScannedFile } from '../core';

export function listenToDocuments(context: ServerContext, publisher: DiagnosticsPublisher, scheduler: DiagnosticsScheduler): void {
  const { documents, connection } = context;

  documents.onDidOpen((e) => context.noteOpened(e.document.uri));

  documents.onDidChangeContent((e) => {
    runGuarded(connection, `updating ${e.document.uri}`, () => {
      const file = pathOfUri(e.document.uri);
      if (!file) return;
      context.workspace.setOverlay(file, e.document.getText());
      scheduler.checkDocumentSoon(e.document);
      scheduler.fanOutSoon(file);
    });
  });

  documents.onDidSave((e) => {
    runGuarded(connection, `saving ${e.document.uri}`, () => {
      const file = pathOfUri(e.document.uri);
      if (!file) return;
      context.workspace.invalidate(file);
      // The file may now read differently from before: an editor that showed bytes that are not
      // UTF-8 as U+FFFD has written its text as UTF-8.
      scheduler.checkDocumentSoon(e.document);
      scheduler.fanOutSoon(file);
    });
  });

  documents.onDidClose((e) => {
    runGuarded(connection, `closing ${e.document.uri}`, () => {
      context.noteClosed(e.document.uri);
      const file = pathOfUri(e.document.uri);
      if (!file) return;
      context.workspace.removeOverlay(file);
      context.workspace.invalidate(file);
      // A workspace file keeps its (disk) diagnostics; anything else leaves Problems with its editor.
      if (context.analyzeWorkspace && isScannedFile(file)) {
        publisher.publish(file);
      } else {
        context.workspace.release(file);
        publisher.clear(file);
      }
      scheduler.fanOutSoon(file);
    });
  });
}
