// A PostgreSQL front on 127.0.0.1 that speaks TLS, for the store's TLS tests: the PostgreSQL the tests use has
// no TLS of its own. It answers a client's SSLRequest with 'S', ends TLS with a certificate made here by
// openssl, and passes the clear protocol on to the real server. A client that does not ask for TLS is cut off.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export interface TestCertificate {
  certFile: string;
  key: string;
  cert: string;
}

/** A self-signed certificate (its own CA) for the IP address `ip`, written to `dir`. */
export function makeCertificate(dir: string, ip: string): TestCertificate {
  const keyFile = path.join(dir, `key-${ip}.pem`);
  const certFile = path.join(dir, `cert-${ip}.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${ip}`, '-addext', `subjectAltName=IP:${ip}`, '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}

export interface PgTlsProxy {
  port: number;
  /** Connections that completed a TLS handshake, and those that did not ask for TLS. */
  counts: { tls: number; clear: number };
  close(): Promise<void>;
}

export async function startPgTlsProxy(target: { host: string; port: number }, certificate: TestCertificate): Promise<PgTlsProxy> {
  const counts = { tls: 0, clear: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    client.once('readable', () => {
      const first = client.read(8) as Buffer | null;
      if (!first || !first.equals(SSL_REQUEST)) {
        counts.clear++;
        client.destroy();
        return;
      }
      client.write('S');
      const secure = new tls.TLSSocket(client, { isServer: true, key: certificate.key, cert: certificate.cert });
      secure.on('error', () => client.destroy());
      secure.once('secure', () => {
        counts.tls++;
        const upstream = net.connect(target);
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => secure.destroy());
        secure.pipe(upstream).pipe(secure);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
