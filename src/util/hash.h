/*
 * hash: the hash functions the in-memory tables share: FNV-1a over
 * bytes and MurmurHash3's 64-bit finaliser to spread a word's bits.
 *
 * Not for anything an attacker could exploit beyond slowing a table down
 * (the tables bound their probing by their load factor, not by trust).
 * Values are stable within a build; nothing may persist them.
 */
#ifndef ASYNCDOC_HASH_H
#define ASYNCDOC_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Where an FNV-1a hash starts. */
#define HASH_FNV_OFFSET 0xcbf29ce484222325ULL

/* FNV-1a over s[0..n), continuing from h (HASH_FNV_OFFSET to start). */
static inline uint64_t
hash_fnv1a(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* FNV-1a over the bytes of s before its NUL, continuing from h. */
static inline uint64_t
hash_fnv1a_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * The first half of MurmurHash3's fmix64: cheap, and enough to bring an
 * address's high bits down to the low bits a table masks.
 */
static inline uint64_t
hash_mix_half(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* MurmurHash3's fmix64: every input bit affects every output bit. */
static inline uint64_t
hash_fmix64(uint64_t x)
{
	x = hash_mix_half(x);
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/*
 * A 128-bit digest of a byte string, to tell whether a file still holds
 * the bytes of a page without reading it next to the page (site's
 * oldsite, #18). Four 64-bit lanes each take every fourth word of the
 * input; a lane's step (xor the word, multiply by an odd constant, xor
 * the high bits down) is a bijection of the lane for a given word, so
 * inputs of one length that differ in a single word never collide, and
 * other differences collide by chance only (about 2^-128). Not against
 * an adversary who chooses both strings: such a one writes the spec
 * anyway. About 4 words per few cycles: 50 MB of pages cost milliseconds.
 *
 * Streaming: hash_content_init, any number of hash_content_update,
 * hash_content_final. The digest depends on the bytes only, not on how
 * they were cut into updates.
 */
struct hash_content {
	uint64_t lane[4];
	unsigned char tail[32]; /* bytes of an unfinished block */
	size_t ntail;
	uint64_t len;
};

struct hash128 {
	uint64_t a, b;
};

#define HASH_CONTENT_K1 0x9e3779b97f4a7c15ULL
#define HASH_CONTENT_K2 0xd6e8feb86659fd93ULL

static inline void
hash_content_init(struct hash_content *h)
{
	h->lane[0] = HASH_CONTENT_K2;
	h->lane[1] = HASH_CONTENT_K2 ^ 0x5555555555555555ULL;
	h->lane[2] = HASH_CONTENT_K2 ^ 0xaaaaaaaaaaaaaaaaULL;
	h->lane[3] = ~HASH_CONTENT_K2;
	h->ntail = 0;
	h->len = 0;
}

static inline uint64_t
hash_content_step(uint64_t v, uint64_t w)
{
	v ^= w;
	v *= HASH_CONTENT_K1;
	return v ^ (v >> 29);
}

/* One 32-byte block into the four lanes (words read as little-endian
 * hosts lay them out: digests are compared on one machine only). */
static inline void
hash_content_block(struct hash_content *h, const unsigned char *p)
{
	uint64_t w[4];

	memcpy(w, p, sizeof(w));
	h->lane[0] = hash_content_step(h->lane[0], w[0]);
	h->lane[1] = hash_content_step(h->lane[1], w[1]);
	h->lane[2] = hash_content_step(h->lane[2], w[2]);
	h->lane[3] = hash_content_step(h->lane[3], w[3]);
}

static inline void
hash_content_update(struct hash_content *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	h->len += n;
	if (h->ntail > 0) {
		k = sizeof(h->tail) - h->ntail;
		if (k > n)
			k = n;
		memcpy(h->tail + h->ntail, p, k);
		h->ntail += k;
		p += k;
		n -= k;
		if (h->ntail < sizeof(h->tail))
			return;
		hash_content_block(h, h->tail);
		h->ntail = 0;
	}
	for (; n >= 32; p += 32, n -= 32)
		hash_content_block(h, p);
	memcpy(h->tail, p, n);
	h->ntail = n;
}

static inline uint64_t
hash_content_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline void
hash_content_final(struct hash128 *out, struct hash_content *h)
{
	uint64_t *v = h->lane;

	if (h->ntail > 0) {
		/* zeros after the bytes; the length below tells them apart */
		memset(h->tail + h->ntail, 0, sizeof(h->tail) - h->ntail);
		hash_content_block(h, h->tail);
		h->ntail = 0;
	}
	out->a = hash_fmix64(v[0] ^ hash_content_rotl(v[1], 17) ^
	                     hash_content_rotl(v[2], 31) ^
	                     hash_content_rotl(v[3], 47) ^ h->len);
	out->b = hash_fmix64((v[3] ^ h->len) +
	                     hash_content_rotl(v[2], 13) * HASH_CONTENT_K1 +
	                     hash_content_rotl(v[1], 41) * HASH_CONTENT_K2 +
	                     v[0]);
}

/* The digest of data[0..n) in one call. */
static inline void
hash_content(struct hash128 *out, const void *data, size_t n)
{
	struct hash_content h;

	hash_content_init(&h);
	hash_content_update(&h, data, n);
	hash_content_final(out, &h);
}

#endif
