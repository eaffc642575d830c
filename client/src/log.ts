// The "Alloy" log: one channel that always exists (the language client writes to it too), with
// every line passed through the engine's secret scrubber first, so that an API token never reaches
// the output, whatever message carries it. Pure: the channel is a port.

import { secretScrubber, type Scrub } from '../../server/src/submission';

/** The part of VS Code's LogOutputChannel that is used here. */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  show(preserveFocus?: boolean): void;
}

export class AlloyLog {
  private readonly secrets = new Set<string>();
  private scrubber: Scrub = (text) => text;

  constructor(private readonly sink: LogSink) {}

  /** Every later line (and `scrub`) hides this secret; secrets are kept for the whole session. */
  addSecret(secret: string | undefined): void {
    if (secret === undefined || secret === '' || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.scrubber = secretScrubber([...this.secrets]);
  }

  scrub(text: string): string {
    return this.scrubber(text);
  }

  info(message: string): void {
    this.sink.info(this.scrub(message));
  }

  warn(message: string): void {
    this.sink.warn(this.scrub(message));
  }

  error(message: string): void {
    this.sink.error(this.scrub(message));
  }

  debug(message: string): void {
    this.sink.debug(this.scrub(message));
  }

  /** Shows the channel without taking focus from the editor. */
  show(): void {
    this.sink.show(true);
  }
}
