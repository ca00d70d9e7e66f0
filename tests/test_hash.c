/* Tests of the shared hash functions (hash.h), against known values. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fnv1a_matches_reference_vectors),
	        cmocka_unit_test(fnv1a_continues_from_h),
	        cmocka_unit_test(mixers_match_murmur3),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
