import type { Attributes, Span, SpanKind, SpanOptions } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { laptimeTracer } from './laptime-tracer.js';
import { endWithError } from './record-error.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function, whatever its signature
export type AnyFunction = (...args: any[]) => any;

/** The span name of a call, from its `this` (methods are named after their declaring class). */
export type SpanNamer = (self: unknown) => string;

export interface SpanSettings {
  attributes?: Attributes;
  kind?: SpanKind;
}

/**
 * Wraps `fn` so that every call is a span, active while `fn` runs (so captured calls inside it
 * become its children). The span ends when `fn` returns, or when the promise it returns settles.
 * A throw or rejection is recorded on the span and passes through unchanged. The wrapper keeps
 * `this`, the arguments, the return value (the same promise object), `name` and `length`.
 */
export function wrapFunction<F extends AnyFunction>(fn: F, spanName: SpanNamer, settings: SpanSettings): F {
  const options: SpanOptions | undefined =
    settings.attributes === undefined && settings.kind === undefined ? undefined : settings;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const parent = context.active();
    const span = laptimeTracer().startSpan(spanName(this), options, parent);
    let result: unknown;
    try {
      // Reflect.apply as the callback: no closure and no bound function per call.
      result = context.with(trace.setSpan(parent, span), Reflect.apply, undefined, fn, this, args);
    } catch (err) {
      endWithError(span, err);
      throw err;
    }
    if (result instanceof Promise) {
      // The handlers' own promise always fulfils: capture adds no unhandled rejection.
      result.then(
        () => span.end(),
        (err: unknown) => endWithError(span, err),
      );
      return result;
    }
    if (isThenable(result)) return settleThenable(result, span);
    span.end();
    return result;
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  return wrapper as F;
}

interface Thenable {
  then(onFulfilled: (value: unknown) => void, onRejected: (reason: unknown) => void): unknown;
}

function isThenable(v: unknown): v is Thenable {
  return (
    ((typeof v === 'object' && v !== null) || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function'
  );
}

/**
 * A thenable that is not a native promise (a query builder, say) may run its work on each
 * `then`: it is subscribed to once, and a native promise with its outcome is returned.
 */
function settleThenable(thenable: Thenable, span: Span): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => {
      endWithError(span, err);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on unchanged, Error or not
      reject(err);
    };
    try {
      thenable.then((value) => {
        span.end();
        resolve(value);
      }, fail);
    } catch (err) {
      fail(err);
    }
  });
}
