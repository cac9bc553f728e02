// Reading what the counter's scanner would read: a code string as typed, or the QR code in
// a PNG image (a screenshot of the phone), decoded with jsQR.
import { existsSync, readFileSync } from 'node:fs';

import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrPng(file: string): string {
  const png = PNG.sync.read(readFileSync(file));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height, {
    inversionAttempts: 'attemptBoth',
  });
  if (!found?.data) throw new Error(`图片 ${file} 中没有可识别的二维码`);
  return found.data;
}

/** A code given on the command line: a PNG path is decoded, anything else is the code itself. */
export function readScannedCode(argument: string): string {
  if (/\.png$/i.test(argument) || (argument.includes('/') && existsSync(argument))) {
    return decodeQrPng(argument).trim();
  }
  return argument.trim();
}
