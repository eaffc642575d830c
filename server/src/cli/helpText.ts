// The text of `alloy --help`.

export const HELP_TEXT = `Usage: alloy <command> [options]

Validates Alloy Foundry Execution Requests and Formation Briefs with the same
analysis as the Alloy language server, and submits requests exactly once.

Commands:
  check [paths...] [--format text|json|sarif]
      Check files. Folders (default ".") are searched for .json, .yaml and .yml
      files inside .alloy/ folders; files named explicitly are always checked.
      Exit 0: no errors (warnings allowed); 1: errors; 2: usage or IO problem.
  fix <paths...>
      Rewrite wrong digests and idempotency keys in place, keeping formatting
      and comments. Exit 0 when no errors remain, 1 otherwise.
  digest <brief>
      Print the brief's digest (sha256 of its canonical JSON without "digest").
  key <request>
      Print the idempotency key derived from the request's seven key inputs.
  migrate <brief> [--write] [--diff]
      Rewrite a pre-v1 Formation Brief (brief_id, project, foundry_runtime, ...)
      as alloy.formation_brief.v1: print the migrated text (--diff: a diff
      instead), or write it in place with --write. What cannot be derived is
      left as a "TODO(alloy migrate): ..." placeholder; each change is listed
      on stderr. Exit 0: migrated; 1: not a pre-v1 brief; 2: usage or IO.
  new-request <brief> [--out PATH] [--dry-run] [options]
      Write a new request made from a compiled brief: a fresh runreq_ + ULID
      id, the revision and branch of the repository's HEAD (read from .git at
      the repository root, never outside it), the brief's id, version, digest
      and path, its foundry block, a callback URL naming the new id, and the
      idempotency key. Written as .alloy/requests/<request_id>.json (or --out),
      never over an existing file; --dry-run prints it instead. Exit 0:
      written; 1: the brief cannot run, or HEAD cannot be read; 2: usage or IO.
  submit <requests...> [options]
      Send each saved request once, with its Idempotency-Key, through the same
      engine as the editor. Refused before anything is sent when the request or
      its brief has errors, when its key was already submitted with other bytes,
      or for throttle "full" without --yes. Interrupted submissions in the
      ledger are resolved first. Progress goes to stderr, results to stdout.
      Exit 0: accepted, already submitted, or already being sent elsewhere;
      1: rejected, given up, or (with --wait) the run failed or did not finish
      in time; 2: refused before sending, or a usage problem.
  submissions [--format text|json]
      List the ledger: request, key prefix, when, state, answer. A run whose
      completed or failed report is stored shows as completed or failed.
  resend <key> [--yes] [--foundry PATH] [--max-attempts N] [--timeout-ms MS]
      Send the recorded bytes of a submission whose outcome is unknown again,
      with the same key (also: submit --resend <key>). A unique key prefix of
      at least 8 hex digits will do. Refused for anything Foundry already has.
  help
      Show this text.

Options of submit:
  --endpoint URL            Where to POST ({project_id} is filled in); default
                            $ALLOY_ENDPOINT. Plain http only to loopback.
  --transport http|foundry-cli
                            POST the bytes (default), or run "foundry emit".
  --foundry PATH            The foundry executable (foundry-cli; default foundry)
  --max-attempts N          Attempts, the first included (1-20, default 5)
  --timeout-ms MS           Limit of one attempt or one foundry run
  --yes, -y                 Confirm throttle "full" (mutators change the repo)
  --wait                    Listen on the request's loopback callback_url and
                            print each phase and the run's summary
  --wait-timeout MS         How long --wait waits (default 120000)
  --format text|json        Output format (default: text)

Environment:
  ALLOY_TOKEN       sent as "Authorization: Bearer"; never printed or recorded
  ALLOY_ENDPOINT    the endpoint when --endpoint is not given
  ALLOY_CALLBACK_URL
                    new-request's callback URL when --callback-url is not given
  ALLOY_LEDGER      the ledger file; else $XDG_STATE_HOME/alloy/ledger.jsonl,
                    else ~/.local/state/alloy/ledger.jsonl
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                    proxies for non-loopback endpoints

Options of new-request:
  --out PATH                Where to write it (a .json file under the root)
  --callback-url URL        reporting.callback_url, with {request_id} in it;
                            default $ALLOY_CALLBACK_URL, else the local
                            receiver's URL on 127.0.0.1:47311
  --branch NAME             repo.branch instead of HEAD's (needed when detached)
  --revision REV            repo.revision instead of HEAD's commit
  --dry-run                 Print the request; write nothing

Options:
  -f, --format <format>   Output format: check takes text|json|sarif,
                          submit, submissions and resend take text|json
  -h, --help              Show this text
  -v, --version           Print the version
`;
