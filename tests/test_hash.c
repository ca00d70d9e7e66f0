/* Tests of the shared hash functions (hash.h), against known values. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/hash.h"

static void
fnv1a_matches_reference_vectors(void **state)
{
	(void)state;
	assert_true(hash_fnv1a(HASH_FNV_OFFSET, "", 0) == HASH_FNV_OFFSET);
	assert_true(hash_fnv1a(HASH_FNV_OFFSET, "a", 1) ==
	            0xaf63dc4c8601ec8cULL);
	assert_true(hash_fnv1a(HASH_FNV_OFFSET, "foobar", 6) ==
	            0x85944171f73967e8ULL);
	assert_true(hash_fnv1a_str(HASH_FNV_OFFSET, "foobar") ==
	            0x85944171f73967e8ULL);
}

static void
fnv1a_continues_from_h(void **state)
{
	uint64_t h;

	(void)state;
	h = hash_fnv1a(HASH_FNV_OFFSET, "foo", 3);
	assert_true(hash_fnv1a(h, "bar", 3) == 0x85944171f73967e8ULL);
	assert_true(hash_fnv1a_str(h, "bar") == 0x85944171f73967e8ULL);
	/* Bytes past a NUL count in hash_fnv1a only. */
	assert_true(hash_fnv1a(h, "bar\0x", 5) != hash_fnv1a_str(h, "bar\0x"));
}

static void
mixers_match_murmur3(void **state)
{
	(void)state;
	assert_true(hash_mix_half(0) == 0);
	assert_true(hash_mix_half(1) == 0xff51afd792fd5b26ULL);
	assert_true(hash_fmix64(0) == 0);
	assert_true(hash_fmix64(1) == 0xb456bcfc34c2cb2cULL);
}

/* hash_content of b[0..n) cut at `cut`, at `cut2` too (streaming). */
static struct hash128
content_cut(const unsigned char *b, size_t n, size_t cut, size_t cut2)
{
	struct hash_content h;
	struct hash128 d;

	hash_content_init(&h);
	hash_content_update(&h, b, cut);
	hash_content_update(&h, b + cut, cut2 - cut);
	hash_content_update(&h, b + cut2, n - cut2);
	hash_content_final(&d, &h);
	return d;
}

static int
eq128(struct hash128 x, struct hash128 y)
{
	return x.a == y.a && x.b == y.b;
}

/*
 * The digest depends on the bytes only: every way of cutting a buffer
 * into updates gives the one-call digest.
 */
static void
content_digest_ignores_cuts(void **state)
{
	unsigned char b[300];
	struct hash128 whole, d;
	size_t n, i, j;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)(i * 7 + 3);
	for (n = 0; n <= sizeof(b); n += 37) {
		hash_content(&whole, b, n);
		for (i = 0; i <= n; i += 5)
			for (j = i; j <= n; j += 11) {
				d = content_cut(b, n, i, j);
				assert_true(eq128(d, whole));
			}
	}
}

/*
 * A change of any one byte, or of the length (trailing zeros included,
 * which fill the last block), changes the digest; no two of these 2,500
 * near-identical strings share either half.
 */
static void
content_digest_tells_near_strings_apart(void **state)
{
	enum { N = 96 };
	unsigned char b[N + 8];
	struct hash128 d[2600];
	size_t k = 0, i, j, n;

	(void)state;
	memset(b, 'a', sizeof(b));
	/* one byte changed, at every place, to a few values */
	for (i = 0; i < N; i++)
		for (j = 1; j <= 24; j++) {
			b[i] = (unsigned char)('a' ^ j);
			hash_content(&d[k++], b, N);
			b[i] = 'a';
		}
	hash_content(&d[k++], b, N);
	/* the same bytes, longer by zeros */
	memset(b + N, 0, 8);
	for (n = N + 1; n <= N + 8; n++)
		hash_content(&d[k++], b, n);
	hash_content(&d[k++], b, 0);
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++) {
			assert_true(d[i].a != d[j].a);
			assert_true(d[i].b != d[j].b);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fnv1a_matches_reference_vectors),
	        cmocka_unit_test(fnv1a_continues_from_h),
	        cmocka_unit_test(mixers_match_murmur3),
	        cmocka_unit_test(content_digest_ignores_cuts),
	        cmocka_unit_test(content_digest_tells_near_strings_apart),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
