/** This package's version: the instrumentation scope version of captured spans, and the User-Agent. */
export const VERSION = '0.1.0';
