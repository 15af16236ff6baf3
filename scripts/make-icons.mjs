#!/usr/bin/env node
// Draws the app's icons (web/public/icons, committed): a flock of three birds — سرب means a
// flock — in white on the theme's green. "any" icons have rounded corners; "maskable" ones fill
// the square and keep the birds inside the central safe circle (radius 40 %), as platforms crop.
// Written with zlib alone (a PNG is a deflated scanline stream), so no image library is needed.
// Run again after changing the drawing: node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const out = path.resolve(import.meta.dirname, '..', 'web', 'public', 'icons');
const GREEN = [0x1d, 0x7a, 0x5f];
const WHITE = [0xff, 0xff, 0xff];

// Each bird is a "v" of two wings (segments in a unit square), drawn with a stroke width.
const BIRDS = [
  { x: 0.5, y: 0.455, w: 0.2, h: 0.11 },
  { x: 0.3, y: 0.655, w: 0.13, h: 0.07 },
  { x: 0.7, y: 0.655, w: 0.13, h: 0.07 },
];

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function onBird(x, y, scale) {
  return BIRDS.some((b) => {
    const cx = 0.5 + (b.x - 0.5) * scale;
    const cy = 0.5 + (b.y - 0.5) * scale;
    const w = b.w * scale;
    const h = b.h * scale;
    const stroke = 0.065 * scale * (b.w / 0.2) ** 0.5;
    return distanceToSegment(x, y, cx - w, cy - h, cx, cy) < stroke / 2 || distanceToSegment(x, y, cx, cy, cx + w, cy - h) < stroke / 2;
  });
}

function inRoundedSquare(x, y, radius) {
  const dx = Math.max(radius - x, 0, x - (1 - radius));
  const dy = Math.max(radius - y, 0, y - (1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function draw(size, maskable) {
  const SS = 4;
  const rows = [];
  for (let j = 0; j < size; j++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let i = 0; i < size; i++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const x = (i + (sx + 0.5) / SS) / size;
          const y = (j + (sy + 0.5) / SS) / size;
          if (!maskable && !inRoundedSquare(x, y, 0.2)) continue;
          if (onBird(x, y, maskable ? 0.8 : 1)) fg++;
          else bg++;
        }
      const n = SS * SS;
      const alpha = (bg + fg) / n;
      const mix = bg + fg ? fg / (bg + fg) : 0;
      const o = 1 + i * 4;
      for (let c = 0; c < 3; c++) row[o + c] = Math.round(GREEN[c] * (1 - mix) + WHITE[c] * mix);
      row[o + 3] = Math.round(alpha * 255);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(size, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

fs.mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-192.png', 192, true],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  const file = path.join(out, name);
  fs.writeFileSync(file, draw(size, maskable));
  console.log(`${path.relative(process.cwd(), file)} ${fs.statSync(file).size} bytes`);
}
