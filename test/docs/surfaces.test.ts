import { describe, expect, it } from 'vitest';
import { codesDocumented, routesDeclared, variablesDocumented, variablesRead } from './surfaces.js';

describe('variablesRead', () => {
  it('finds process.env reads anywhere and env.NAME reads in mains, not the system variables', () => {
    const main = "const env = process.env;\nenv.ABLY_LOCAL_PORT ?? env['ABLY_LOCAL_HOST'];\nprocess.env.PATH";
    expect([...variablesRead(main, true)].sort()).toEqual(['ABLY_LOCAL_HOST', 'ABLY_LOCAL_PORT']);
    expect([...variablesRead('process.env.CHROMIUM_PATH; env.NOT_A_READ', false)]).toEqual(['CHROMIUM_PATH']);
  });
});

describe('variablesDocumented', () => {
  it("reads the names in each table row's first cell", () => {
    const md = '| variable | meaning |\n| --- | --- |\n| `PORT` | the `HOST` too |\n| `A_KEY`, `B_KEY` | x |';
    expect([...variablesDocumented(md)].sort()).toEqual(['A_KEY', 'B_KEY', 'PORT']);
  });
});

describe('routesDeclared', () => {
  it('reads literal paths of a receiver with a prefix', () => {
    const source = "router.post(\n  '/token', x);\nrouter.get('/tasks/:task', y);\nrouter.use('/chunks', z);";
    expect(routesDeclared(source, 'router', '/api')).toEqual(['POST /api/token', 'GET /api/tasks/:task']);
  });
});

describe('codesDocumented', () => {
  it("reads the codes of a table's first column", () => {
    expect([...codesDocumented('| code | HTTP |\n| ---- | --- |\n| 1001 | 401 |\n| 42 | x |')]).toEqual([
      1001,
    ]);
  });
});
