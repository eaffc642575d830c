// The language server's life in the window: started with the extension, restarted by "Alloy:
// Restart Language Server", stopped with the extension. A restart makes a new client (and so a new
// server process) rather than restarting the old one, so its initialization options carry the
// settings as they are now (`alloy.analyzeWorkspaceOnStartup`, `alloy.codeLens.enabled`). Requests
// to restart while one is under way join it: one new server, not one per click. Pure: the client is
// made by a port, so the tests run it with fakes.

/** The part of a language client used here (vscode-languageclient's `LanguageClient` has it). */
export interface ServerClient {
  start(): Promise<void>;
  /** Stops the server (killing it when it does not exit in time) and frees the client for good. */
  dispose(timeout?: number): Promise<void>;
}

export interface ServerLifecycleLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How the last start or restart ended. */
export type ServerOutcome = { running: true } | { running: false; reason: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LanguageServerLifecycle {
  private client: ServerClient | undefined;
  private pending: Promise<ServerOutcome> | undefined;
  private stopped = false;

  constructor(
    private readonly create: () => ServerClient,
    private readonly log: ServerLifecycleLog,
  ) {}

  /**
   * Whether a client of ours is live: its start succeeded, and no restart or stop has disposed it
   * since (the client may still have given up on a server that kept exiting).
   */
  get running(): boolean {
    return this.client !== undefined;
  }

  /** Starts the first server; a failure is logged and answered, never thrown. */
  start(): Promise<ServerOutcome> {
    return this.once(() => this.startNew());
  }

  /** Stops the running server (if any) and starts a new one; joins a start or restart under way. */
  restart(): Promise<ServerOutcome> {
    return this.once(async () => {
      this.log.info('Restarting the Alloy language server.');
      await this.disposeCurrent();
      const outcome = await this.startNew();
      if (outcome.running) this.log.info('The Alloy language server is running again.');
      return outcome;
    });
  }

  /** Stops for good (the extension is deactivating): a start under way is waited for, then stopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.pending;
    await this.disposeCurrent();
  }

  private once(work: () => Promise<ServerOutcome>): Promise<ServerOutcome> {
    if (this.stopped) return Promise.resolve({ running: false, reason: 'the extension is stopping' });
    this.pending ??= work().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async startNew(): Promise<ServerOutcome> {
    let client: ServerClient | undefined;
    try {
      client = this.create();
      await client.start();
    } catch (error) {
      const reason = messageOf(error);
      this.log.error(`The Alloy language server did not start: ${reason}`);
      // A process the failed start left behind is ended; that a client which never ran cannot be
      // stopped cleanly is no news.
      await client?.dispose().catch(() => undefined);
      return { running: false, reason };
    }
    this.client = client;
    return { running: true };
  }

  private async disposeCurrent(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    try {
      await client?.dispose();
    } catch (error) {
      // The old server is killed even so (the client ends a process that outlives its stop).
      this.log.warn(`The Alloy language server did not stop cleanly: ${messageOf(error)}`);
    }
  }
}
