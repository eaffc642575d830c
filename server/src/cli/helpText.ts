// The text of `alloy --help`.

export const HELP_TEXT = `Usage: alloy <command> [options]

Validates Alloy Foundry Execution Requests and Formation Briefs with the same
analysis as the Alloy language server.

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
  help
      Show this text.

Options:
  -f, --format <text|json|sarif>   Output format of "check" (default: text)
  -h, --help                       Show this text
  -v, --version                    Print the version
`;
