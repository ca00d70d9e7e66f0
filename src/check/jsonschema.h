/*
 * jsonschema: a JSON Schema draft-07 validator over cJSON trees.
 *
 * Compile once, validate many. jsonschema_new() walks a schema tree once:
 * it compiles every schema object into a flat record, resolves every $ref
 * (same-document JSON Pointers with ~0, ~1 and percent-decoding, $id base
 * URIs and "#name" anchors, and other documents through a load hook),
 * compiles every pattern with PCRE2 and indexes large enums. Validation
 * then only reads the compiled schema: one validator may be used by several
 * threads at once.
 *
 * Keywords: every draft-07 validation keyword (type, enum, const,
 * multipleOf, maximum, exclusiveMaximum, minimum, exclusiveMinimum,
 * maxLength, minLength, pattern, items, additionalItems, maxItems, minItems,
 * uniqueItems, contains, maxProperties, minProperties, required, properties,
 * patternProperties, additionalProperties, dependencies, propertyNames,
 * if/then/else, allOf, anyOf, oneOf, not), boolean schemas, $ref (siblings
 * ignored, as draft-07 says), definitions, and format for uri,
 * uri-reference, iri, iri-reference, uri-template, email, idn-email, regex,
 * date-time, date, time, ipv4, ipv6, hostname, idn-hostname (syntax only:
 * no IDNA tables), json-pointer and relative-json-pointer (other formats,
 * and contentMediaType/contentEncoding, are annotations and pass).
 * Numbers compare by value (1 == 1.0), string lengths count code points,
 * "integer" is a number with no fractional part.
 *
 * Regular expressions are ECMA-262 as the specification asks. They are
 * translated to PCRE2 (compiled with PCRE2_UTF, without PCRE2_UCP, so \w,
 * \d and \b stay ASCII as in ECMA-262; "." excludes all four ECMA line
 * terminators; \s is ECMA's white space set outside brackets; "$" only
 * matches at the very end; [] and [^] mean what ECMA says). Every match runs
 * under a match limit and a depth limit: a catastrophic pattern such as
 * (a+)+$ on a long string ends in a "schema-pattern-too-costly" error in
 * milliseconds instead of hanging. After 16 such errors in one validation
 * the limit drops to 1% for the rest of it.
 *
 * Instances as the loader builds them: an instance may contain
 * {"$ref": "..."} objects. The validate call takes a deref callback that
 * returns the node a ref stands for; refs are then followed transparently
 * (the document is validated as if every ref were inlined, which is what
 * the AsyncAPI schemas expect). Cycles through refs are safe: a (schema,
 * instance node) pair met again on the current path is assumed valid, pairs
 * reached through instance refs are memoised (so a "billion laughs" of refs
 * stays linear), and the recursion depth and the total work are capped.
 * In an instance without cycles (no deref callback, or
 * jsonschema_validate_acyclic()), an object or array that passed a $ref
 * target is not checked against it again where the answer cannot depend
 * on the way there (a meta-schema meets every subschema of a document by
 * two routes); the limits fall where they would if it were.
 *
 * Errors: a list of records, each with the offending instance node (to look
 * up its file:line:col), the instance path (a JSON Pointer), the keyword,
 * the schema location, a stable rule id and a plain-words message. One root
 * cause gives one error: a failed "type", "const" or "enum" hides the other
 * keywords of the same schema object, and a failed oneOf/anyOf reports only
 * the branch that came closest (see jsonschema_validate()), or one merged
 * "must be object or boolean, got string" error when no branch has the
 * right shape.
 *
 * Limits (struct jsonschema_opts, documented defaults below): nesting depth
 * of schemas and instances (no unbounded recursion on the C stack: at most
 * max_depth nested validation calls of about 1 KB of stack each, so the
 * default needs under 1 MB, about 4 MB in an ASan build), the number of
 * validation steps (the default stops a hostile schema after about a
 * second; a 20 MB AsyncAPI document takes about 2 million), the number of
 * errors kept. Each limit ends in an error record ("schema-too-deep",
 * "schema-too-much-work") and a truncated result, never in a crash.
 *
 * Ownership: the validator borrows the schema tree and every tree the load
 * hook returns; they must outlive it. A result owns its error records and
 * strings; the node pointers in them are borrowed from the instance (and
 * the schema) trees.
 */
#ifndef ASYNCDOC_JSONSCHEMA_H
#define ASYNCDOC_JSONSCHEMA_H

#include <stddef.h>

#include "util/diag.h"

struct cJSON;

/* Defaults of struct jsonschema_opts (0 in a field means the default). */
#define JSONSCHEMA_DEFAULT_MAX_DEPTH   1000     /* nested validation calls */
#define JSONSCHEMA_DEFAULT_MAX_ERRORS  200      /* errors kept per result */
#define JSONSCHEMA_DEFAULT_MAX_STEPS   50000000 /* (schema, node) visits */
#define JSONSCHEMA_DEFAULT_MATCH_LIMIT 1000000  /* pcre2_set_match_limit */
#define JSONSCHEMA_DEFAULT_DEPTH_LIMIT 1000000  /* pcre2_set_depth_limit */

/*
 * Load hook for $refs into other documents: called at jsonschema_new() time
 * with an absolute URI without fragment (e.g. "http://localhost:1234/a.json")
 * for every document that is neither the schema itself nor a subschema with
 * that $id. Returns the document's tree, borrowed (it must outlive the
 * validator), or NULL when it cannot (the ref is then unresolved).
 */
typedef const struct cJSON *(*jsonschema_load_fn)(void *ctx, const char *uri);

/*
 * Schema ref hook, for schemas whose refs another module already resolved
 * (the loader does it for the user's schemas, across files): called first
 * for every {"$ref": ...} schema object with that object. Returns the
 * target schema node (borrowed, must outlive the validator), or NULL to let
 * the validator resolve the ref itself.
 */
typedef const struct cJSON *(*jsonschema_ref_fn)(void *ctx,
                                                 const struct cJSON *ref_obj);

/*
 * Instance deref callback: returns the node that node stands for when it is
 * a {"$ref": ...} object (following chains of refs to the end), or node
 * itself when it is not a ref or cannot be resolved. NULL is taken as node.
 */
typedef const struct cJSON *(*jsonschema_deref_fn)(void *ctx,
                                                   const struct cJSON *node);

/*
 * A node a deref callback may return for a ref that leads nowhere (a
 * missing file or target the loader already reported): every schema
 * accepts it, so one broken ref gives one error, the loader's, and not a
 * second one from each schema that expected content there.
 */
const struct cJSON *jsonschema_unknown(void);

struct jsonschema_opts {
	int no_format;     /* 1: "format" is an annotation only */
	size_t max_depth;  /* nesting cap, schema walk and validation */
	size_t max_errors; /* errors kept per result (then "truncated") */
	size_t max_steps;  /* work cap per validation */
	unsigned long match_limit; /* PCRE2 match limit per pattern test */
	unsigned long depth_limit; /* PCRE2 depth limit per pattern test */
	const char *base_uri;      /* base URI of the root schema, or NULL */
	jsonschema_load_fn load;   /* may be NULL: no other documents */
	void *load_ctx;
	jsonschema_ref_fn ref; /* may be NULL */
	void *ref_ctx;
};

#define JSONSCHEMA_OPTS_INIT                                                   \
	{                                                                      \
		0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL                 \
	}

struct jsonschema;

/*
 * Compiles schema (an object or a boolean, borrowed: it must outlive the
 * validator). opts may be NULL for the defaults. Problems in the schema do
 * not fail the call: a keyword of the wrong type or an invalid value, a
 * pattern that does not compile, an unresolvable $ref or a schema nested
 * beyond max_depth are appended to diags (when not NULL) as warnings
 * (rules "schema-bad-keyword", "schema-bad-pattern", "schema-unresolved-ref",
 * "schema-too-deep"; no position: the message names the schema location)
 * and the keyword is ignored (an unresolved $ref accepts everything).
 * Returns 0 and the validator in *out, or -1 with *out NULL when schema is
 * neither an object nor a boolean or when out of memory.
 */
int jsonschema_new(struct jsonschema **out, const struct cJSON *schema,
                   const struct jsonschema_opts *opts, struct diag_list *diags);
/* Frees the validator (not the trees it borrows). NULL is fine. */
void jsonschema_free(struct jsonschema *js);

/* One validation error. Every pointer is valid until the result is freed. */
struct jsonschema_error {
	/*
	 * The instance node at fault, after following refs. For an error
	 * about a member's name (additionalProperties false, propertyNames)
	 * it is the member's value node and on_key is 1: show the position
	 * of the key (srcpos key_line, key_col).
	 */
	const struct cJSON *instance;
	int on_key;
	char *instance_path; /* JSON Pointer, "" for the root */
	const char *keyword; /* "type", "required", "oneOf"...: static */
	/*
	 * Where the keyword sits: the last $ref followed on the way (or "#"
	 * for the root schema) plus JSON Pointer segments, e.g.
	 * "#/definitions/info/required".
	 */
	char *schema_path;
	const char *rule; /* stable rule id, "schema-<keyword>": static */
	char *message;    /* plain words, no trailing period */
	char *note;       /* which oneOf/anyOf branch was closest, or NULL */
	/* The instance refs followed to reach the node, outermost first. */
	const struct cJSON **refs;
	size_t nrefs;
};

struct jsonschema_result;

/*
 * Validates instance (borrowed) against the validator's root schema, or
 * against at when not NULL (a schema node the validator compiled: the root
 * or any subschema or $ref target of it). deref may be NULL when the
 * instance holds no refs. Returns 0 and the result in *out (valid or not),
 * or -1 with *out NULL when at is not a compiled schema node or when out of
 * memory.
 *
 * oneOf/anyOf: when no branch matches, each branch is scored: a "type"
 * error on the instance itself rules a branch out first, then "const" or
 * "enum" errors on the instance or one of its members (discriminators),
 * then "required" errors on the instance, then other errors on the
 * instance itself, then the number of errors, then the depth of the
 * deepest error (deeper is closer), then the branch order. The best
 * branch's errors are reported with its name in note (the name of the ref
 * it is, its title, or "#n"), and errors on the instance itself are
 * prefixed "did not match any allowed shape; closest: the 'X' branch: ".
 * When every branch fails on "type" (or on the same discriminator), one
 * merged error lists what would have been accepted.
 */
int jsonschema_validate(struct jsonschema_result **out,
                        const struct jsonschema *js,
                        const struct cJSON *instance, const struct cJSON *at,
                        jsonschema_deref_fn deref, void *deref_ctx);

/*
 * jsonschema_validate() for an instance in which no node reaches itself
 * through members and refs (the deref callback's), which the caller
 * knows (the loader marks a ref that closes such a cycle circular):
 * every answer about a node is then the same whichever way the node is
 * reached, and is worked out once (a document's components are reached
 * through refs and where they are defined). Same result.
 */
int jsonschema_validate_acyclic(struct jsonschema_result **out,
                                const struct jsonschema *js,
                                const struct cJSON *instance,
                                const struct cJSON *at,
                                jsonschema_deref_fn deref, void *deref_ctx);

/*
 * Instances of equal content, as the caller knows them (treehash, say):
 * canon(ctx, n) returns the node that stands for all the nodes of n's
 * content (n itself for that one), or NULL when n has no such equal. The
 * canon nodes must compare as data, and their refs, which deref follows,
 * must lead to the same targets (a ref's text read from one file).
 */
typedef const struct cJSON *(*jsonschema_canon_fn)(void *ctx,
                                                   const struct cJSON *n);

/* How an instance is walked (jsonschema_validate_call). */
struct jsonschema_call {
	jsonschema_deref_fn deref; /* NULL: refs are data */
	void *deref_ctx;
	/*
	 * NULL, or: in an acyclic walk, a yes worked out for a $ref target
	 * and a canon node is given to the other nodes of its content at
	 * that target, where it would be the same (the limits fall where a
	 * walk of them would put them, as for the kept answers): a payload
	 * written inline in many messages is checked once (#18)
	 */
	jsonschema_canon_fn canon;
	void *canon_ctx;
	int acyclic; /* 1: as jsonschema_validate_acyclic() */
};

/* jsonschema_validate() with call: same result, whatever canon says. */
int jsonschema_validate_call(struct jsonschema_result **out,
                             const struct jsonschema *js,
                             const struct cJSON *instance,
                             const struct cJSON *at,
                             const struct jsonschema_call *call);

/*
 * Quick yes/no: 1 valid, 0 invalid (a limit hit counts as invalid), -1 as
 * for jsonschema_validate(). No error records are built, and it stops at
 * the first failure, so it is cheaper.
 */
int jsonschema_check(const struct jsonschema *js, const struct cJSON *instance,
                     const struct cJSON *at, jsonschema_deref_fn deref,
                     void *deref_ctx);

/* 1 when the instance was valid (no errors), else 0. */
int jsonschema_result_valid(const struct jsonschema_result *r);
size_t jsonschema_result_count(const struct jsonschema_result *r);
/* Borrowed; i < jsonschema_result_count(), else NULL. */
const struct jsonschema_error *
jsonschema_result_error(const struct jsonschema_result *r, size_t i);
/*
 * 1 when validation stopped early: max_errors reached, or a limit
 * (max_depth, max_steps) was hit, which is reported as an error too.
 */
int jsonschema_result_truncated(const struct jsonschema_result *r);

/*
 * The work a validation did, exact and independent of the machine, for
 * tests that its cost grows linearly with the instance (and for nothing
 * else: the numbers may change with the implementation).
 */
struct jsonschema_work {
	/*
	 * (schema, node) visits and value comparisons; a yes given again
	 * from memory counts the steps it took the first time (so that
	 * max_steps stops a validation at the same place).
	 */
	size_t steps;
	size_t pattern_tests; /* PCRE2 matches run (pattern, patternProperties) */
	/*
	 * Sum of the match limits those matches ran under: a bound on the
	 * backtracking they may have done (it shrinks after 16 costly ones).
	 */
	size_t pattern_budget;
};
/* All zero for NULL. */
struct jsonschema_work jsonschema_result_work(const struct jsonschema_result *r);
void jsonschema_result_free(struct jsonschema_result *r);

/*
 * Checks that text is an ECMA-262 regular expression we can run (the
 * "regex" format). Returns 1 when it is, else 0.
 */
int jsonschema_regex_valid(const char *text);

#endif
