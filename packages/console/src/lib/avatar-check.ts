/** Avatar rules (seed: square, 200×200 to 1500×1500 px, .png/.jpg/.jpeg). The server checks again. */
export const AVATAR_MIN_PX = 200;
export const AVATAR_MAX_PX = 1500;
export const AVATAR_TYPES: readonly string[] = ['image/png', 'image/jpeg'];

export function avatarSizeOk(width: number, height: number): boolean {
  return width === height && width >= AVATAR_MIN_PX && width <= AVATAR_MAX_PX;
}

/**
 * A quick local verdict: 'invalid' when the type or the decoded size is wrong, 'unknown' when
 * the browser cannot decode it here (the server then decides).
 */
export async function checkAvatar(file: File): Promise<'ok' | 'invalid' | 'unknown'> {
  if (!AVATAR_TYPES.includes(file.type)) return 'invalid';
  if (typeof createImageBitmap !== 'function') return 'unknown';
  try {
    const bmp = await createImageBitmap(file);
    const ok = avatarSizeOk(bmp.width, bmp.height);
    bmp.close();
    return ok ? 'ok' : 'invalid';
  } catch {
    return 'invalid';
  }
}
