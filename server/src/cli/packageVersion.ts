// The version printed by `alloy --version` and written into SARIF: package.json's own
// (esbuild inlines the JSON into dist/cli.js).

import packageJson from '../../../package.json';

export const PACKAGE_VERSION: string = packageJson.version;
