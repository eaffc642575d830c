// The answers the intake writes: JSON bodies and RFC 9457 problem details. An answer is plain
// data (status, headers, body text), so the handler can be tested without a socket.

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One error of a rejected request, as a client shows it. */
export interface IntakeError {
  code: string;
  message: string;
  /** RFC 6901 pointer into the request body ('' for the whole body). */
  pointer: string;
  /** 1-based line and column in the body, when known. */
  line?: number;
  column?: number;
  /** Related places, for instance in the brief (paths relative to the repository root). */
  related?: { file: string; line: number; column: number; message: string }[];
}

export interface Problem {
  status: number;
  /** A stable kebab-case name; it also ends the `type` URI. */
  code: string;
  title: string;
  detail: string;
  [extension: string]: unknown;
}

const PROBLEM_TYPE = 'urn:alloy:foundry-dev-intake:problem:';

export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function problemAnswer(problem: Problem, headers: Record<string, string> = {}): HttpAnswer {
  const { status, code, title, detail, ...extensions } = problem;
  const body = { type: PROBLEM_TYPE + code, title, status, detail, code, ...extensions };
  return { status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(body) };
}
