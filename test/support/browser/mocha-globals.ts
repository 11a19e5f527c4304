/**
 * Typed handles on the Mocha BDD globals that @web/test-runner installs before a test file runs.
 * (`@types/mocha` is not installed, and declaring the globals ambiently would leak them into the
 * vitest files, which import theirs from `vitest`.)
 */
type Done = (error?: unknown) => void;
type Body = (this: unknown, done: Done) => void | Promise<void>;

interface Suite {
  timeout(ms: number): void;
}

interface MochaGlobals {
  describe(title: string, body: (this: Suite) => void): void;
  it(title: string, body: Body): void;
  before(body: Body): void;
  after(body: Body): void;
  beforeEach(body: Body): void;
  afterEach(body: Body): void;
}

const mocha = globalThis as unknown as MochaGlobals;

export const describe: MochaGlobals['describe'] = (title, body) => mocha.describe(title, body);
export const it: MochaGlobals['it'] = (title, body) => mocha.it(title, body);
export const before: MochaGlobals['before'] = (body) => mocha.before(body);
export const after: MochaGlobals['after'] = (body) => mocha.after(body);
export const beforeEach: MochaGlobals['beforeEach'] = (body) => mocha.beforeEach(body);
export const afterEach: MochaGlobals['afterEach'] = (body) => mocha.afterEach(body);
