import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { bestBranchErrors } from '../../server/src/core/schema/bestBranchErrors';

const schema = {
  type: 'object',
  properties: {
    target: {
      oneOf: [
        { type: 'object', required: ['url', 'method'], properties: { url: { type: 'string' }, method: { enum: ['GET', 'POST'] } } },
        { type: 'object', required: ['command'], properties: { command: { type: 'string' } } },
      ],
    },
  },
};

test('only the closest oneOf branch is reported, without the combinator summary', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  assert.equal(validate({ target: { url: 'https://x.test', method: 'PUT' } }), false);
  const all = validate.errors ?? [];
  assert.ok(all.some((e) => e.keyword === 'oneOf'));
  assert.ok(all.some((e) => e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty === 'command'));
  const kept = bestBranchErrors(all);
  assert.deepEqual(
    kept.map((e) => [e.instancePath, e.keyword]),
    [['/target/method', 'enum']],
  );
});

test('errors outside any combinator pass through unchanged', () => {
  const validate = new Ajv2020({ allErrors: true }).compile({ type: 'object', required: ['a'] });
  validate({});
  assert.deepEqual(bestBranchErrors(validate.errors ?? []), validate.errors);
});
