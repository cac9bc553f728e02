// The QR code the counter scans: qrcode-generator's module matrix (error correction M, the
// compact alphanumeric mode when the code allows it), laid out as runs of dark modules so a
// handful of Views draw it the same way on WeChat, Alipay and H5.
import qrcode from 'qrcode-generator';

/** White border, in modules, that scanners need around the symbol (ISO/IEC 18004: 4). */
export const QR_QUIET_ZONE = 4;
export const QR_ERROR_CORRECTION = 'M';

// QR alphanumeric mode's character set: the platform's codes (upper-case base-32) fit it.
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** The symbol's dark modules, row by row (no quiet zone). */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, QR_ERROR_CORRECTION);
  qr.addData(text, ALPHANUMERIC.test(text) ? 'Alphanumeric' : 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  return Array.from({ length: count }, (_, row) =>
    Array.from({ length: count }, (__, col) => qr.isDark(row, col)),
  );
}

/** A horizontal stretch of dark modules, in modules from the top-left of the quiet zone. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrLayout {
  /** Modules across, quiet zone included. */
  size: number;
  runs: QrRun[];
}

export function qrLayout(text: string): QrLayout {
  const matrix = qrMatrix(text);
  const runs: QrRun[] = [];
  matrix.forEach((cells, row) => {
    let start = -1;
    cells.forEach((dark, col) => {
      if (dark && start < 0) start = col;
      if (start >= 0 && (!dark || col === cells.length - 1)) {
        const end = dark ? col + 1 : col;
        runs.push({ row: row + QR_QUIET_ZONE, col: start + QR_QUIET_ZONE, length: end - start });
        start = -1;
      }
    });
  });
  return { size: matrix.length + 2 * QR_QUIET_ZONE, runs };
}
