// Where the CLI writes: process.stdout/stderr in real use, string collectors in tests.

export interface Output {
  write(text: string): unknown;
}
