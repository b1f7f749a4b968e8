import { useEffect, useState } from 'preact/hooks';

/**
 * A QR code as one SVG path of dark modules. The encoder (uqr) is a separate chunk, fetched the
 * first time a QR code is shown.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [matrix, setMatrix] = useState<boolean[][] | null>(null);
  useEffect(() => {
    let live = true;
    setMatrix(null);
    void import('../qr').then((m) => live && setMatrix(m.qrMatrix(text)));
    return () => {
      live = false;
    };
  }, [text]);
  if (!matrix) return <div class="qr qr-loading" aria-busy="true" />;
  const n = matrix.length;
  let d = '';
  matrix.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return (
    <svg class="qr" viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label} data-modules={n} shape-rendering="crispEdges">
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
