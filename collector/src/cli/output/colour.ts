/** Colour for people: only on a terminal, never when NO_COLOR is set (no-color.org). */

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
}

const plain: Paint = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s };

const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

const ansi: Paint = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39) };

/** The paint for a stream: colour when it is a TTY and NO_COLOR is unset or empty. */
export function paintFor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Paint {
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return isTTY === true && !noColour ? ansi : plain;
}
