/**
 * The widget's public config on the wire: bytes with brotli, gzip and none, and whether a
 * revalidation with the ETag costs a body.
 *
 *   node --import tsx packages/server/bench/config.ts
 */
import { request } from 'node:http';
import { report, startBenchServer } from './lib';

function get(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; etag: string | undefined; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          etag: res.headers.etag,
          encoding: res.headers['content-encoding'],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const srv = await startBenchServer();
try {
  const url = `${srv.url}/api/v1/widget/projects/demo/config`;
  const plain = await get(url, {});
  const br = await get(url, { 'accept-encoding': 'br, gzip' });
  const gz = await get(url, { 'accept-encoding': 'gzip' });
  const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': br.etag ?? '' });
  report('config.plain', plain.bytes, { unit: 'B' });
  report('config.br', br.bytes, { unit: 'B', encoding: br.encoding ?? 'identity' });
  report('config.gzip', gz.bytes, { unit: 'B', encoding: gz.encoding ?? 'identity' });
  report('config.revalidate', again.bytes, { unit: 'B', status: again.status });
} finally {
  await srv.stop();
}
