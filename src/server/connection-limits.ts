// How many connections one client address may hold open at once. Node's own limit (server.maxConnections)
// counts every client together, so a single client trickling request bodies could fill it and shut out
// everyone else until its requests time out; past this limit the client's newest connection is dropped.
// Connections from trusted proxies are not counted here: the proxy carries every client's traffic, and
// limiting per client is then its job (nginx: limit_conn).
import net from 'node:net';
import type { Server } from 'node:http';
import { normalizeIP } from '@fastify/rate-limit';
import type { TrustProxy } from './config.ts';

export function limitConnectionsPerAddress(server: Server, max: number, trustProxy: TrustProxy): void {
  if (max <= 0) return;
  const isProxy = proxyMatcher(trustProxy);
  const open = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    const address = socket.remoteAddress;
    if (!address || isProxy(address)) return;
    // An IPv6 client usually holds a whole /64, as the rate limit assumes.
    const key = normalizeIP(address, 64);
    const count = (open.get(key) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}

function proxyMatcher(trustProxy: TrustProxy): (address: string) => boolean {
  if (trustProxy === false) return () => false;
  const proxies = new net.BlockList();
  for (const entry of trustProxy) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) proxies.addAddress(address, type);
    else proxies.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const mapped = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
    return proxies.check(mapped, net.isIP(mapped) === 6 ? 'ipv6' : 'ipv4');
  };
}
