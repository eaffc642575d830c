// The environment the engine gets in the extension host, and where its ledger is. The editor's own
// proxy setting (`http.proxy`, `http.noProxy`) wins over the process's proxy variables, as VS Code
// does for extensions; `ALLOY_TOKEN` is dropped (the extension's token lives in SecretStorage only,
// and is never handed to `foundry`). The ledger is `alloy.submit.ledgerPath` when set, else SPEC
// §7.4's documented path, so every window and the CLI share one. Pure.

import * as path from 'node:path';
import { ledgerPath, type Env, type LedgerPathSource } from '../../../server/src/submission';

export interface EditorProxySettings {
  /** `http.proxy`; empty when not set. */
  proxy: string;
  /** `http.noProxy`. */
  noProxy: readonly string[];
}

export function engineEnv(processEnv: Env, proxy: EditorProxySettings): Env {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(processEnv)) if (name !== 'ALLOY_TOKEN') env[name] = value;
  const url = proxy.proxy.trim();
  if (url !== '') {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete env[name];
    env.HTTPS_PROXY = url;
    env.HTTP_PROXY = url;
  }
  const noProxy = proxy.noProxy.map((h) => h.trim()).filter((h) => h !== '');
  if (noProxy.length > 0) {
    delete env.no_proxy;
    env.NO_PROXY = [...new Set([...(processEnv.NO_PROXY ?? processEnv.no_proxy ?? '').split(','), ...noProxy])]
      .map((h) => h.trim())
      .filter((h) => h !== '')
      .join(',');
  }
  return env;
}

export type EditorLedgerPath = { ok: true; path: string; source: LedgerPathSource | 'setting' } | { ok: false; reason: string };

/** The ledger file: the setting (absolute, or starting `~/`), else the documented path. */
export function editorLedgerPath(setting: string, env: Env, home: string): EditorLedgerPath {
  const value = setting.trim();
  if (value === '') return ledgerPath(env, home);
  const expanded = value === '~' || value.startsWith('~/') ? path.join(home, value.slice(1)) : value;
  if (!path.isAbsolute(expanded)) {
    return {
      ok: false,
      reason: `alloy.submit.ledgerPath must be an absolute path (or start with ~/), not "${value}"`,
    };
  }
  return { ok: true, path: path.normalize(expanded), source: 'setting' };
}
