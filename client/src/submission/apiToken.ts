// The API token, kept in VS Code's SecretStorage only: never in settings, files, the ledger or the
// log (every token this session has seen is added to the log's scrubber). The CLI's ALLOY_TOKEN is
// not read here. "Set API Token" asks with a password box and refuses a token the Authorization
// header could not carry.

import { window, type SecretStorage } from 'vscode';
import type { AlloyLog } from '../log';
import { tokenProblem } from './tokenProblem';

const SECRET_KEY = 'alloy.apiToken';

export class ApiToken {
  constructor(
    private readonly secrets: SecretStorage,
    private readonly log: AlloyLog,
  ) {}

  async get(): Promise<string | undefined> {
    const token = await this.secrets.get(SECRET_KEY);
    this.log.addSecret(token);
    return token === '' ? undefined : token;
  }

  /** Asks for a token and stores it; true when one was stored. */
  async ask(): Promise<boolean> {
    const value = await window.showInputBox({
      title: 'Alloy: Set API Token',
      prompt: 'The token sent as "Authorization: Bearer …" with every submission. It is kept in VS Code\'s secret storage only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text === '' ? undefined : tokenProblem(text)),
    });
    if (value === undefined || value === '') {
      this.log.info('Set API Token: cancelled; the stored token (if any) is unchanged.');
      return false;
    }
    this.log.addSecret(value);
    await this.secrets.store(SECRET_KEY, value);
    this.log.info('Set API Token: a new token is stored in the secret storage.');
    return true;
  }

  async clear(): Promise<boolean> {
    const had = (await this.secrets.get(SECRET_KEY)) !== undefined;
    await this.secrets.delete(SECRET_KEY);
    this.log.info(had ? 'Clear API Token: the token was removed from the secret storage.' : 'Clear API Token: no token was stored.');
    return had;
  }
}
