// @ts-check
// The bearer token: read from its file, or generated and written there (mode 0600) the first time, and
// compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The token in `file`, made (32 random bytes, base64url) when the file does not exist. Refuses a file that
 * others may read, as ssh does with keys, and an empty one.
 * @param {string} file
 * @returns {Promise<{ token: string; generated: boolean }>}
 */
export async function loadToken(file) {
  const st = await stat(file).catch((err) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (st === null) {
    const token = randomBytes(32).toString('base64url');
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a token another process wrote in between.
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, generated: true };
  }
  if (!st.isFile()) throw new Error(`token file ${file} is not a file`);
  if ((st.mode & 0o077) !== 0) throw new Error(`token file ${file} may be read by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 ${file}`);
  const token = (await readFile(file, 'utf8')).trim();
  if (token === '') throw new Error(`token file ${file} is empty: write a token in it, or delete it to have one generated`);
  return { token, generated: false };
}

/**
 * True when `given` is `token`, in time that does not depend on where they differ (or on their lengths).
 * @param {string} given
 * @param {string} token
 */
export function sameToken(given, token) {
  const digest = (/** @type {string} */ s) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
