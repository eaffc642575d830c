// textDocument/codeLens and codeLens/resolve: the rows of core/editing/lensFacts.ts on the first line
// of a request ("digest ✓" / "digest ✗ (brief changed)", "key ✓/✗") and of a brief ("N requests name
// this brief", "digest ✓/stale"). The list is cheap and unresolved (`data: { uri, row }`); resolve
// computes the title and the command (commandFeature.ts): a ✗ row's command applies its fix.
//
// Refresh: after any published check, two turns later (once however many came), the rows served to
// the client are recomputed, and when one of them reads differently the client is asked for
// `workspace/codeLens/refresh` (when it supports it). A brief edited in the editor or on disk, a
// request that names a brief or stops naming it, the start-up scan finding requests: all end in a
// published check. Off with the initialization option `codeLens: false` or the setting
// `alloy.codeLens.enabled` (pushed or asked), which the client's list then finds empty.

import type { CodeLens, CodeLensParams, Range } from 'vscode-languageserver/node';
import { lensRowIds, lensRowOf, lensRowsOf, type LensRow } from '../core';
import {
  APPLY_FIX_COMMAND,
  EXPLAIN_LENS_COMMAND,
  isLensTarget,
  namingLocations,
  SHOW_REQUESTS_COMMAND,
  type LensTarget,
} from './commandFeature';
import { pathOfUri } from './documentPaths';
import { guarded, logFailure } from './handlerGuard';
import { ErrorCodes, ResponseError } from './lspLibrary';
import type { ServerContext } from './serverContext';
import { codeLensFromClient, codeLensFromPushedSettings, codeLensOption } from './serverSettings';

/** Every row sits on the first line: "above the request", "above the brief". */
const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Up to this many requests, the "N requests name this brief" command carries their locations (a
 * resolve then costs a few ms per ten requests); above it, only [uri, position], and the locations
 * come when the command runs.
 */
export const LOCATIONS_IN_LENS = 100;

/** What lenses depend on: a publisher whose every check is seen. */
export interface PublishingChecks {
  onChecked(listener: () => void): void;
}

export class CodeLensFeature {
  private enabled = true;
  /** URI → how its rows read when the client last asked for them. */
  private readonly served = new Map<string, string>();
  private booked = false;

  constructor(private readonly context: ServerContext) {
    context.documents.onDidClose((e) => this.served.delete(e.document.uri));
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Has every check `publisher` publishes tell the lenses. */
  observe(publisher: PublishingChecks): void {
    publisher.onChecked(() => this.checked());
  }

  /** From the initialize request: the `codeLens` option (default on). */
  initialize(initializationOptions: unknown): void {
    this.enabled = codeLensOption(initializationOptions) ?? true;
  }

  /** Turns the lenses on or off; the client is asked to refresh when that changes anything. */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    void this.refresh();
  }

  /** A `workspace/didChangeConfiguration`: the pushed `alloy.codeLens.enabled`, else the client's configuration. */
  async settingsChanged(settings: unknown): Promise<void> {
    let enabled = codeLensFromPushedSettings(settings);
    if (enabled === undefined && this.context.support?.configuration) enabled = await codeLensFromClient(this.context.connection);
    if (enabled !== undefined) this.setEnabled(enabled);
  }

  lenses(params: CodeLensParams): CodeLens[] {
    const uri = params.textDocument.uri;
    const file = pathOfUri(uri);
    const rows = this.enabled && file ? lensRowIds(this.context.workspace, file) : [];
    if (!file || rows.length === 0) {
      this.served.delete(uri);
      return [];
    }
    this.served.set(uri, this.reading(file));
    return rows.map((row) => ({ range: TOP, data: { uri, row } satisfies LensTarget }));
  }

  resolve(lens: CodeLens): CodeLens {
    const target: unknown = lens.data;
    if (!isLensTarget(target)) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'This code lens was not made by the Alloy server (its data is not { uri, row }).', {
        code: 'bad-arguments',
      });
    }
    const file = pathOfUri(target.uri);
    const row = file && this.enabled ? lensRowOf(this.context.workspace, file, target.row) : undefined;
    if (!file || !row) {
      // The file changed between the list and this resolve: the client lists again after the refresh.
      void this.refresh();
      return { ...lens, command: { title: 'Alloy: out of date', command: EXPLAIN_LENS_COMMAND, arguments: [target] } };
    }
    return { ...lens, command: this.commandOf(row, file, target) };
  }

  private commandOf(row: LensRow, file: string, target: LensTarget): NonNullable<CodeLens['command']> {
    if (row.state === 'wrong' && row.fix) return { title: row.title, command: APPLY_FIX_COMMAND, arguments: [target] };
    const count = row.requests?.length ?? 0;
    if (row.id === 'requests' && count > 0) {
      // Placing each request's local_path reads its syntax tree: beyond the limit that is left to the click.
      const args = count <= LOCATIONS_IN_LENS ? [target.uri, TOP.start, namingLocations(this.context, file)] : [target.uri, TOP.start];
      return { title: row.title, command: SHOW_REQUESTS_COMMAND, arguments: args };
    }
    return { title: row.title, command: EXPLAIN_LENS_COMMAND, arguments: [target] };
  }

  /** How a file's rows read: their titles and whether each can be fixed. */
  private reading(file: string): string {
    return lensRowsOf(this.context.workspace, file)
      .map((row) => `${row.title}${row.fix ? ' (fix)' : ''}`)
      .join('\n');
  }

  /** A check was published: compare the served rows two turns later (after the fan-out's first slice). */
  private checked(): void {
    if (this.booked || this.served.size === 0 || !this.context.support?.codeLensRefresh) return;
    this.booked = true;
    const timer = this.context.runtime.timer;
    timer.setImmediate(() =>
      timer.setImmediate(() => {
        this.booked = false;
        try {
          if (this.servedChanged()) void this.refresh();
        } catch (error) {
          logFailure(this.context.connection, 'comparing the code lenses', error);
        }
      }),
    );
  }

  private servedChanged(): boolean {
    for (const [uri, reading] of this.served) {
      const file = pathOfUri(uri);
      if (!file || !this.enabled || this.reading(file) !== reading) return true;
    }
    return false;
  }

  /** Asks the client to list the lenses again; what it lists next is what is served. */
  private async refresh(): Promise<void> {
    if (!this.context.support?.codeLensRefresh) return;
    this.served.clear();
    await this.context.connection
      .sendRequest('workspace/codeLens/refresh')
      .catch((error: unknown) => logFailure(this.context.connection, 'asking the client to refresh its code lenses', error));
  }
}

/** Registers the CodeLens handlers; the returned feature is told the settings and sees every published check. */
export function listenToCodeLens(context: ServerContext, publisher: PublishingChecks): CodeLensFeature {
  const { connection } = context;
  const lenses = new CodeLensFeature(context);
  lenses.observe(publisher);
  connection.onCodeLens(guarded(connection, 'code lenses', [], (params) => lenses.lenses(params)));
  connection.onCodeLensResolve((lens) => {
    try {
      return lenses.resolve(lens);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logFailure(connection, 'resolving a code lens', error);
      return {
        ...lens,
        command: { title: 'Alloy: this lens failed (see the log)', command: EXPLAIN_LENS_COMMAND, arguments: [lens.data] },
      };
    }
  });
  return lenses;
}
