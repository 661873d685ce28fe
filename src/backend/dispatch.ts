import type { z } from 'zod';
import { defByChannel, type BinaryChannel, type ChannelDef, type JsonChannel } from '../shared/contract';
import { AppError, ERROR_MESSAGES, type ErrorCode, type Result } from '../shared/result';
import type { Logger } from './ports';

/** What a handler receives besides its parsed input. */
export interface CallContext {
  readonly channel: string;
}

export type JsonHandler = (input: unknown, ctx: CallContext) => unknown;
export type BinaryHandler = (bytes: Uint8Array, meta: unknown, ctx: CallContext) => unknown;
export type HandlerMap = Record<string, JsonHandler | BinaryHandler>;

export interface Dispatcher {
  /** A JSON channel: `input` is whatever arrived (already JSON-decoded or structured-cloned). */
  json(channel: string, input: unknown): Promise<Result<unknown>>;
  /**
   * A binary channel. `declaredType` is the HTTP content type (or `application/octet-stream` for an ArrayBuffer
   * over IPC, anything else for a non-binary value); `declaredLength` the Content-Length when known. Size, emptiness
   * and type are checked before the meta or the bytes are parsed.
   */
  binary(
    channel: string,
    body: Uint8Array | null,
    meta: unknown,
    declaredType: string | null,
  ): Promise<Result<unknown>>;
}

export const BINARY_CONTENT_TYPE = 'application/octet-stream';

function failure(code: ErrorCode): Result<never> {
  return { ok: false, error: { code, message: ERROR_MESSAGES[code] } };
}

/** Checks that can be made before a byte of the body is parsed; shared by the IPC bridge and the HTTP harness. */
export function precheckBinary(
  def: BinaryChannel,
  declaredType: string | null,
  declaredLength: number | null,
): ErrorCode | null {
  const type = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== BINARY_CONTENT_TYPE) return 'UNSUPPORTED_MEDIA_TYPE';
  if (declaredLength !== null && declaredLength > def.maxBytes) return 'PAYLOAD_TOO_LARGE';
  if (declaredLength === 0) return 'PAYLOAD_EMPTY';
  return null;
}

export function createDispatcher(handlers: HandlerMap, logger: Logger): Dispatcher {
  async function run(def: ChannelDef, call: () => unknown): Promise<Result<unknown>> {
    let raw: unknown;
    try {
      raw = await call();
    } catch (err) {
      if (err instanceof AppError) {
        logger.warn('call.refused', { channel: def.channel, code: err.code, detail: err.detail ?? null });
        return failure(err.code);
      }
      logger.error('call.crashed', {
        channel: def.channel,
        error: err instanceof Error ? err.name : typeof err,
      });
      return failure('INTERNAL');
    }
    const out = (def.output as z.ZodType).safeParse(raw);
    if (!out.success) {
      // A handler broke the contract: a bug, never the caller's fault.
      logger.error('call.bad_output', { channel: def.channel, issues: out.error.issues.length });
      return failure('INTERNAL');
    }
    return { ok: true, value: out.data };
  }

  function handlerFor(def: ChannelDef) {
    const handler = handlers[def.channel];
    if (!handler) throw new Error(`No handler for ${def.channel}`);
    return handler;
  }

  return {
    async json(channel, input) {
      const def = defByChannel(channel);
      if (!def || def.kind !== 'json') return failure('NOT_FOUND');
      const parsed = (def as JsonChannel).input.safeParse(input);
      if (!parsed.success) {
        logger.warn('call.invalid_input', { channel, issues: parsed.error.issues.length });
        return failure('VALIDATION_FAILED');
      }
      const handler = handlerFor(def) as JsonHandler;
      return run(def, () => handler(parsed.data, { channel }));
    },

    async binary(channel, body, meta, declaredType) {
      const def = defByChannel(channel);
      if (!def || def.kind !== 'binary') return failure('NOT_FOUND');
      const pre = precheckBinary(
        def,
        body instanceof Uint8Array ? declaredType : null,
        body?.byteLength ?? null,
      );
      if (pre) {
        logger.warn('call.refused_body', { channel, code: pre });
        return failure(pre);
      }
      const parsedMeta = def.meta.safeParse(meta);
      if (!parsedMeta.success) {
        logger.warn('call.invalid_input', { channel, issues: parsedMeta.error.issues.length });
        return failure('VALIDATION_FAILED');
      }
      const handler = handlerFor(def) as BinaryHandler;
      return run(def, () => handler(body as Uint8Array, parsedMeta.data, { channel }));
    },
  };
}
