// A performance mark when something is first on screen, once per page load: `npm run bench`
// times H5 navigation → QR painted with it (BENCHMARKS.md). Only where the runtime has
// performance.mark and requestAnimationFrame (H5); the mini-program runtimes skip it.
export const QR_PAINTED_MARK = 'ybm:qr-painted';

const marked = new Set<string>();

export function markFirstPaint(name: string): void {
  const { performance, requestAnimationFrame: nextFrame } = globalThis as Partial<typeof globalThis>;
  if (marked.has(name) || typeof performance?.mark !== 'function' || typeof nextFrame !== 'function') return;
  marked.add(name);
  // A frame callback runs before that frame is painted: the one after it, once it is.
  nextFrame(() => nextFrame(() => performance.mark(name)));
}
