// GET /api/me's answer (see auth.ts), parsed by the app at start. Apart from wire.ts's other schemas: building
// them all, for this one, was a long task after the start page's first paint (~80 ms at a quarter of the CPU).
import * as z from 'zod/mini';
import { ROLES } from './auth.ts';

/** Not strict: the endpoint may tell more later without breaking older apps. */
export const meResponseSchema = z.object({
  user: z.nullable(z.object({ id: z.string(), name: z.string(), email: z.string(), roles: z.array(z.enum(ROLES)) })),
  demo: z.boolean(),
});
