// When the language server keeps exiting on its own: vscode-languageclient's policy decides, as
// before (start it again, until it has exited 5 times within 3 minutes). Where that policy gives
// up, its notification (which offers only the output) is replaced by ours, which offers Restart:
// a new server by "Alloy: Restart Language Server", without reloading the window. Pure: the
// decision and the action values come in as parameters.

/** The shape of vscode-languageclient's `CloseHandlerResult`. */
export interface CloseResult {
  action: number;
  message?: string;
  handled?: boolean;
}

/**
 * `decide` (the client's default `closed()`), except that a decision not to restart is reported to
 * `gaveUp` with the client's message, and marked handled so the client shows no notification of
 * its own.
 */
export function offeringRestart<R extends CloseResult>(
  decide: () => R | Promise<R>,
  doNotRestart: number,
  gaveUp: (message: string | undefined) => void,
): () => Promise<R> {
  return async () => {
    const result = await decide();
    if (result.action !== doNotRestart) return result;
    gaveUp(result.message);
    return { ...result, handled: true };
  };
}
