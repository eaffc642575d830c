// The per-test lifecycle of the protocol tests: a fresh fixture repository before each test, and
// after it the server stopped, the repository removed, and the test failed if the server
// reported errors (on stderr or as error log messages).

import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import { FixtureWorkspace } from './fixtureWorkspace';
import { LspSession, type SessionOptions } from '../support/lspSession';

export interface ServerTest {
  /** This test's throw-away repository (a new one for every test). */
  readonly fixture: FixtureWorkspace;
  /** Starts a server on this test's repository; it is stopped after the test. */
  start(options?: SessionOptions): Promise<LspSession>;
}

/** Registers the hooks in the calling test file; call it once, at the top level. */
export function serverPerTest(): ServerTest {
  let fixture: FixtureWorkspace | undefined;
  let session: LspSession | undefined;

  beforeEach(() => {
    fixture = new FixtureWorkspace();
  });

  afterEach(async () => {
    const errors = session?.serverErrors ?? [];
    await session?.dispose();
    session = undefined;
    fixture?.dispose();
    fixture = undefined;
    assert.deepEqual(errors, []);
  });

  const current = (): FixtureWorkspace => {
    assert.ok(fixture, 'the fixture exists only while a test runs');
    return fixture;
  };

  return {
    get fixture() {
      return current();
    },
    async start(options = {}) {
      assert.equal(session, undefined, 'one server per test');
      const repository = current();
      session = await LspSession.start(repository.root, repository.uri(''), options);
      return session;
    },
  };
}
