/** An error that carries the HTTP status and the Thai message the visitor sees. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
