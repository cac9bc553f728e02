// Draws the tab-bar icons (81×81 PNG, grey and brand blue) into src/assets/tabbar/.
// Both WeChat and Alipay tab bars take only raster files for icons, so they are generated
// once with this script and committed: `node miniapp/scripts/make-tab-icons.js`.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const COLOURS = { normal: [138, 143, 153], active: [22, 119, 255] };

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRing = (x, y, cx, cy, r, width) => inCircle(x, y, cx, cy, r) && !inCircle(x, y, cx, cy, r - width);
const inFrame = (x, y, x0, y0, x1, y1, w) =>
  inRect(x, y, x0, y0, x1, y1) && !inRect(x, y, x0 + w, y0 + w, x1 - w, y1 - w);

// Shapes in a 0..1 unit square.
const SHAPES = {
  home(x, y) {
    const roof =
      y >= 0.12 &&
      y <= 0.5 &&
      Math.abs(x - 0.5) <= (y - 0.12) * 1.15 &&
      Math.abs(x - 0.5) >= (y - 0.25) * 1.15;
    const body = inFrame(x, y, 0.22, 0.45, 0.78, 0.88, 0.08);
    const door = inRect(x, y, 0.43, 0.62, 0.57, 0.88);
    return roof || body || door;
  },
  code(x, y) {
    const finder = (x0, y0) =>
      inFrame(x, y, x0, y0, x0 + 0.3, y0 + 0.3, 0.07) || inRect(x, y, x0 + 0.1, y0 + 0.1, x0 + 0.2, y0 + 0.2);
    const dots = [
      [0.58, 0.58],
      [0.74, 0.58],
      [0.58, 0.74],
      [0.74, 0.74],
      [0.66, 0.66],
    ];
    return (
      finder(0.12, 0.12) ||
      finder(0.58, 0.12) ||
      finder(0.12, 0.58) ||
      dots.some(([dx, dy]) => inRect(x, y, dx, dy, dx + 0.1, dy + 0.1))
    );
  },
  mine(x, y) {
    const head = inRing(x, y, 0.5, 0.33, 0.2, 0.08);
    const shoulders = y <= 0.9 && inRing(x, y, 0.5, 0.95, 0.38, 0.08);
    return head || shoulders;
  },
};

function crc32(buf) {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py += 1) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 = none
    for (let px = 0; px < SIZE; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1)
        for (let sx = 0; sx < SAMPLES; sx += 1)
          if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) hits += 1;
      row.set([r, g, b, Math.round((255 * hits) / SAMPLES ** 2)], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = path.join(__dirname, '..', 'src', 'assets', 'tabbar');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, shape] of Object.entries(SHAPES)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(shape, COLOURS.normal));
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), png(shape, COLOURS.active));
}
console.log(`tab-bar icons written to ${path.relative(process.cwd(), outDir)}`);
