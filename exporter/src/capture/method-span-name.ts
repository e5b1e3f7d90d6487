import type { SpanNamer } from './wrap-function.js';

/**
 * Names spans of a decorated method `ClassName.method`, after the class that declares it (also
 * when a subclass instance calls it). The decorator cannot see the class, so the first call
 * finds it: the object on `this`'s prototype chain that holds the wrapper as an own property.
 */
export function methodSpanName(key: string | symbol, isStatic: boolean, wrapper: () => unknown): SpanNamer {
  const method = typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
  let found: string | undefined;
  return (self) => {
    if (found !== undefined) return found;
    const owner = declaringClassName(self, key, wrapper(), isStatic);
    if (owner === undefined) return fallbackName(self, method, isStatic);
    found = `${owner}.${method}`;
    return found;
  };
}

function declaringClassName(
  self: unknown,
  key: string | symbol,
  wrapper: unknown,
  isStatic: boolean,
): string | undefined {
  let o: unknown = self;
  while ((typeof o === 'object' || typeof o === 'function') && o !== null) {
    if (Object.getOwnPropertyDescriptor(o, key)?.value === wrapper) {
      const cls: unknown = isStatic ? o : (o as { constructor?: unknown }).constructor;
      return typeof cls === 'function' && cls.name !== '' ? cls.name : undefined;
    }
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

/** Private methods are not on the prototype, and `this` may be missing: name what is known. */
function fallbackName(self: unknown, method: string, isStatic: boolean): string {
  const cls: unknown = isStatic
    ? self
    : typeof self === 'object' && self !== null
      ? (self as { constructor?: unknown }).constructor
      : undefined;
  return typeof cls === 'function' && cls.name !== '' ? `${cls.name}.${method}` : method;
}
