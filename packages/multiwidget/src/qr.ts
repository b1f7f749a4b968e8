import { encode } from 'uqr';

/**
 * The QR matrix for a link, quiet zone included (true = dark). Loaded only when a QR code is
 * shown; rendering is the panel's job (SVG, no markup strings).
 */
export function qrMatrix(text: string): boolean[][] {
  // M: survives a glare or a smudge on a screen; a quiet zone of 2 modules sits inside our own margin.
  return encode(text, { ecc: 'M', border: 2 }).data;
}
