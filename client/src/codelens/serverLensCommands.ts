// The language server's lens command that VS Code shows its own way: `alloy.showRequestsOfBrief`
// (the "N requests name this brief" row) carries the arguments of VS Code's
// `editor.action.showReferences` — the brief's URI, a position and the requests' locations — so the
// client opens the references peek instead of asking the server (languageClient.ts). A lens for a
// brief named by many requests leaves the locations out; then the client asks the server's
// references provider for them at the click. Every other server command goes to the server. Pure:
// the arguments are checked here, converted there.

/** The server's command id (server/src/lsp/commandFeature.ts; a unit test keeps the two equal). */
export const SHOW_REQUESTS_OF_BRIEF = 'alloy.showRequestsOfBrief';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

export interface ReferencesArguments {
  uri: string;
  position: LspPosition;
  /** Absent: to be asked from the references provider. */
  locations?: LspLocation[];
}

function isPosition(value: unknown): value is LspPosition {
  if (value === null || typeof value !== 'object') return false;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

function isLocation(value: unknown): value is LspLocation {
  if (value === null || typeof value !== 'object') return false;
  const { uri, range } = value as Record<string, unknown>;
  if (typeof uri !== 'string' || range === null || typeof range !== 'object') return false;
  const { start, end } = range as Record<string, unknown>;
  return isPosition(start) && isPosition(end);
}

/** The arguments of `alloy.showRequestsOfBrief`, or undefined when they are not `[uri, position, locations?]`. */
export function referencesArguments(args: readonly unknown[]): ReferencesArguments | undefined {
  const [uri, position, locations] = args;
  if (typeof uri !== 'string' || !isPosition(position)) return undefined;
  if (args.length < 3) return { uri, position };
  if (!Array.isArray(locations) || !locations.every(isLocation)) return undefined;
  return { uri, position, locations };
}

/** The references of a brief without the brief itself (its `id` is the declaration): the requests. */
export function requestLocations<L extends { uri: { toString(): string } }>(references: readonly L[], briefUri: string): L[] {
  return references.filter((location) => location.uri.toString() !== briefUri);
}
