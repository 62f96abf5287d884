/* Screenshots as PNG files without an image library: a small writer with
 * fixed-Huffman deflate (lsr_png_write, declared in sdl/ui.h), used by
 * --screenshots and the UI tests. */
#include "sdl/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n) {
    if (!crc_table[1]) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
    }
    crc = ~crc;
    for (size_t i = 0; i < n; i++) crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static bool write_chunk(FILE *f, const char *type, const uint8_t *data, size_t n) {
    uint8_t hdr[8];
    put32(hdr, (uint32_t)n);
    memcpy(hdr + 4, type, 4);
    uint32_t crc = crc32_update(0, hdr + 4, 4);
    crc = crc32_update(crc, data, n);
    uint8_t tail[4];
    put32(tail, crc);
    return fwrite(hdr, 1, 8, f) == 8 && (n == 0 || fwrite(data, 1, n, f) == n) && fwrite(tail, 1, 4, f) == 4;
}

/* A small deflate: LZ77 over a 32 KiB window with hash chains, coded
 * with the fixed Huffman table. Flat UI images shrink 20–50 times. */
typedef struct BitOut { uint8_t *p; size_t n; uint64_t buf; int bits; } BitOut;

static void bits_put(BitOut *o, uint32_t v, int n) {
    o->buf |= (uint64_t)v << o->bits;
    o->bits += n;
    while (o->bits >= 8) {
        o->p[o->n++] = (uint8_t)o->buf;
        o->buf >>= 8;
        o->bits -= 8;
    }
}

static void huff_put(BitOut *o, uint32_t code, int len) {
    uint32_t r = 0;
    for (int i = 0; i < len; i++) r |= ((code >> i) & 1u) << (len - 1 - i);
    bits_put(o, r, len);
}

static void lit_put(BitOut *o, unsigned v) {
    if (v < 144) huff_put(o, 0x30 + v, 8);
    else if (v < 256) huff_put(o, 0x190 + v - 144, 9);
    else if (v < 280) huff_put(o, v - 256, 7);
    else huff_put(o, 0xC0 + v - 280, 8);
}

static const uint16_t len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                       35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                       3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                        8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                        7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static void match_put(BitOut *o, unsigned len, unsigned dist) {
    int i = 28;
    while (len_base[i] > len) i--;
    lit_put(o, 257u + (unsigned)i);
    bits_put(o, len - len_base[i], len_extra[i]);
    int d = 29;
    while (dist_base[d] > dist) d--;
    huff_put(o, (uint32_t)d, 5);
    bits_put(o, dist - dist_base[d], dist_extra[d]);
}

static uint32_t hash3(const uint8_t *p, int bits) {
    return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - bits);
}

/* Deflates src into out (capacity n/8*9+64 is always enough). */
static size_t deflate_fixed(const uint8_t *src, size_t n, uint8_t *out) {
    enum { HBITS = 15, WIN = 32768, DEPTH = 12 };
    int32_t *head = malloc(sizeof(int32_t) << HBITS);
    int32_t *prev = malloc(sizeof(int32_t) * WIN);
    BitOut o = { out, 0, 0, 0 };
    if (!head || !prev) {
        free(head);
        free(prev);
        return 0;
    }
    memset(head, 0xff, sizeof(int32_t) << HBITS);
    bits_put(&o, 1, 1);  /* final block */
    bits_put(&o, 1, 2);  /* fixed Huffman codes */
    size_t i = 0;
    while (i < n) {
        unsigned best = 0, best_d = 0;
        if (i + 2 < n) {
            int32_t c = head[hash3(src + i, HBITS)];
            for (int k = 0; k < DEPTH && c >= 0 && i - (size_t)c <= WIN - 1; k++) {
                size_t m = 0, max = n - i < 258 ? n - i : 258;
                while (m < max && src[(size_t)c + m] == src[i + m]) m++;
                if (m > best) {
                    best = (unsigned)m;
                    best_d = (unsigned)(i - (size_t)c);
                    if (m == max) break;
                }
                int32_t nx = prev[(size_t)c % WIN];
                if (nx >= c) break;
                c = nx;
            }
        }
        size_t adv = best >= 3 ? best : 1;
        if (best >= 3) match_put(&o, best, best_d);
        else lit_put(&o, src[i]);
        for (size_t k = 0; k < adv; k++, i++) {
            if (i + 2 >= n) continue;
            uint32_t hh = hash3(src + i, HBITS);
            prev[i % WIN] = head[hh];
            head[hh] = (int32_t)i;
        }
    }
    lit_put(&o, 256);
    if (o.bits) bits_put(&o, 0, 8 - o.bits);
    free(head);
    free(prev);
    return o.n;
}

bool lsr_png_write(const char *path, const uint8_t *rgb, int w, int h, int pitch) {
    size_t row = (size_t)w * 3 + 1, raw_n = row * (size_t)h;
    uint8_t *raw = malloc(raw_n);
    uint8_t *z = malloc(raw_n / 8 * 9 + 64 + 6);
    if (!raw || !z) {
        free(raw);
        free(z);
        return false;
    }
    for (int y = 0; y < h; y++) {
        raw[(size_t)y * row] = 0;  /* filter: none */
        memcpy(raw + (size_t)y * row + 1, rgb + (size_t)y * (size_t)pitch, row - 1);
    }
    size_t o = 0;
    z[o++] = 0x78;
    z[o++] = 0x01;
    size_t dn = deflate_fixed(raw, raw_n, z + o);
    o += dn;
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < raw_n; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    put32(z + o, b << 16 | a);
    o += 4;
    free(raw);
    if (dn == 0) {
        free(z);
        return false;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(z);
        return false;
    }
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    uint8_t ihdr[13];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
    bool ok = fwrite(sig, 1, 8, f) == 8 && write_chunk(f, "IHDR", ihdr, 13) &&
              write_chunk(f, "IDAT", z, o) && write_chunk(f, "IEND", NULL, 0);
    ok = fclose(f) == 0 && ok;
    free(z);
    return ok;
}
