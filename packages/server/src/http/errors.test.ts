import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ReadsBusyError } from '../util/errors';
import { installErrorHandlers } from './errors';

describe('installErrorHandlers', () => {
  it('answers a full read queue with 503, Retry-After and the retryable rate_limited code', async () => {
    const app = Fastify();
    installErrorHandlers(app);
    app.get('/busy', () => {
      throw new ReadsBusyError();
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/busy' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await app.close();
    }
  });
});
