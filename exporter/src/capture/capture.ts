import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import { InvalidArgumentError } from '@laptime/store';
import { invalidOption } from '../options/invalid-option.js';
import { captureEnabled } from './enabled.js';
import { methodSpanName } from './method-span-name.js';
import type { AnyFunction, SpanSettings } from './wrap-function.js';
import { wrapFunction } from './wrap-function.js';

/** Span name of a captured function that has no name of its own. */
export const ANONYMOUS_SPAN_NAME = 'anonymous';

/** Options of `capture(options)`. */
export interface CaptureOptions {
  /** Span name. Default: the function's name, or `ClassName.method` for a decorated method. */
  name?: string;
  /** Attributes set on every span. */
  attributes?: Attributes;
  /** Span kind. Default INTERNAL. */
  kind?: SpanKind;
}

/** What `capture(options)` returns: wraps a function, or decorates a method (`@capture()`). */
export interface Capturer {
  <F extends AnyFunction>(fn: F): F;
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext<unknown, F>): F;
}

/**
 * Times a function: every call becomes an OpenTelemetry span of the tracer provider the app
 * registered (see `register`), ending when the call returns or its promise settles. Errors are
 * recorded (exception event, status ERROR) and rethrown unchanged; `this`, arguments, return
 * value, `name` and `length` are kept. A captured call inside another is its child.
 *
 * With `LAPTIME_ENABLED=false` (or `0`) it returns the function itself.
 *
 * @example
 *   const loadCart = capture(async function loadCart(id: string) { ... });
 *   const f = capture('pricing.compute', compute);
 *   const g = capture({ name: 'db.query', attributes: { 'db.system': 'postgres' } })(query);
 *   class Repo { @capture() find(id: string) { ... } }   // span "Repo.find"
 */
export function capture<F extends AnyFunction>(fn: F): F;
export function capture<F extends AnyFunction>(name: string, fn: F): F;
export function capture(options?: CaptureOptions | string): Capturer;
export function capture(a?: unknown, b?: unknown): unknown {
  if (typeof a === 'function') return captureFunction(a as AnyFunction, {});
  if (typeof a === 'string' && b !== undefined) {
    if (typeof b !== 'function') throw invalidOption('capture(name, fn): fn', b, 'a function');
    return captureFunction(b as AnyFunction, { name: checkName(a) });
  }
  return capturer(checkOptions(a));
}

function captureFunction(fn: AnyFunction, options: CaptureOptions): AnyFunction {
  if (!captureEnabled()) return fn;
  const name = options.name ?? (fn.name === '' ? ANONYMOUS_SPAN_NAME : fn.name);
  return wrapFunction(fn, () => name, settingsOf(options));
}

function capturer(options: CaptureOptions): Capturer {
  return function decorate(fn: AnyFunction, context?: DecoratorContext): AnyFunction {
    if (context !== undefined && context.kind !== 'method')
      throw new InvalidArgumentError(`@capture() decorates methods, not a ${context.kind}`);
    if (typeof fn !== 'function') throw invalidOption('capture()(fn): fn', fn, 'a function');
    if (context === undefined) return captureFunction(fn, options);
    if (!captureEnabled()) return fn;
    const fixed = options.name;
    // The namer runs at call time, when `wrapper` exists: it looks for it on the prototype chain.
    const wrapper: AnyFunction = wrapFunction(
      fn,
      fixed === undefined ? methodSpanName(context.name, context.static, () => wrapper) : () => fixed,
      settingsOf(options),
    );
    return wrapper;
  } as Capturer;
}

function settingsOf(options: CaptureOptions): SpanSettings {
  const settings: SpanSettings = {};
  if (options.attributes !== undefined) settings.attributes = options.attributes;
  if (options.kind !== undefined) settings.kind = options.kind;
  return settings;
}

function checkOptions(v: unknown): CaptureOptions {
  if (v === undefined) return {};
  if (typeof v === 'string') return { name: checkName(v) };
  if (typeof v !== 'object' || v === null)
    throw invalidOption('capture(options)', v, 'an object, a name or a function');
  const o = v as CaptureOptions;
  if (o.name !== undefined) checkName(o.name);
  if (o.attributes !== undefined && (typeof o.attributes !== 'object' || o.attributes === null))
    throw invalidOption('capture(options): attributes', o.attributes, 'an object');
  if (o.kind !== undefined && (typeof o.kind !== 'number' || SpanKind[o.kind] === undefined))
    throw invalidOption('capture(options): kind', o.kind, 'a SpanKind');
  return o;
}

function checkName(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw invalidOption('capture: name', v, 'a non-empty string');
  return v;
}
