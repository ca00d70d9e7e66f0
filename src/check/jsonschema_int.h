/*
 * jsonschema_int: what the parts of the draft-07 validator share. Not a
 * public header: only src/check/jsonschema*.c include it (the contract is
 * check/jsonschema.h).
 *
 * The parts, in the order a schema meets them:
 *   jsonschema_regex.c    ECMA-262 regular expressions translated to PCRE2
 *   jsonschema_uri.c      URIs (RFC 3986 resolution, the uri formats) and
 *                         JSON Pointers
 *   jsonschema_format.c   the other "format" checks
 *   jsonschema_compile.c  a schema tree into struct sch records, $refs
 *                         resolved (jsonschema_new, jsonschema_free)
 *   jsonschema_validate.c errors, equality, keywords, oneOf/anyOf's
 *                         closest branch, entry points
 *
 * Names exported between the parts carry the prefix of their file.
 */
#ifndef ASYNCDOC_JSONSCHEMA_INT_H
#define ASYNCDOC_JSONSCHEMA_INT_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cJSON.h>
#include <pcre2.h>

#include "check/jsonschema.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* cJSON type tests that ignore the flag bits (cJSON_IsReference...). */
static inline int
is_num(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Number;
}

static inline int
is_str(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_String &&
	       n->valuestring != NULL;
}

static inline int
is_obj(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Object;
}

static inline int
is_arr(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Array;
}

static inline int
is_bool(const cJSON *n)
{
	return n != NULL && ((n->type & 0xFF) == cJSON_True ||
	                     (n->type & 0xFF) == cJSON_False);
}

/* A schema value: an object or a boolean. */
static inline int
is_schema(const cJSON *n)
{
	return is_obj(n) || is_bool(n);
}

/* ---- jsonschema_regex.c ---- */

/*
 * Compiles an ECMA-262 pattern (see jsonschema.h for the translation).
 * strict: ECMA's unicode mode (the "regex" format), else the legacy mode
 * patterns are written in. NULL when it is not ECMA-262 or does not
 * compile.
 */
pcre2_code *jsonschema_regex_compile(const char *src, int strict);

/*
 * How many bytes after the "^" of src every match starts with: a text
 * that does not start with src[1..n] cannot match, which spares running
 * the pattern on most names ("^x-" against every key). 0 when src is not
 * anchored, has an alternation, or starts with no plain character.
 */
size_t jsonschema_regex_prefix(const char *src);

/* ---- jsonschema_uri.c ---- */

/* ref resolved against base (RFC 3986 section 5); malloc'd, NULL on OOM. */
char *jsonschema_uri_resolve(const char *base, const char *ref);
/* 1 when s is a URI (need_scheme) or URI reference; iri allows non-ASCII. */
int jsonschema_uri_valid(const char *s, int need_scheme, int iri);
/* 1 when s is an RFC 6570 URI template. */
int jsonschema_uri_template_valid(const char *s);
/* Appends a JSON Pointer reference token (RFC 6901 escaping). */
void jsonschema_uri_put_token(struct strbuf *b, const char *s);
/*
 * The JSON Pointer token [p, end) unescaped (~1 '/', ~0 '~'; %XX too when
 * pct), malloc'd; NULL on OOM.
 */
char *jsonschema_uri_token(const char *p, const char *end, int pct);
/*
 * The node a JSON Pointer fragment (percent-encoded) names below root, or
 * NULL; *oom is set when out of memory.
 */
const cJSON *jsonschema_uri_pointer(const cJSON *root, const char *frag,
                                    int *oom);

/* ---- jsonschema_format.c ---- */

/* The formats asserted; F_NONE: an annotation only. */
enum fmt {
	F_NONE,
	F_URI,
	F_URI_REF,
	F_IRI,
	F_IRI_REF,
	F_URI_TEMPLATE,
	F_EMAIL,
	F_IDN_EMAIL,
	F_REGEX,
	F_DATE_TIME,
	F_DATE,
	F_TIME,
	F_IPV4,
	F_IPV6,
	F_HOSTNAME,
	F_IDN_HOSTNAME,
	F_JSON_POINTER,
	F_REL_JSON_POINTER
};

/* The format a "format" value names, F_NONE when not asserted. */
enum fmt jsonschema_format_find(const char *name);
/* What f is, in messages: "is not a valid <what>". */
const char *jsonschema_format_what(enum fmt f);
/* 1 when s is valid for f (always for F_NONE). */
int jsonschema_format_check(enum fmt f, const char *s);
/* 1 when the n bytes at s are an IPv6 address. */
int jsonschema_format_ipv6(const char *s, size_t n);

/* ---- jsonschema_compile.c: the compiled schema ---- */

/* "type" bits. */
enum {
	TB_NULL = 1,
	TB_BOOL = 2,
	TB_INT = 4,
	TB_NUM = 8,
	TB_STR = 16,
	TB_ARR = 32,
	TB_OBJ = 64
};

/* Flags of the numeric keywords present. */
enum { N_MULTIPLE = 1, N_MAX = 2, N_XMAX = 4, N_MIN = 8, N_XMIN = 16 };

struct sch;

struct prop {
	const char *name;
	const struct sch *s;
};

/*
 * A property in the sorted list: the first 8 bytes of its name as a
 * big-endian number, zero-padded (jsonschema_compile_prefix()), so that
 * most comparisons of a lookup are one of integers in one array.
 */
struct pkey {
	uint64_t pre;
	const struct prop *p;
};

struct pprop {
	const char *src;      /* the pattern as written */
	const pcre2_code *re; /* NULL: did not compile, ignored */
	size_t lit;           /* jsonschema_regex_prefix(src) */
	const struct sch *s;
};

struct dep {
	const char *name;
	const cJSON *req;    /* array form, or NULL */
	const struct sch *s; /* schema form, or NULL */
};

/* An enum value with its hash, for enums longer than ENUM_INDEX_MIN. */
struct eitem {
	uint64_t h;
	const cJSON *v;
};

#define ENUM_INDEX_MIN 8

/* One compiled schema (object or boolean). Absent keywords are 0/NULL. */
struct sch {
	const cJSON *node;
	size_t idx;        /* its index in jsonschema.all */
	char *loc;         /* "#/definitions/x": where it sits */
	char *name;        /* for branch notes: ref target, title; or NULL */
	char *defname;     /* "x" when it sits at #/definitions/x */
	signed char boolv; /* -1: object schema; 0, 1: false, true */
	unsigned char has_ref; /* $ref present: every sibling is ignored */
	unsigned char has_const, unique, fmt, has_tuple;
	/*
	 * target: the target of a $ref (an object schema without one);
	 * memo: a target that reaches no $ref without moving to a child of
	 * the instance. Their yes answers are kept (see "Kept answers" in
	 * jsonschema_validate.c).
	 */
	unsigned char target, memo;
	unsigned types;        /* TB_* bits; 0 when no "type" */
	const struct sch *ref; /* NULL when has_ref but unresolved */
	const cJSON *enum_kw;
	struct eitem *eidx;
	size_t neidx;
	const cJSON *const_kw;
	unsigned nflags;
	double multiple_of, maximum, xmaximum, minimum, xminimum;
	long long max_len, min_len, max_items, min_items, max_props, min_props;
	const pcre2_code *pattern;
	const char *pattern_src;
	const struct sch *items;  /* schema form */
	const struct sch **tuple; /* array form */
	size_t ntuple;
	const struct sch *add_items, *contains, *add_props, *prop_names;
	const struct sch *if_s, *then_s, *else_s, *not_s;
	const struct sch **all_of, **any_of, **one_of;
	size_t nall, nany, none;
	struct prop *props;  /* schema order */
	struct pkey *sorted; /* by name, for lookups */
	size_t nprops;
	struct pprop *pprops;
	size_t npprops;
	struct dep *deps;
	size_t ndeps;
	const cJSON *required;
};

/* A URI the schema set knows: a document, an $id, or an "#anchor". */
struct res {
	char *uri;
	const cJSON *node;
};

struct recache {
	char *src;
	pcre2_code *re; /* NULL: invalid */
};

struct jsonschema {
	const cJSON *root;
	const struct sch *root_sch;
	struct jsonschema_opts opts;
	struct hmap map; /* schema node -> struct sch * */
	struct sch **all;
	size_t nall, capall; /* a schema's index here is its idx */
	struct res *reg;
	size_t nreg, capreg;
	char **strs; /* base URIs and other owned strings */
	size_t nstrs, capstrs;
	struct recache *re;
	size_t nre, capre;
	char **tried; /* documents asked from the load hook */
	size_t ntried, captried;
	/*
	 * 1 when a schema can reach itself through $ref without moving to a
	 * child of the instance (a cycle v_ref() breaks by assumption).
	 */
	int same_cycle;
};

/*
 * The first 8 bytes of s (fewer when it is shorter, then zeros) as a
 * big-endian number: prefixes compare as strcmp() compares the strings,
 * and equal prefixes with a zero last byte mean equal strings.
 */
static inline uint64_t
jsonschema_compile_prefix(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8 && s[i] != '\0'; i++)
		v |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return v;
}

/*
 * Hash of a JSON value, equal for equal values (1 and 1.0, objects in any
 * member order). deref (may be NULL) follows instance refs.
 */
uint64_t jsonschema_compile_vhash(const cJSON *n, jsonschema_deref_fn deref,
                                  void *ctx, int depth);

#endif
