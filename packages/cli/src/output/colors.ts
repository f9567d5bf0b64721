import picocolors from 'picocolors';

/** The colour functions (`bold`, `red`, `dim`, ...) for one stream; plain identity functions when colour is off. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** Whether a stream gets colour: a terminal, unless `NO_COLOR` is set; `FORCE_COLOR` turns it on anywhere. */
export function colorsFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = forced || (stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return picocolors.createColors(enabled);
}
