// Draws the Fieldlink icon (a signal mark on a rounded square) and writes it as PNG files:
// build/icon.png (1024 px, mac and Windows) and build/icons/<n>x<n>.png (Linux). No downloads,
// no image libraries: pixels are computed here and encoded with zlib. Run: node build/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const MASTER_SIZE = 1024;
const SAMPLES = 4; // 4×4 supersampling for smooth edges

const TOP = [0x0b, 0x5c, 0xad];
const BOTTOM = [0x08, 0x8a, 0x8c];
const WHITE = [0xff, 0xff, 0xff];

/** Colour and coverage of one point in unit coordinates (0..1); undefined = transparent. */
function shade(x, y) {
  if (!insideRoundedSquare(x, y, 0.04, 0.2)) return undefined;
  if (isMark(x, y)) return WHITE;
  const t = y;
  return TOP.map((c, i) => Math.round(c + (BOTTOM[i] - c) * t));
}

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin + radius;
  const hi = 1 - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius && x >= margin && x <= 1 - margin && y >= margin && y <= 1 - margin;
}

/** A dot with two signal arcs above it, opening upwards at 90°. */
function isMark(x, y) {
  const cx = 0.5;
  const cy = 0.68;
  const r = Math.hypot(x - cx, y - cy);
  if (r <= 0.075) return true;
  const angle = Math.atan2(cy - y, x - cx); // 0 = right, π/2 = up
  const withinFan = angle > Math.PI / 4 && angle < (3 * Math.PI) / 4;
  const ring = (radius) => Math.abs(r - radius) <= 0.045;
  return withinFan && (ring(0.22) || ring(0.36));
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = shade((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          sum[0] += colour[0];
          sum[1] += colour[1];
          sum[2] += colour[2];
          sum[3] += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (sum[3] > 0) {
        rgba[o] = Math.round(sum[0] / sum[3]);
        rgba[o + 1] = Math.round(sum[1] / sum[3]);
        rgba[o + 2] = Math.round(sum[2] / sum[3]);
      }
      rgba[o + 3] = Math.round((255 * sum[3]) / (SAMPLES * SAMPLES));
    }
  }
  return encodePng(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA, 8 bits per channel, filter 0 on every row. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main() {
  mkdirSync(join(here, 'icons'), { recursive: true });
  writeFileSync(join(here, 'icon.png'), render(MASTER_SIZE));
  for (const size of LINUX_SIZES) writeFileSync(join(here, 'icons', `${size}x${size}.png`), render(size));
  console.log(`icons written: build/icon.png (${MASTER_SIZE}px), build/icons/{${LINUX_SIZES.join(',')}}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
