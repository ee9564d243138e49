// A thread of the hub's batch reader (batch-reader.ts): reads JSON batch bodies handed to it and
// answers what it read. It holds no state and touches neither the store nor the network.
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import type { EntityKind } from '@connector/core';
import { readBatchBody, toWire, type WireBatch } from './batch-items';

/** What the event loop asks a batch-reader thread. */
export interface ReadRequest {
  id: number;
  kind: EntityKind;
  body: string;
  providerId: string;
  maxItems: number;
  fingerprint: boolean;
}

/** What a batch-reader thread answers: the batch read, or (a bug, never a bad body) why not. */
export type ReadAnswer = { id: number; batch: WireBatch } | { id: number; failed: string };

const port = parentPort;
if (port) {
  port.on('message', (request: ReadRequest) => {
    let answer: ReadAnswer;
    try {
      answer = { id: request.id, batch: toWire(readBatchBody(request.kind, request.body, request.providerId, request)) };
    } catch (error) {
      answer = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
  port.postMessage({ ready: true });
}
