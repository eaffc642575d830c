// The string formats the generated validators call, by name: JSON Schema's from ajv-formats (the
// same "full" set the generator's ajv registers) and our own three from formats.ts.

import { fullFormats } from 'ajv-formats/dist/formats';
import { isAbsolutePathText, isCallbackUrl, isGitRefName } from './formats';

export const validatorFormats = {
  ...fullFormats,
  'git-ref-name': isGitRefName,
  'alloy-callback-url': isCallbackUrl,
  'absolute-path': isAbsolutePathText,
};
