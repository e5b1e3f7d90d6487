/** Writing to a stream with backpressure: wait for `drain` when the buffer is full. */
import { once } from 'node:events';

export async function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}
