/**
 * The peer for socket memory: a bare `ws` server that holds its sockets and echoes each frame
 * once. Prints its port on stdout.
 *
 *   node --import tsx packages/server/bench/bare-ws.ts
 */
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});
wss.on('listening', () => {
  const addr = wss.address();
  console.log(`port ${typeof addr === 'object' && addr ? addr.port : String(addr)}`);
});
process.on('SIGTERM', () => process.exit(0));
