import { UserError } from './errors';

/** Errors the file system gives for reasons outside the program: a full disk, a quota, permissions, a read-only mount. */
const ENVIRONMENT_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/** The errno code of a Node file-system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `error` as a one-line UserError naming `file` when the environment caused it (ENOSPC, EACCES, EROFS, …),
 * otherwise `error` itself: these are conditions the user fixes, not bugs, so they must not read as
 * "internal error" — and a write to an fd (writeSync) does not name the file on its own.
 */
export function asFileSystemError(error: unknown, file: string, action = 'cannot write'): unknown {
  if (error instanceof UserError) return error;
  const code = errnoCode(error);
  const cause = code ? ENVIRONMENT_CAUSES[code] : undefined;
  return cause ? new UserError(`${file}: ${action}: ${cause} (${code})`) : error;
}

/** True for the errors `asFileSystemError` turns into user errors. */
export function isEnvironmentFsError(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && code in ENVIRONMENT_CAUSES;
}
