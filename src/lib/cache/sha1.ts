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
  // Buffer is already loaded; the first TextEncoder costs the warm path a few milliseconds.
  const bytes = Buffer.from(text, 'utf8')
  const bitLength = bytes.length * 8
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6)
  padded.set(bytes)
  padded[bytes.length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_00_00_00_00))
  view.setUint32(padded.length - 4, bitLength >>> 0)

  let h0 = 0x67_45_23_01
  let h1 = 0xef_cd_ab_89
  let h2 = 0x98_ba_dc_fe
  let h3 = 0x10_32_54_76
  let h4 = 0xc3_d2_e1_f0
  const w = new Uint32Array(80)
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4)
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
      w[i] = (x << 1) | (x >>> 31)
    }

    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
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

    h0 = (h0 + a) >>> 0
    h1 = (h1 + b) >>> 0
    h2 = (h2 + c) >>> 0
    h3 = (h3 + d) >>> 0
    h4 = (h4 + e) >>> 0
  }

  return [h0, h1, h2, h3, h4].map((h) => h.toString(16).padStart(8, '0')).join('')
}
