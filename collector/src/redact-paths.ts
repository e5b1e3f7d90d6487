/**
 * Absolute file paths in error messages say how the server's disk is laid out, which is none of
 * a client's business: responses get them shortened, the log keeps them whole.
 */

/** An absolute path: a slash, then characters up to white space, a quote or punctuation. */
const ABSOLUTE_PATH = /(?<![\w./-])\/[^\s'"`,;:()[\]]+/g;
/** Path components kept at the end of a shortened path: the file and the folder it is in. */
const KEPT_COMPONENTS = 2;

/** `message` with each absolute path cut to its last components (`.../seg-000001/start.col`). */
export function withoutAbsolutePaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (p) => {
    const parts = p.split('/').filter((s) => s !== '');
    return parts.length <= KEPT_COMPONENTS
      ? parts.join('/')
      : `.../${parts.slice(-KEPT_COMPONENTS).join('/')}`;
  });
}
