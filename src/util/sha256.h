/*
 * sha256: SHA-256 (FIPS 180-4) over bytes, for what must be named by its
 * content: the remote-ref cache and the lockfile.
 *
 * Pure and reentrant: a struct sha256 is one hash in progress; several may
 * run on several threads at once.
 */
#ifndef ASYNCDOC_SHA256_H
#define ASYNCDOC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
/* Hex digits of a digest, without the NUL. */
#define SHA256_HEX_LEN 64

struct sha256 {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN]);

/* The digest of data[0..n) as 64 lowercase hex digits and a NUL. */
void sha256_hex(char out[SHA256_HEX_LEN + 1], const void *data, size_t n);

/* 1 when s is 64 lowercase hex digits (and nothing more). */
int sha256_is_hex(const char *s);

#endif
