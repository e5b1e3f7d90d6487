/** Plain TCP sockets to a collector, for clients that misbehave below HTTP (slow, idle, silent). */
import * as net from 'node:net';

/** A connected socket and what the server did with it. */
export interface RawSocket {
  socket: net.Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves with the ms from connect to close when the server (or an error) ends the connection. */
  closed: Promise<number>;
}

/** Connects to the host and port of `url`. */
export function connectRaw(url: string): Promise<RawSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    const started = Date.now();
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (text += c));
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => socket.destroy());
      resolve({ socket, received: () => text, closed });
    });
  });
}

/** Resolves true when `p` settles within `ms`, false otherwise. */
export function within<T>(p: Promise<T>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
