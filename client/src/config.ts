// Every `alloy.*` setting, read once through one typed function, with the engine options and the
// receiver limits derived from them. A value of the wrong type is named in `problems` (and the
// default used), never silently replaced; ranges are left to the engine, which refuses in words.

import type { EngineOptions, RetryPolicy, SubmitOptions } from '../../server/src/submission';

/** What `workspace.getConfiguration('alloy')` offers, narrowed to what is read here. */
export interface ConfigurationSource {
  get(section: string): unknown;
}

export interface AlloyConfig {
  analyzeWorkspaceOnStartup: boolean;
  codeLensEnabled: boolean;
  /** `alloy.submit.endpoint`, trimmed; empty when not set. */
  endpoint: string;
  /** As written: the engine refuses a name it does not know, in words. */
  transport: string;
  foundryCliPath: string;
  /** Empty: the documented default path. */
  ledgerPath: string;
  maxAttempts: number;
  timeoutMs: number;
  resendWindowHours: number;
  maxBodyBytes: number;
  /** Settings whose value had the wrong type, in words (the default was used). */
  problems: string[];
}

export const CONFIG_DEFAULTS: Omit<AlloyConfig, 'problems'> = {
  analyzeWorkspaceOnStartup: true,
  codeLensEnabled: true,
  endpoint: '',
  transport: 'http',
  foundryCliPath: 'foundry',
  ledgerPath: '',
  maxAttempts: 5,
  timeoutMs: 10_000,
  resendWindowHours: 24,
  maxBodyBytes: 1_048_576,
};

export const CONFIG_KEYS: Record<keyof Omit<AlloyConfig, 'problems'>, string> = {
  analyzeWorkspaceOnStartup: 'analyzeWorkspaceOnStartup',
  codeLensEnabled: 'codeLens.enabled',
  endpoint: 'submit.endpoint',
  transport: 'submit.transport',
  foundryCliPath: 'foundry.cliPath',
  ledgerPath: 'submit.ledgerPath',
  maxAttempts: 'submit.maxAttempts',
  timeoutMs: 'submit.timeoutMs',
  resendWindowHours: 'submit.resendWindowHours',
  maxBodyBytes: 'reports.maxBodyBytes',
};

function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function readAlloyConfig(source: ConfigurationSource): AlloyConfig {
  const problems: string[] = [];
  const config = { ...CONFIG_DEFAULTS } as Record<string, unknown>;
  for (const [name, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const fallback = CONFIG_DEFAULTS[name];
    const value = source.get(key);
    if (value === undefined || value === null) continue;
    if (typeof value !== typeof fallback || (typeof value === 'number' && !Number.isFinite(value))) {
      problems.push(`alloy.${key} must be a ${typeof fallback}, not ${shown(value)}; the default ${shown(fallback)} is used`);
      continue;
    }
    config[name] = typeof value === 'string' ? value.trim() : value;
  }
  return { ...(config as Omit<AlloyConfig, 'problems'>), problems };
}

/** The budget of one submission: the default two minutes, or room for every attempt at its full timeout. */
export function totalBudgetMs(config: Pick<AlloyConfig, 'maxAttempts' | 'timeoutMs'>): number {
  const all = config.maxAttempts * config.timeoutMs;
  return Math.min(86_400_000, Math.max(120_000, Number.isFinite(all) ? Math.round(all) : 120_000));
}

/** The engine options the settings give (the token and the editor's facts are added by the caller). */
export function engineOptionsOf(config: AlloyConfig): EngineOptions & Pick<SubmitOptions, 'transport' | 'endpoint'> {
  const retry: Partial<RetryPolicy> = {
    maxAttempts: config.maxAttempts,
    attemptTimeoutMs: config.timeoutMs,
    totalBudgetMs: totalBudgetMs(config),
  };
  return {
    transport: config.transport as SubmitOptions['transport'],
    endpoint: config.endpoint,
    retry,
    resendWindowMs: Math.round(config.resendWindowHours * 3_600_000),
    foundryCliPath: config.foundryCliPath,
  };
}
