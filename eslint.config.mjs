// Lint rules: typescript-eslint's recommended set, and the import rules of ARCHITECTURE.md as
// `no-restricted-imports` (test/architecture/importRules.test.ts checks the same edges, including
// the ones a pattern cannot express, such as "only a library's index.ts").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/promises', 'http', 'https', 'net', 'child_process', 'http2', 'tls', 'dgram'].flatMap((m) => [m, `node:${m}`]);

/** `no-restricted-imports` for one area: the packages and paths it must not import. */
function restrict({ packages = [], patterns = [], io = true }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [...packages, ...(io ? nodeIo : [])].map((name) => ({
          name,
          message: nodeIo.includes(name) ? 'Node I/O belongs in a node*.ts adapter.' : 'Not allowed here (see ARCHITECTURE.md).',
        })),
        patterns: [
          {
            group: ['vscode-languageserver*', 'vscode-languageclient*', '**/client/src/**'],
            message: 'Not allowed here (see ARCHITECTURE.md).',
          },
          ...patterns.map((group) => ({ group, message: 'Not allowed here (see ARCHITECTURE.md).' })),
        ],
      },
    ],
  };
}

const deepCore = ['../core/*', '../../core/*', '**/server/src/core/*', '!../core/index'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'test/e2e/.work/**',
      'bench/results/**',
      '.vscode-test/**',
      'server/src/core/schema/generated/schemaValidators.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': 'off', // tsc's noUnusedLocals/noUnusedParameters decide
      '@typescript-eslint/no-require-imports': 'off',
      'no-undef': 'off', // TypeScript checks names
      'no-control-regex': 'off', // matching control characters is deliberate (escaping, validation)
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    ignores: ['server/src/core/**/node*.ts'],
    rules: restrict({
      packages: ['vscode'],
      patterns: [['**/submission', '**/submission/*', '**/reports', '**/reports/*', '**/lsp/*', '**/cli/*']],
    }),
  },
  {
    files: ['server/src/submission/**/*.ts', 'server/src/reports/**/*.ts'],
    ignores: ['**/node*.ts'],
    rules: restrict({ packages: ['vscode'], patterns: [deepCore] }),
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    ignores: ['**/node*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', ...nodeIo].map((name) => ({ name, message: 'Not allowed here (see ARCHITECTURE.md).' })),
          patterns: [
            {
              group: [...deepCore, '**/client/src/**', '../cli/*', '../submission', '../submission/*', '../reports', '../reports/*'],
              message: 'Not allowed here (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The server's Node adapters (node*.ts) may do I/O, as everywhere else.
    files: ['server/src/lsp/**/node*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Not allowed here (see ARCHITECTURE.md).' }],
          patterns: [
            {
              group: [...deepCore, '**/client/src/**', '../cli/*', '../submission', '../submission/*', '../reports', '../reports/*'],
              message: 'Not allowed here (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    ignores: ['**/node*.ts'],
    rules: restrict({ packages: ['vscode'], patterns: [deepCore, ['../lsp/*']] }),
  },
  {
    files: ['server/src/devIntake/**/*.ts'],
    ignores: ['**/node*.ts', '**/main.ts'],
    rules: restrict({ packages: ['vscode'], patterns: [deepCore, ['../submission', '../submission/*', '../reports', '../reports/*']] }),
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode-languageserver', 'vscode-languageserver/*', ...deepCore],
              message: 'Not allowed here (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
);
