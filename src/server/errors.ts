// One error path for the whole endpoint: every error body is `ErrorBody` ({error, message, fields?}), with a
// stable code a client can act on. 5xx bodies never carry internals, and the log never carries report
// content (a JSON parse error, for one, can quote the body it failed on).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../shared/report.ts';
import type { ErrorBody } from '../shared/wire.ts';

/** An error the endpoint answers on purpose, with its status and stable code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

// Fastify's own request errors, in words a client developer can act on.
const FASTIFY_ERRORS: Record<string, { code: string; message: (limit: number) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', message: (limit) => `The request body is larger than the limit of ${limit} bytes` },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: () => 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: () => 'The request body is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: () => 'Send the report as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: () => 'The request body does not match its Content-Length' },
  FST_ERR_BAD_URL: { code: 'bad_request', message: () => 'The address of the request is not valid (a % must start an escape like %20)' },
};

/** At most this many field errors in one answer: enough to correct a form, too few to make the answer huge. */
export const MAX_FIELD_ERRORS = 20;
const MAX_PATH_LENGTH = 200;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// Errors of the router and of other plugins, by status: 414 for a path parameter over 100 characters; the
// static files' 400 for a path that does not decode or holds a NUL byte, 403 for one that climbs out of the
// folder, 416 for a range past the end.
const CLIENT_ERRORS: Record<number, ErrorBody> = {
  400: { error: 'bad_request', message: 'The address of the request is not valid' },
  403: { error: 'forbidden', message: 'This address cannot be served' },
  404: { error: 'not_found', message: 'Not found' },
  414: { error: 'uri_too_long', message: 'The address of the request is too long' },
  416: { error: 'range_not_satisfiable', message: 'The requested range is not part of the file' },
  429: { error: 'rate_limited', message: 'Too many requests: wait a minute and try again' },
};

export function toErrorBody(error: unknown, bodyLimit: number): { statusCode: number; body: ErrorBody } {
  if (error instanceof ApiError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error.fields) {
      // A path can quote a field name the client chose (an unknown field): long ones are cut.
      body.fields = error.fields.slice(0, MAX_FIELD_ERRORS).map(({ path, message }) => ({ path: cut(path, MAX_PATH_LENGTH), message }));
      if (error.fields.length > MAX_FIELD_ERRORS) body.message += ` (${error.fields.length} problems; the first ${MAX_FIELD_ERRORS} are listed)`;
    }
    return { statusCode: error.statusCode, body };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<FastifyError>;
  const statusCode = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode <= 599 ? e.statusCode : 500;
  const known = e.code ? FASTIFY_ERRORS[e.code] : undefined;
  if (known) return { statusCode, body: { error: known.code, message: known.message(bodyLimit) } };
  const byStatus = CLIENT_ERRORS[statusCode];
  if (byStatus) return { statusCode, body: byStatus };
  if (statusCode < 500) return { statusCode, body: { error: 'bad_request', message: 'The request could not be processed' } };
  if (statusCode === 503) return { statusCode, body: { error: 'unavailable', message: 'The service is unavailable: try again later' } };
  return { statusCode, body: { error: 'internal_error', message: 'Something went wrong on our side: try again later' } };
}

export function errorHandler(bodyLimit: number) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const { statusCode, body } = toErrorBody(error, bodyLimit);
    if (statusCode >= 500 && !(error instanceof ApiError)) {
      // Name, code, message and stack only: driver errors can quote values (PostgreSQL's `detail`).
      const e = error as Partial<Error & { code: unknown }>;
      request.log.error({ failure: { type: e?.name, code: e?.code, message: e?.message, stack: e?.stack } }, 'request failed');
    } else if (statusCode >= 500) {
      request.log.warn({ statusCode, error: body.error }, 'request refused');
    } else {
      request.log.info({ statusCode, error: body.error }, 'request refused');
    }
    void reply.code(statusCode).header('cache-control', 'no-store').send(body);
  };
}
