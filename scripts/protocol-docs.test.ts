import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { frames, OUTPUTS, protocolDocs } from './protocol-docs';

describe('the protocol reference (docs/protocol.md, docs/asyncapi.yaml)', () => {
  const docs = protocolDocs();

  it('describes every frame of both sockets', () => {
    expect(docs.missing).toEqual([]);
    const all = frames();
    expect(all.length).toBeGreaterThan(40);
    for (const f of all) expect(docs.markdown).toContain(`<a id="${f.socket}-${f.dir}-${f.type.replace(/[^a-z0-9]+/g, '-')}"></a>`);
    const api = parse(docs.asyncapi) as { asyncapi: string; components: { messages: Record<string, { name: string; payload: { properties: object } }> } };
    expect(api.asyncapi).toBe('3.0.0');
    expect(Object.keys(api.components.messages).sort()).toEqual(all.map((f) => `${f.socket}.${f.dir}.${f.type}`).sort());
    for (const m of Object.values(api.components.messages)) expect(m.payload.properties).toHaveProperty('type');
  });

  it('is committed as generated (run `npm run docs:protocol` after changing a frame)', () => {
    expect(readFileSync(OUTPUTS.markdown, 'utf8')).toBe(docs.markdown);
    expect(readFileSync(OUTPUTS.asyncapi, 'utf8')).toBe(docs.asyncapi);
  });
});
