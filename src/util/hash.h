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

#endif
