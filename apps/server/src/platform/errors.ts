import type { ErrorCode } from "@tandem/contracts";

/** Errors carry a stable code (one of the contracts' `ErrorCode`s) and an HTTP status; the HTTP layer turns them into the error shape. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: unknown[] = []) => new AppError(400, "validation_failed", message, details);
export const unauthorized = (message = "Sign in first.") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do this.") => new AppError(403, "forbidden", message);
export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found.`);
export const conflict = (code: ErrorCode, message: string, details: unknown[] = []) => new AppError(409, code, message, details);
export const unprocessable = (code: ErrorCode, message: string, details: unknown[] = []) => new AppError(422, code, message, details);
export const tooManyRequests = (message: string) => new AppError(429, "rate_limited", message);
