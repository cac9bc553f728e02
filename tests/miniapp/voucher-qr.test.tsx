// The QR drawn with Views: exactly qrcode-generator's symbol (error correction M) inside a
// 4-module quiet zone, and it decodes back to the code with jsQR.
import { render, screen } from '@testing-library/react';
import qrcode from 'qrcode-generator';

import { VoucherQr } from '../../miniapp/src/components/voucher-qr';
import { QR_QUIET_ZONE, qrLayout } from '../../miniapp/src/services/qr';
import { decodeQrElement, readQrGrid } from './qr-reader';

const PLATFORM_CODE = 'YB17Q2M9KX4D0ZTN3P8RHC5JW6V';

function generatorMatrix(text: string, mode: 'Alphanumeric' | 'Byte'): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, mode);
  qr.make();
  const count = qr.getModuleCount();
  return Array.from({ length: count }, (_, row) =>
    Array.from({ length: count }, (__, col) => qr.isDark(row, col)),
  );
}

function withQuietZone(matrix: boolean[][]): boolean[][] {
  const size = matrix.length + 2 * QR_QUIET_ZONE;
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (__, col) => matrix[row - QR_QUIET_ZONE]?.[col - QR_QUIET_ZONE] ?? false),
  );
}

function renderQr(value: string): HTMLElement {
  render(<VoucherQr value={value} testId="voucher-qr" />);
  return screen.getByTestId('voucher-qr');
}

describe('VoucherQr', () => {
  it('draws qrcode-generator’s own matrix (level M, alphanumeric) with a 4-module quiet zone', () => {
    const element = renderQr(PLATFORM_CODE);
    const grid = readQrGrid(element);
    expect(grid).toEqual(withQuietZone(generatorMatrix(PLATFORM_CODE, 'Alphanumeric')));
    // A 25-character platform code fits version 2 (25 × 25 modules) at level M.
    expect(grid).toHaveLength(25 + 2 * QR_QUIET_ZONE);
    expect(grid[0]!.every((dark) => !dark)).toBe(true);
    expect(grid[QR_QUIET_ZONE]![QR_QUIET_ZONE]).toBe(true);
  });

  it('decodes back to the code with jsQR', () => {
    expect(decodeQrElement(renderQr(PLATFORM_CODE))).toBe(PLATFORM_CODE);
  });

  it('carries any other text in byte mode', () => {
    const text = 'ybm:code/lower-case?x=1';
    expect(qrLayout(text).size).toBe(generatorMatrix(text, 'Byte').length + 2 * QR_QUIET_ZONE);
    expect(decodeQrElement(renderQr(text))).toBe(text);
  });

  it('draws a new code in place of the old one', () => {
    const { rerender } = render(<VoucherQr value={PLATFORM_CODE} testId="voucher-qr" />);
    const next = 'YB1ABCDEFGHJKMNPQRSTVWXYZ0';
    rerender(<VoucherQr value={next} testId="voucher-qr" />);
    expect(screen.getAllByTestId('voucher-qr')).toHaveLength(1);
    expect(decodeQrElement(screen.getByTestId('voucher-qr'))).toBe(next);
  });

  it('uses one block per run of dark modules, not one per module', () => {
    const { runs } = qrLayout(PLATFORM_CODE);
    const darkModules = generatorMatrix(PLATFORM_CODE, 'Alphanumeric').flat().filter(Boolean).length;
    expect(runs.reduce((sum, run) => sum + run.length, 0)).toBe(darkModules);
    expect(runs.length).toBeLessThan(darkModules * 0.6);
  });
});
