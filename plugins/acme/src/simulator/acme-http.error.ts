/** An answer other than 2xx, as Acme sends it: the status and a JSON body `{ message, field? }`. */
export class AcmeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AcmeHttpError';
  }

  /** The JSON body Acme answers with. */
  toBody(): { message: string; field?: string } {
    return this.field ? { message: this.message, field: this.field } : { message: this.message };
  }
}
