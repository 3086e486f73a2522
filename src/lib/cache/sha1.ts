/* eslint-disable no-bitwise */
/**
 * SHA-1 of a UTF-8 string, as lowercase hex. The cache file names are SHA-1 digests of a few dozen
 * bytes, and node:crypto (OpenSSL) costs more to load than this costs to run: a whole warm
 * credential-process run under `valgrind --tool=callgrind` (instructions, repeatable) took a median
 * of 524 M instructions with this and 537 M with createHash('sha1'), against 503 M for `node -e 0`,
 * so it keeps the warm path's own cost a third lower (Node 20.20.2, code cache on, 3 runs each; see
 * docs/speed.md). Checked against node:crypto in the tests.
 */
export function sha1Hex(text: string): string {
  const message = paddedMessage(text)
  const h = Uint32Array.of(0x67_45_23_01, 0xef_cd_ab_89, 0x98_ba_dc_fe, 0x10_32_54_76, 0xc3_d2_e1_f0)
  const w = new Uint32Array(80)
  for (let block = 0; block < message.byteLength; block += 64) compressBlock(message, block, w, h)
  let hex = ''
  for (const word of h) hex += word.toString(16).padStart(8, '0')
  return hex
}

/** The UTF-8 bytes, a 1 bit, zeros, and the length in bits as 64 bits big-endian: whole 64-byte blocks. */
function paddedMessage(text: string): DataView {
  // Buffer is already loaded; the first TextEncoder costs the warm path a few milliseconds.
  const bytes = Buffer.from(text, 'utf8')
  const bitLength = bytes.length * 8
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6)
  padded.set(bytes)
  padded[bytes.length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_00_00_00_00))
  view.setUint32(padded.length - 4, bitLength >>> 0)
  return view
}

/** Folds the 64-byte block at `block` into the state `h`; `w` is the message schedule, reused across blocks. */
function compressBlock(message: DataView, block: number, w: Uint32Array, h: Uint32Array): void {
  for (let i = 0; i < 16; i++) w[i] = message.getUint32(block + i * 4)
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
    w[i] = (x << 1) | (x >>> 31)
  }

  let a = h[0]
  let b = h[1]
  let c = h[2]
  let d = h[3]
  let e = h[4]
  for (let i = 0; i < 80; i++) {
    let f: number
    let k: number
    if (i < 20) {
      f = (b & c) | (~b & d)
      k = 0x5a_82_79_99
    } else if (i < 40) {
      f = b ^ c ^ d
      k = 0x6e_d9_eb_a1
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d)
      k = 0x8f_1b_bc_dc
    } else {
      f = b ^ c ^ d
      k = 0xca_62_c1_d6
    }

    const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0
    e = d
    d = c
    c = (b << 30) | (b >>> 2)
    b = a
    a = temp
  }

  // Uint32Array stores each sum modulo 2^32.
  h[0] += a
  h[1] += b
  h[2] += c
  h[3] += d
  h[4] += e
}
