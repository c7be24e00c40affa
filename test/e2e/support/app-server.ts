// The production build served on 127.0.0.1 for browser tests.
import { preview, type PreviewServer } from 'vite';
import { existsSync } from 'node:fs';

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  if (!existsSync('dist/index.html')) throw new Error('No production build in dist/: run `npm run build` first (npm test does).');
  const server: PreviewServer = await preview({ logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () => new Promise<void>((resolve) => {
      server.httpServer.closeAllConnections?.();
      server.httpServer.close(() => resolve());
    }),
  };
}
