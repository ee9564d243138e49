import type { FastifyReply, FastifyRequest } from 'fastify';

/** How much of a refused body is read and dropped so that its sender sees the answer. */
export interface DrainBound {
  /** Most bytes read after the refusal before the connection is cut. */
  maxBytes: number;
  /** Longest time spent reading them. */
  timeoutMs: number;
}

/**
 * Lets the client read an error answered before its body was read (413 above all). Fastify asks to
 * close such a connection at once, and a socket closed while the client still sends makes the kernel
 * answer a reset, which often destroys the unread answer: the client sees ECONNRESET or EPIPE, not
 * 413, and takes it for a network fault. So the close is deferred: the answer is written, the rest of
 * the body is read and dropped up to a bound (the connection is cut past it).
 */
export function drainUnreadBody(request: FastifyRequest, reply: FastifyReply, bound: DrainBound): void {
  const incoming = request.raw;
  if (incoming.complete || incoming.destroyed) return;
  // Without "Connection: close" Node keeps the socket open after the answer instead of closing it unread.
  reply.removeHeader('connection');
  const socket = incoming.socket;
  let read = 0;
  const cut = () => {
    clearTimeout(timer);
    incoming.removeListener('data', onData);
    socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > bound.maxBytes) cut();
  };
  const timer = setTimeout(cut, bound.timeoutMs);
  timer.unref();
  incoming.on('data', onData);
  // Read to its end: the connection is then like any other after an answer (kept alive or closed by Node).
  incoming.once('end', () => {
    clearTimeout(timer);
    incoming.removeListener('data', onData);
  });
  incoming.once('close', () => clearTimeout(timer));
  incoming.resume();
}
