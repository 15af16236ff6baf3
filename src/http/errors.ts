// Domain code throws these; one error handler turns them into Mastodon's {"error": "..."} shape.
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly description?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'Record not found') => new ApiError(404, what);
export const unauthorized = (what = 'The access token is invalid') => new ApiError(401, what);
export const forbidden = (what = 'This action is not allowed') => new ApiError(403, what);
export const unprocessable = (what: string) => new ApiError(422, what);
export const badRequest = (what: string) => new ApiError(400, what);
