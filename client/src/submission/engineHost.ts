// The engine's ports for the extension host, rebuilt when the ledger setting changes: the ledger at
// `alloy.submit.ledgerPath` or the documented path, node HTTP with the editor's proxy, `foundry`
// without a shell. A ledger path that cannot be used gives a ledger that refuses to be read, in
// words, so submitting, recovery and the views all say the same thing instead of starting empty.

import { createNodeSubmissionPorts, type Env, type LedgerStore, type SubmissionPorts } from '../../../server/src/submission';
import { editorLedgerPath, engineEnv, type EditorProxySettings } from './editorEnvironment';

export interface EngineHostOptions {
  env: Env;
  home: string;
  proxy(): EditorProxySettings;
}

function refusingLedger(location: string, reason: string): LedgerStore {
  const fail = () => Promise.reject(new Error(reason));
  return { location, read: fail, append: fail, withLock: fail };
}

export class EngineHost {
  private current: SubmissionPorts | undefined;
  private key = '';
  private where = '';
  private problem: string | undefined;

  /** A ledger that always speaks for the current ports (the model holds this one). */
  readonly ledger: LedgerStore;

  constructor(private readonly options: EngineHostOptions) {
    this.configure('');
    const current = () => this.ports.ledger;
    this.ledger = {
      get location() {
        return current().location;
      },
      read: () => current().read(),
      append: (line) => current().append(line),
      withLock: (fn) => current().withLock(fn),
    };
  }

  /** Rebuilds the ports when the ledger setting or the proxy changed; returns true when they changed. */
  configure(ledgerSetting: string): boolean {
    const proxy = this.options.proxy();
    const key = JSON.stringify([ledgerSetting, proxy.proxy, proxy.noProxy]);
    if (this.current && key === this.key) return false;
    this.key = key;
    const env = engineEnv(this.options.env, proxy);
    const found = editorLedgerPath(ledgerSetting, this.options.env, this.options.home);
    if (found.ok) {
      this.current = createNodeSubmissionPorts({ ledgerPath: found.path, env });
      this.where = found.path;
      this.problem = undefined;
    } else {
      const placeholder = createNodeSubmissionPorts({ ledgerPath: '/nonexistent/alloy-ledger.jsonl', env });
      const location = ledgerSetting.trim() === '' ? '(no ledger path)' : ledgerSetting.trim();
      this.current = { ...placeholder, ledger: refusingLedger(location, found.reason) };
      this.where = location;
      this.problem = found.reason;
    }
    return true;
  }

  get ports(): SubmissionPorts {
    return this.current!;
  }

  /** Where the ledger is, as shown to the user. */
  get ledgerLocation(): string {
    return this.where;
  }

  /** Why the ledger path cannot be used, when it cannot. */
  get ledgerProblem(): string | undefined {
    return this.problem;
  }
}
