import type { MindbodyErrorBody } from '../api/mindbody-api.types';

/** An answer other than 2xx, as MINDBODY sends it: a status and `{ "Error": { "Message", "Code" } }`. */
export class MindbodyHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MindbodyHttpError';
  }

  /** The JSON body MINDBODY answers with. */
  toBody(): MindbodyErrorBody {
    return { Error: { Message: this.message, Code: this.code } };
  }
}

/** 400 for a request body or query that MINDBODY would refuse. */
export function invalidParameter(message: string): MindbodyHttpError {
  return new MindbodyHttpError(400, 'InvalidParameter', message);
}
