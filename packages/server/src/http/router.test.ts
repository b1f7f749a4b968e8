import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ParleyServer } from '../app';
import { ROUTES } from './api-spec';
import type { RouteSpec } from './route-spec';
import { openApiDocument } from './openapi';

const HERE = dirname(fileURLToPath(import.meta.url));
const specs = Object.entries(ROUTES) as [string, RouteSpec][];

describe('the route table is the router', () => {
  let dir: string;
  let server: ParleyServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-router-'));
    server = await createServer({ dataDir: dir, logLevel: 'silent', retentionJob: false, demo: true });
    await server.app.ready();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers every route of the table, and the OpenAPI document lists exactly the table', () => {
    for (const [name, r] of specs) {
      expect(server.app.hasRoute({ method: r.method.toUpperCase(), url: r.path }), name).toBe(true);
    }
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    const table = specs
      .filter(([, r]) => !r.demo)
      .map(([, r]) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .sort();
    expect(documented).toEqual(table);
  });

  it('every operator route says which project it acts in, and admin routes say so', () => {
    for (const [name, r] of specs) {
      if (r.auth === 'operator') expect(r.scope === 'project' || r.scope === 'account', name).toBe(true);
      if (r.role) expect(r.auth, name).toBe('operator');
      if (r.path.includes(':project/') || r.path.endsWith(':project')) expect(r.scope, name).toBe('path');
    }
  });

  it('handlers restate nothing: no session checks, no parsing, no SQL in http/', () => {
    const files = readdirSync(HERE).filter((f) => f.endsWith('-routes.ts'));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const src = readFileSync(join(HERE, f), 'utf8');
      expect(src, f).not.toMatch(/requireOperator|parseInput|ctx\.db|from 'kysely'|isAdminRole/);
    }
  });
});
