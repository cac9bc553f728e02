// Reads back what the code page drew: the QR's View grid (one absolutely placed block per run
// of dark modules, in percentages of the square) turned into modules, rasterised and decoded
// with jsQR — the same decoder the counter uses on a screenshot.
import jsQR from 'jsqr';

/** The dark modules of a rendered `voucher-qr`, quiet zone included. */
export function readQrGrid(element: HTMLElement): boolean[][] {
  const size = Number(element.getAttribute('data-modules'));
  if (!Number.isInteger(size) || size <= 0) throw new Error('voucher-qr has no data-modules');
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const modules = (value: string) => Math.round((parseFloat(value) * size) / 100);
  for (const block of Array.from(element.children) as HTMLElement[]) {
    const row = modules(block.style.top);
    const col = modules(block.style.left);
    const length = modules(block.style.width);
    if (modules(block.style.height) !== 1) throw new Error('a QR block is not one module high');
    for (let c = col; c < col + length; c += 1) grid[row]![c] = true;
  }
  return grid;
}

/** Decodes a rendered `voucher-qr` (4 px a module, black on white); undefined if unreadable. */
export function decodeQrElement(element: HTMLElement, scale = 4): string | undefined {
  const grid = readQrGrid(element);
  const width = grid.length * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  grid.forEach((cells, row) =>
    cells.forEach((dark, col) => {
      if (!dark) return;
      for (let y = row * scale; y < (row + 1) * scale; y += 1) {
        for (let x = col * scale; x < (col + 1) * scale; x += 1) {
          const i = (y * width + x) * 4;
          pixels[i] = 0;
          pixels[i + 1] = 0;
          pixels[i + 2] = 0;
        }
      }
    }),
  );
  return jsQR(pixels, width, width)?.data;
}
