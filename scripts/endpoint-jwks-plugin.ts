// The build step that carries the endpoint's public key into the app: the built JWKS is a precached file
// (endpoint-jwks.json), so a device installed once and then cut off for good can still seal reports. It is
// read from the endpoint's key directory (SEAL_KEY_DIR, default DATA_DIR/sealing-keys), creating the first
// key there on a fresh clone, or from SEAL_JWKS_FILE (a public JWKS) when the build machine must not hold
// private keys.
import fs from 'node:fs';
import type { Plugin } from 'vite';
import { sealKeyDirOf } from '../src/server/config.ts';
import { ensureSealingKeys, publicJwks } from '../src/server/sealing/key-ring.ts';
import { BUILT_IN_JWKS_FILE, jwksSchema, type SealingJwks } from '../src/shared/sealing.ts';

async function buildJwks(env: Record<string, string | undefined>): Promise<SealingJwks> {
  if (env.SEAL_JWKS_FILE) {
    const parsed = jwksSchema.safeParse(JSON.parse(fs.readFileSync(env.SEAL_JWKS_FILE, 'utf8')));
    if (!parsed.success) throw new Error(`SEAL_JWKS_FILE (${env.SEAL_JWKS_FILE}) is not a JWKS of ECDH-ES P-256 keys`);
    return parsed.data;
  }
  const dir = sealKeyDirOf(env);
  await ensureSealingKeys(dir);
  return publicJwks(dir);
}

export function endpointJwks(): Plugin {
  return {
    name: 'endpoint-jwks',
    apply: 'build',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: BUILT_IN_JWKS_FILE, source: `${JSON.stringify(await buildJwks(process.env))}\n` });
    },
  };
}
