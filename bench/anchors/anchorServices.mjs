// The two anchors in process, set up as VS Code's JSON and YAML support would be for a user who
// points them at our schemas: vscode-json-languageservice validating requests against the request
// schema, and yaml-language-server's language service validating briefs against the brief schema.
// Schemas are loaded by file URI (anchorSchemas.mjs); every `$ref` is followed by the anchor itself.

import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BRIEF_FILE_MATCH,
  BRIEF_SCHEMA,
  REQUEST_FILE_MATCH,
  REQUEST_SCHEMA,
  fileUri,
  loadSchemaByUri,
  resolveRelativePath,
} from './anchorSchemas.mjs';

const require = createRequire(import.meta.url);
const jsonLanguageService = require('vscode-json-languageservice');
const { getLanguageService: getYamlLanguageService } = require('yaml-language-server/lib/umd/languageservice/yamlLanguageService');
const { TextDocument } = require('vscode-languageserver-textdocument');

/** `name version` of an installed top-level package. */
export function installedLabel(name) {
  const manifest = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
  return `${name} ${JSON.parse(fs.readFileSync(manifest, 'utf8')).version}`;
}

/** vscode-json-languageservice over the request schema in `schemaDir`: parse + doValidation per call. */
export function createJsonAnchor(schemaDir) {
  const service = jsonLanguageService.getLanguageService({
    schemaRequestService: loadSchemaByUri,
    workspaceContext: { resolveRelativePath },
  });
  service.configure({
    validate: true,
    allowComments: false,
    schemas: [{ uri: fileUri(path.join(schemaDir, REQUEST_SCHEMA)), fileMatch: REQUEST_FILE_MATCH }],
  });
  let version = 0;
  return {
    name: installedLabel('vscode-json-languageservice'),
    /** The anchor's diagnostics for `text` as the file at `uri` (a fresh document each call). */
    validate(uri, text) {
      const document = TextDocument.create(uri, 'json', ++version, text);
      return service.doValidation(document, service.parseJSONDocument(document), {
        schemaValidation: 'error',
        comments: 'error',
        trailingCommas: 'error',
      });
    },
  };
}

/** yaml-language-server's language service over the brief schema in `schemaDir`. */
export function createYamlAnchor(schemaDir) {
  /** Errors the service caught and only reported to telemetry (it then returns no diagnostics). */
  const swallowed = [];
  const service = getYamlLanguageService({
    schemaRequestService: loadSchemaByUri,
    workspaceContext: { resolveRelativePath },
    telemetry: {
      send() {},
      sendTrack() {},
      sendError(name, error) {
        if (swallowed.length < 20) swallowed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      },
    },
  });
  service.configure({
    validate: true,
    hover: false,
    completion: false,
    format: false,
    customTags: [],
    yamlVersion: '1.2',
    schemas: [{ uri: fileUri(path.join(schemaDir, BRIEF_SCHEMA)), fileMatch: BRIEF_FILE_MATCH, priority: 3 }],
  });
  // yaml-language-server caches parsed documents by URI and version: a new version every call.
  let version = 0;
  return {
    name: installedLabel('yaml-language-server'),
    swallowed,
    validate(uri, text) {
      return service.doValidation(TextDocument.create(uri, 'yaml', ++version, text), false);
    },
  };
}
