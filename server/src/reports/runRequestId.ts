// The run-request id rule (SPEC §2): `runreq_` then letters, digits and underscores. Everything that
// turns an id into a path checks it here first, so no `..`, `/` or `%2F` can reach the file system.

const RUN_REQUEST_ID = /^runreq_[0-9A-Za-z_]+$/;

/** The longest id accepted; far above any real one, it keeps file names within file-system limits. */
export const MAX_RUN_REQUEST_ID_LENGTH = 200;

export function isRunRequestId(value: string): boolean {
  return value.length <= MAX_RUN_REQUEST_ID_LENGTH && RUN_REQUEST_ID.test(value);
}
