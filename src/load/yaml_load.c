/*
 * yaml_load: libyaml events -> cJSON tree plus positions (see yaml_load.h).
 *
 * One pass over the event stream. Open collections sit on a stack of
 * frames; a collection is linked into its parent when its end event
 * arrives. Member keys and string values of up to VALUE_INTERN_MAX bytes
 * are interned in the srcmap (keys flagged cJSON_StringIsConst, values
 * cJSON_IsReference, so that cJSON frees neither): a document repeats few
 * keys and short values many times, so equal ones share one string, and
 * keys compare by address in the duplicate check. Longer values, and
 * number texts that are already JSON, are libyaml's allocations handed
 * over to cJSON instead of copied: both use malloc/free (cJSON's default
 * hooks, which asyncdoc never changes). Every object and array comes out
 * with valueint 0, which the loader's marks rely on.
 */
#include "util/ascii.h"
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <yaml.h>

#include "util/array.h"
#include "util/diag.h"
#include "load/json_load.h"
#include "load/keyset.h"
#include "load/load_limits.h"
#include "util/node.h"
#include "load/srcmap.h"
#include "load/yaml_load.h"
#include "load/yaml_split.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct anchor {
	char *name;
	cJSON *node;   /* borrowed (tree or spare list); NULL for a key */
	char *text;    /* source text of an anchored scalar, else NULL */
	size_t size;   /* nodes an alias copy builds */
	size_t height; /* collection levels in the subtree, 0 for scalars */
	int open;      /* collection still being built: alias is recursive */
};

/*
 * An alias of a collection, not copied yet. Its node stands in the tree
 * with type cJSON_Invalid and its index here in valueint; its nodes are
 * already counted. Copies are made once the whole stream has parsed, so an
 * alias bomb costs O(events) before the budget stops it.
 */
struct pending {
	cJSON *node;      /* the placeholder, root of the copy to be */
	const cJSON *src; /* the anchored collection (borrowed) */
	size_t size;      /* nodes the copy will have */
};

/* A "<<" value waiting for the end of its mapping. */
struct merge {
	const cJSON *src;   /* a map or a sequence of maps (borrowed) */
	uint32_t line, col; /* of the merge value */
};

struct frame {
	cJSON *node; /* the collection (owned until linked) */
	int is_map;
	size_t depth;         /* 1 for the root collection */
	size_t maxd;          /* deepest collection level below, absolute */
	size_t left_at_start; /* *nodes_left before the node was built */
	size_t anchor;        /* index + 1 into anchors, 0 when none */
	uint32_t line, col;   /* where the collection starts */
	/* mappings only */
	int want_value;  /* a key was read, its value comes next */
	int merging;     /* that key is "<<" */
	const char *key; /* pending key (interned) */
	uint32_t key_line, key_col;
	struct merge *merges;
	size_t n_merges, cap_merges;
	struct keyset keys;
};

struct yl {
	yaml_parser_t parser;
	const char *buf;
	size_t len;
	uint32_t file;
	const char *path;
	struct srcmap *map;
	const struct limits *lim;
	size_t *nodes_left; /* &budget->nodes_left */
	size_t *work;       /* &budget->work */
	struct diag_list *diags;

	struct frame *stack;
	size_t n_frames, cap_frames;
	cJSON *root;
	int docs;

	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t *anchor_idx; /* open addressing: index + 1, 0 = empty */
	size_t anchor_idx_cap;

	cJSON **spare; /* merge values, freed after the load */
	size_t n_spare, cap_spare;

	struct pending *pending; /* in document order */
	size_t n_pending, cap_pending;

	/*
	 * The last event, when it was a quoted scalar over several lines:
	 * a syntax error right after it is most likely a quote left open,
	 * which is where the error is best reported (1-based; 0: none).
	 */
	uint32_t quote_line, quote_col, quote_end_line;

	size_t merges;     /* "<<" keys read (yaml_split refuses those) */
	uint32_t end_line; /* 0-based line of the stream's end */
};

/*
 * String values up to this many bytes are interned too: short values
 * repeat ("string", "#/components/schemas/Money"); long ones rarely do.
 */
#define VALUE_INTERN_MAX 64

static int
report(struct yl *st, enum diag_severity sev, uint32_t line, uint32_t col,
       const char *rule, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	diag_add(st->diags, sev, st->path, line, col, rule, "%s", msg);
	return -1;
}

/* Appends an error diagnostic. Always returns -1. */
static int __attribute__((format(printf, 5, 6)))
fail(struct yl *st, uint32_t line, uint32_t col, const char *rule,
     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(st, DIAG_ERROR, line, col, rule, fmt, ap);
	va_end(ap);
	return -1;
}

static void __attribute__((format(printf, 5, 6)))
warn(struct yl *st, uint32_t line, uint32_t col, const char *rule,
     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(st, DIAG_WARNING, line, col, rule, fmt, ap);
	va_end(ap);
}

static int
oom(struct yl *st, uint32_t line, uint32_t col)
{
	return fail(st, line, col, "out-of-memory", "out of memory");
}

static struct frame *
top(struct yl *st)
{
	return st->n_frames ? &st->stack[st->n_frames - 1] : NULL;
}

/* Takes one node from the budget. 0, or -1 with `limit-nodes`. */
static int
take_node(struct yl *st, uint32_t line, uint32_t col)
{
	if (*st->nodes_left == 0)
		return fail(st, line, col, "limit-nodes",
		            "more than %zu nodes (alias copies included)",
		            st->lim->max_nodes);
	(*st->nodes_left)--;
	return 0;
}

/* Position of a value starting at line:col, with the pending key if any. */
static struct srcpos
pos_at(struct yl *st, uint32_t line, uint32_t col)
{
	struct srcpos p = {st->file, line, col, 0, 0};
	struct frame *f = top(st);

	if (f != NULL && f->is_map && f->want_value) {
		p.key_line = f->key_line;
		p.key_col = f->key_col;
	}
	return p;
}

static int
spare_add(struct yl *st, cJSON *node)
{
	if (ARRAY_RESERVE(st->spare, st->n_spare + 1, st->cap_spare) < 0)
		return -1;
	st->spare[st->n_spare++] = node;
	return 0;
}

/* ---------------------------------------------------------------- anchors */

static size_t
hash_name(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

/* Index + 1 of the slot for name: its entry, or the empty slot to use. */
static size_t *
anchor_slot(struct yl *st, const char *name)
{
	size_t mask = st->anchor_idx_cap - 1, i = hash_name(name) & mask;

	while (st->anchor_idx[i] != 0 &&
	       strcmp(st->anchors[st->anchor_idx[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return &st->anchor_idx[i];
}

static struct anchor *
anchor_find(struct yl *st, const char *name)
{
	size_t *slot;

	if (st->anchor_idx == NULL)
		return NULL;
	slot = anchor_slot(st, name);
	return *slot ? &st->anchors[*slot - 1] : NULL;
}

static int
anchor_index_grow(struct yl *st)
{
	size_t *old = st->anchor_idx, old_cap = st->anchor_idx_cap, i, cap;

	if (old != NULL && (st->n_anchors + 1) * 2 <= old_cap)
		return 0;
	cap = old_cap ? old_cap * 2 : 64;
	st->anchor_idx = calloc(cap, sizeof(*st->anchor_idx));
	if (st->anchor_idx == NULL) {
		st->anchor_idx = old;
		return -1;
	}
	st->anchor_idx_cap = cap;
	for (i = 0; i < st->n_anchors; i++)
		*anchor_slot(st, st->anchors[i].name) = i + 1;
	free(old);
	return 0;
}

/*
 * Defines (or redefines: the latest definition wins) anchor name. text is
 * copied. Sets *index_out to the anchor's index + 1. Returns 0 or -1.
 */
static int
anchor_define(size_t *index_out, struct yl *st, const char *name, cJSON *node,
              const char *text, size_t size, int open)
{
	struct anchor *a;
	size_t *slot;
	char *copy = NULL;

	if (text != NULL && (copy = strdup(text)) == NULL)
		return -1;
	if (anchor_index_grow(st) < 0)
		goto fail;
	slot = anchor_slot(st, name);
	if (*slot == 0) {
		if (ARRAY_RESERVE(st->anchors, st->n_anchors + 1,
		                  st->cap_anchors) < 0)
			goto fail;
		a = &st->anchors[st->n_anchors];
		memset(a, 0, sizeof(*a));
		if ((a->name = strdup(name)) == NULL)
			goto fail;
		*slot = ++st->n_anchors;
	}
	a = &st->anchors[*slot - 1];
	free(a->text);
	a->node = node;
	a->text = copy;
	a->size = size;
	a->height = 0;
	a->open = open;
	*index_out = *slot;
	return 0;
fail:
	free(copy);
	return -1;
}

/* ---------------------------------------------------------------- scalars */

enum num { NUM_NONE, NUM_DEC, NUM_OCT, NUM_HEX, NUM_FLOAT };

/* What a scalar resolves to. */
enum kind {
	K_STRING,
	K_NULL,
	K_TRUE,
	K_FALSE,
	K_NUMBER,
	K_NONJSON,    /* .inf/.nan: kept as a string, with a warning */
	K_BOOL11,     /* yes/no/on/off: a string, with a warning if plain */
	K_BAD,        /* value does not fit its explicit tag */
	K_UNSUPPORTED /* a tag we do not support */
};

static int
is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int
is_null_word(const char *s, size_t n)
{
	return n == 0 || is_word(s, n, "~") || is_word(s, n, "null") ||
	       is_word(s, n, "Null") || is_word(s, n, "NULL");
}

/* 1 true, 0 false, -1 neither (YAML 1.2 core spellings only). */
static int
bool_word(const char *s, size_t n)
{
	if (is_word(s, n, "true") || is_word(s, n, "True") ||
	    is_word(s, n, "TRUE"))
		return 1;
	if (is_word(s, n, "false") || is_word(s, n, "False") ||
	    is_word(s, n, "FALSE"))
		return 0;
	return -1;
}

/* yes/no/on/off/y/n in any case: booleans in YAML 1.1 only. */
static int
is_yaml11_bool(const char *s, size_t n)
{
	static const char *const words[] = {"y", "n", "yes", "no", "on", "off"};
	size_t i, k;

	/* Every word has 1 to 3 letters. */
	if (n == 0 || n > 3)
		return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((s[k] | 0x20) != words[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

static int
is_inf_nan(const char *s, size_t n)
{
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
		return is_word(s, n, ".inf") || is_word(s, n, ".Inf") ||
		       is_word(s, n, ".INF");
	}
	return is_word(s, n, ".inf") || is_word(s, n, ".Inf") ||
	       is_word(s, n, ".INF") || is_word(s, n, ".nan") ||
	       is_word(s, n, ".NaN") || is_word(s, n, ".NAN");
}

static size_t
span_digits(const char *s, size_t i, size_t n)
{
	size_t k = i;

	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	return k - i;
}

/* Which YAML 1.2 core-schema number s[0..n) is, if any. */
static enum num
number_kind(const char *s, size_t n)
{
	size_t i = 0, d, f, e;

	if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		for (i = 2; i < n; i++) {
			if (s[1] == 'o' && !(s[i] >= '0' && s[i] <= '7'))
				return NUM_NONE;
			if (s[1] == 'x' && !((s[i] >= '0' && s[i] <= '9') ||
			                     (s[i] >= 'a' && s[i] <= 'f') ||
			                     (s[i] >= 'A' && s[i] <= 'F')))
				return NUM_NONE;
		}
		return s[1] == 'o' ? NUM_OCT : NUM_HEX;
	}
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	d = span_digits(s, i, n);
	i += d;
	if (d > 0 && i == n)
		return NUM_DEC;
	if (i < n && s[i] == '.') {
		f = span_digits(s, i + 1, n);
		if (d == 0 && f == 0)
			return NUM_NONE;
		i += 1 + f;
	} else if (d == 0) {
		return NUM_NONE;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		e = span_digits(s, i, n);
		if (e == 0)
			return NUM_NONE;
		i += e;
	}
	return i == n ? NUM_FLOAT : NUM_NONE;
}

/*
 * Resolves a scalar. tag is the resolved tag (NULL when none), plain is
 * nonzero for a plain scalar. *num gets the number kind for K_NUMBER.
 */
static enum kind
classify(const char *tag, int plain, const char *s, size_t n, enum num *num)
{
	const char *t;
	int b;

	*num = NUM_NONE;
	if (tag == NULL) {
		if (!plain)
			return K_STRING;
		if (is_null_word(s, n))
			return K_NULL;
		if ((b = bool_word(s, n)) >= 0)
			return b ? K_TRUE : K_FALSE;
		if ((*num = number_kind(s, n)) != NUM_NONE)
			return K_NUMBER;
		if (is_inf_nan(s, n))
			return K_NONJSON;
		if (is_yaml11_bool(s, n))
			return K_BOOL11;
		return K_STRING;
	}
	if (strcmp(tag, "!") == 0)
		return K_STRING;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		return K_UNSUPPORTED;
	t = tag + strlen(TAG_PREFIX);
	if (strcmp(t, "str") == 0)
		return K_STRING;
	if (strcmp(t, "null") == 0)
		return is_null_word(s, n) ? K_NULL : K_BAD;
	if (strcmp(t, "bool") == 0) {
		b = bool_word(s, n);
		return b < 0 ? K_BAD : b ? K_TRUE : K_FALSE;
	}
	if (strcmp(t, "int") == 0) {
		*num = number_kind(s, n);
		return *num == NUM_DEC || *num == NUM_OCT || *num == NUM_HEX
		               ? K_NUMBER
		               : K_BAD;
	}
	if (strcmp(t, "float") == 0) {
		*num = number_kind(s, n);
		if (*num == NUM_DEC || *num == NUM_FLOAT)
			return K_NUMBER;
		return is_inf_nan(s, n) ? K_NONJSON : K_BAD;
	}
	return K_UNSUPPORTED;
}

/* "!!int" for core tags, the tag itself otherwise. */
static const char *
tag_name(char *buf, size_t size, const char *tag)
{
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0) {
		snprintf(buf, size, "!!%s", tag + strlen(TAG_PREFIX));
		return buf;
	}
	return ascii_excerpt(buf, size, tag, strlen(tag));
}

/*
 * JSON text of a number in YAML core syntax, malloc'd into *text_out, and
 * its value. JSON cannot hold "+1", "012", ".5", "1." or hex/octal, so
 * those are rewritten ("1", "12", "0.5", "1.0", decimal); every other
 * number keeps its source text exactly. Returns 0 or -1 (ENOMEM).
 */
static int
number_text(char **text_out, double *value, const char *s, size_t n,
            enum num kind)
{
	size_t i = 0, o = 0, start, cap = n + 32;
	uint64_t u = 0;
	double d = 0;
	int overflow = 0, base, digit;
	char *out;

	*text_out = NULL;
	if ((out = malloc(cap)) == NULL)
		return -1;
	if (kind == NUM_OCT || kind == NUM_HEX) {
		base = kind == NUM_OCT ? 8 : 16;
		for (i = 2; i < n; i++) {
			digit = s[i] <= '9'   ? s[i] - '0'
			        : s[i] >= 'a' ? s[i] - 'a' + 10
			                      : s[i] - 'A' + 10;
			if (u > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base)
				overflow = 1;
			u = u * (uint64_t)base + (uint64_t)digit;
			d = d * base + digit;
		}
		if (overflow)
			snprintf(out, cap, "%.17g", d);
		else
			snprintf(out, cap, "%llu", (unsigned long long)u);
		*value = overflow ? d : (double)u;
		*text_out = out;
		return 0;
	}
	if (s[0] == '-')
		out[o++] = s[i++];
	else if (s[0] == '+')
		i++;
	start = i;
	i += span_digits(s, i, n);
	while (i - start > 1 && s[start] == '0')
		start++;
	if (i == start) {
		out[o++] = '0';
	} else {
		memcpy(out + o, s + start, i - start);
		o += i - start;
	}
	if (i < n && s[i] == '.') {
		start = ++i;
		i += span_digits(s, i, n);
		out[o++] = '.';
		if (i == start) {
			out[o++] = '0';
		} else {
			memcpy(out + o, s + start, i - start);
			o += i - start;
		}
	}
	memcpy(out + o, s + i, n - i);
	o += n - i;
	out[o] = '\0';
	*value = strtod(out, NULL);
	*text_out = out;
	return 0;
}

/*
 * Builds the node for a scalar value event (not a key). Takes ownership of
 * the event's value string when it can. NULL on error (diagnosed).
 */
static cJSON *
make_scalar(struct yl *st, yaml_event_t *ev, uint32_t line, uint32_t col)
{
	char *s = (char *)ev->data.scalar.value, *text = NULL;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	char b1[80], b2[80];
	enum num num;
	enum kind k;
	cJSON *node = NULL;
	double d;

	k = classify(tag, plain, s, n, &num);
	switch (k) {
	case K_UNSUPPORTED:
		fail(st, line, col, "yaml-unsupported-tag",
		     "unsupported tag '%s'", tag_name(b1, sizeof(b1), tag));
		return NULL;
	case K_BAD:
		fail(st, line, col, "yaml-bad-tagged-value",
		     "'%s' is not a valid %s",
		     ascii_excerpt(b1, sizeof(b1), s, n),
		     tag_name(b2, sizeof(b2), tag));
		return NULL;
	case K_NULL:
		node = cJSON_CreateNull();
		break;
	case K_TRUE:
	case K_FALSE:
		node = cJSON_CreateBool(k == K_TRUE);
		break;
	case K_NUMBER:
		if ((num == NUM_DEC || num == NUM_FLOAT) &&
		    json_load_number_ok(s, n)) {
			/* Already JSON: keep libyaml's string. */
			text = s;
			d = strtod(s, NULL);
		} else if (number_text(&text, &d, s, n, num) < 0) {
			break;
		}
		node = cJSON_CreateNumber(d);
		if (node == NULL) {
			if (text != s)
				free(text);
			break;
		}
		/* cJSON_Delete frees valuestring on every type. */
		node->valuestring = text;
		if (text == s)
			ev->data.scalar.value = NULL;
		break;
	case K_NONJSON:
		warn(st, line, col, "yaml-non-json-number",
		     "'%s' has no JSON equivalent: kept as a string",
		     ascii_excerpt(b1, sizeof(b1), s, n));
		goto string;
	case K_BOOL11:
		if (tag == NULL && plain) {
			warn(st, line, col, "yaml-11-boolean",
			     "'%s' is a string in YAML 1.2 (YAML 1.1 read it "
			     "as a boolean)",
			     ascii_excerpt(b1, sizeof(b1), s, n));
			diag_set_hint(st->diags,
			              "write true or false for a boolean, or "
			              "quote the word to keep it a string");
		}
		goto string;
	case K_STRING:
	string:
		node = cJSON_CreateNull();
		if (node == NULL)
			break;
		if (n <= VALUE_INTERN_MAX) {
			/* Shared: cJSON_IsReference keeps cJSON from freeing
			 * it. */
			node->valuestring =
			        (char *)srcmap_intern(st->map, s, n);
			if (node->valuestring == NULL) {
				cJSON_Delete(node);
				node = NULL;
				break;
			}
			node->type = cJSON_String | cJSON_IsReference;
			break;
		}
		node->type = cJSON_String;
		node->valuestring = s;
		ev->data.scalar.value = NULL;
		break;
	}
	if (node == NULL)
		oom(st, line, col);
	return node;
}

/* ---------------------------------------------------------------- building */

/*
 * Makes key (interned, or NULL) the member key of v, freeing a key v owns.
 * Keys are never written: the flag keeps cJSON from freeing them.
 */
static void
set_key_ptr(cJSON *v, const char *key)
{
	if (v->string != NULL && !(v->type & cJSON_StringIsConst))
		cJSON_free(v->string);
	v->string = (char *)key;
	if (key != NULL)
		v->type |= cJSON_StringIsConst;
	else
		v->type &= ~cJSON_StringIsConst;
}

/* 1 for a placeholder (cJSON_Invalid, whatever the flags). */
static int
is_placeholder(const cJSON *n)
{
	return (n->type & 0xff) == cJSON_Invalid;
}

/* The collection a placeholder stands for; n itself for other nodes. */
static const cJSON *
resolve(const struct yl *st, const cJSON *n)
{
	if (is_placeholder(n))
		return st->pending[n->valueint].src;
	return n;
}

/*
 * A placeholder for a copy of the collection src (size nodes, already
 * counted) at pos, with key (interned, may be NULL). NULL when out of
 * memory.
 */
static cJSON *
placeholder(struct yl *st, const cJSON *src, size_t size, const char *key,
            struct srcpos pos)
{
	cJSON *n;

	/* The index lives in valueint, an int. */
	if (st->n_pending >= (size_t)0x7fffffff ||
	    ARRAY_RESERVE(st->pending, st->n_pending + 1, st->cap_pending) < 0)
		return NULL;
	if ((n = cJSON_CreateNull()) == NULL)
		return NULL;
	n->type = cJSON_Invalid;
	n->valueint = (int)st->n_pending;
	set_key_ptr(n, key);
	if (srcmap_put(st->map, n, pos) < 0) {
		cJSON_Delete(n);
		return NULL;
	}
	st->pending[st->n_pending].node = n;
	st->pending[st->n_pending].src = src;
	st->pending[st->n_pending].size = size;
	st->n_pending++;
	return n;
}

/*
 * Deep copy of src with positions: the root gets *root_pos, every other
 * node the position of the node it copies. When charge is set every node
 * comes out of the budget (`limit-nodes` reported at line:col); a
 * placeholder is copied as a placeholder. NULL on error.
 * Recursion depth is the subtree's height, which the depth checks bound.
 */
static cJSON *
copy_tree(struct yl *st, const cJSON *src, const struct srcpos *root_pos,
          int charge, uint32_t line, uint32_t col)
{
	const struct srcpos *sp;
	struct srcpos pos = {st->file, 0, 0, 0, 0};
	const struct pending *p;
	const cJSON *c;
	cJSON *dst = NULL, *cc;

	if (root_pos != NULL)
		pos = *root_pos;
	else if ((sp = srcmap_get(st->map, src)) != NULL)
		pos = *sp;
	if (is_placeholder(src)) {
		p = &st->pending[src->valueint];
		if (charge && p->size > *st->nodes_left) {
			fail(st, line, col, "limit-nodes",
			     "more than %zu nodes (alias copies included)",
			     st->lim->max_nodes);
			return NULL;
		}
		if (charge)
			*st->nodes_left -= p->size;
		dst = placeholder(st, p->src, p->size, src->string, pos);
		if (dst == NULL)
			goto oom;
		return dst;
	}
	if (charge && take_node(st, line, col) < 0)
		return NULL;
	(*st->work)++;
	if ((dst = cJSON_Duplicate(src, 0)) == NULL)
		goto oom;
	if (srcmap_put(st->map, dst, pos) < 0)
		goto oom;
	for (c = src->child; c != NULL; c = c->next) {
		cc = copy_tree(st, c, NULL, charge, line, col);
		if (cc == NULL) {
			cJSON_Delete(dst);
			return NULL;
		}
		cJSON_AddItemToArray(dst, cc);
	}
	return dst;
oom:
	cJSON_Delete(dst);
	oom(st, line, col);
	return NULL;
}

/*
 * Turns every placeholder into the copy it stands for, in document order:
 * the collections a placeholder copies were complete before it, so their
 * own placeholders are already filled in. The nodes were counted when
 * their aliases were read.
 */
static int
expand_pending(struct yl *st)
{
	const struct srcpos *sp;
	const cJSON *src, *c;
	cJSON *n, *cc;
	size_t i;

	for (i = 0; i < st->n_pending; i++) {
		n = st->pending[i].node;
		src = st->pending[i].src;
		/*
		 * The placeholder keeps its key and the key's flag; valueint
		 * (its index) goes back to 0, as on every container.
		 */
		n->type = (src->type & ~cJSON_StringIsConst) |
		          (n->type & cJSON_StringIsConst);
		n->valueint = 0;
		for (c = src->child; c != NULL; c = c->next) {
			if ((cc = copy_tree(st, c, NULL, 0, 0, 0)) == NULL) {
				sp = srcmap_get(st->map, n);
				return sp ? oom(st, sp->line, sp->col) : -1;
			}
			cJSON_AddItemToArray(n, cc);
		}
	}
	return 0;
}

/*
 * Checks a "<<" value and queues it for the end of the mapping. Problems
 * are reported at line:col when the value is an alias, else at the item.
 */
static int
add_merge(struct yl *st, struct frame *f, const cJSON *src, int alias,
          uint32_t line, uint32_t col)
{
	const struct srcpos *sp;
	const cJSON *c;

	if (cJSON_IsArray(src)) {
		for (c = src->child; c != NULL; c = c->next) {
			if (cJSON_IsObject(resolve(st, c)))
				continue;
			sp = alias ? NULL : srcmap_get(st->map, c);
			return fail(st, sp ? sp->line : line,
			            sp ? sp->col : col, "yaml-bad-merge",
			            "a merge sequence ('<<') may only hold "
			            "mappings");
		}
	} else if (!cJSON_IsObject(src)) {
		return fail(st, line, col, "yaml-bad-merge",
		            "a merge value ('<<') must be a mapping or a "
		            "sequence of mappings");
	}
	if (ARRAY_RESERVE(f->merges, f->n_merges + 1, f->cap_merges) < 0)
		return oom(st, line, col);
	f->merges[f->n_merges].src = src;
	f->merges[f->n_merges].line = line;
	f->merges[f->n_merges].col = col;
	f->n_merges++;
	return 0;
}

/*
 * Copies the members of map src whose keys f's mapping lacks: explicit
 * keys and earlier merges win.
 */
static int
merge_map(struct yl *st, struct frame *f, const cJSON *src, uint32_t line,
          uint32_t col)
{
	const cJSON *c;
	cJSON *copy;

	for (c = src->child; c != NULL; c = c->next) {
		/* c's key is interned in the same map (or NULL: no match). */
		if (keyset_find(&f->keys, c->string) != NULL)
			continue;
		if ((copy = copy_tree(st, c, NULL, 1, line, col)) == NULL)
			return -1;
		cJSON_AddItemToArray(f->node, copy);
		if (keyset_add(&f->keys, copy) < 0)
			return oom(st, line, col);
	}
	return 0;
}

static int
apply_merges(struct yl *st, struct frame *f)
{
	const struct merge *m;
	const cJSON *c;
	size_t i;

	for (i = 0; i < f->n_merges; i++) {
		m = &f->merges[i];
		if (cJSON_IsObject(m->src)) {
			if (merge_map(st, f, m->src, m->line, m->col) < 0)
				return -1;
			continue;
		}
		for (c = m->src->child; c != NULL; c = c->next)
			if (merge_map(st, f, resolve(st, c), m->line, m->col) <
			    0)
				return -1;
	}
	return 0;
}

/*
 * Hands a finished value to the collection being built, or makes it the
 * root. height is the number of collection levels in v (0 for a scalar);
 * the caller checked it against the depth limit. Takes ownership of v.
 */
static int
attach(struct yl *st, cJSON *v, uint32_t line, uint32_t col, size_t height)
{
	struct frame *f = top(st);

	if (f == NULL || !f->is_map) {
		/* An alias copy of a member carries the member's key. */
		set_key_ptr(v, NULL);
	}
	if (f == NULL) {
		st->root = v;
		return 0;
	}
	if (f->depth + height > f->maxd)
		f->maxd = f->depth + height;
	if (!f->is_map) {
		cJSON_AddItemToArray(f->node, v);
		return 0;
	}
	f->want_value = 0;
	if (f->merging) {
		f->merging = 0;
		if (spare_add(st, v) < 0) {
			cJSON_Delete(v);
			return oom(st, line, col);
		}
		return add_merge(st, f, v, 0, line, col);
	}
	set_key_ptr(v, f->key);
	f->key = NULL;
	cJSON_AddItemToArray(f->node, v);
	if (keyset_add(&f->keys, v) < 0)
		return oom(st, line, col);
	return 0;
}

/*
 * Makes the text of a key event (or of an alias used as a key) the pending
 * key of f, interning it. Checks duplicates at once, so the error points
 * at the second key.
 */
static int
set_key(struct yl *st, struct frame *f, const char *text, uint32_t line,
        uint32_t col)
{
	const cJSON *first;
	const struct srcpos *fp;
	const char *key;
	size_t len = strlen(text);
	char b[80];

	/* Up to the first NUL, as C strings (and cJSON keys) are. */
	if ((key = srcmap_intern(st->map, text, len)) == NULL)
		return oom(st, line, col);
	first = keyset_find(&f->keys, key);
	if (first != NULL) {
		fp = srcmap_get(st->map, first);
		fail(st, line, col, "yaml-duplicate-key",
		     "duplicate key '%s' (first at line %u)",
		     ascii_excerpt(b, sizeof(b), key, len),
		     fp ? fp->key_line : 0);
		return -1;
	}
	f->key = key;
	f->key_line = line;
	f->key_col = col;
	f->want_value = 1;
	return 0;
}

static int
on_scalar(struct yl *st, yaml_event_t *ev)
{
	uint32_t line = (uint32_t)ev->start_mark.line + 1;
	uint32_t col = (uint32_t)ev->start_mark.column + 1;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	const char *tag = (const char *)ev->data.scalar.tag;
	char *s = (char *)ev->data.scalar.value;
	struct frame *f = top(st);
	struct srcpos pos;
	size_t idx;
	enum num num;
	enum kind k;
	cJSON *node;
	char b[80], b2[80];

	if (f != NULL && f->is_map && !f->want_value) {
		/*
		 * A key: always a string, its source text. Only a tag can make
		 * it wrong (untagged scalars never classify as these).
		 */
		k = tag == NULL ? K_STRING
		                : classify(tag,
		                           ev->data.scalar.style ==
		                                   YAML_PLAIN_SCALAR_STYLE,
		                           s, ev->data.scalar.length, &num);
		if (k == K_UNSUPPORTED)
			return fail(st, line, col, "yaml-unsupported-tag",
			            "unsupported tag '%s'",
			            tag_name(b, sizeof(b), tag));
		if (k == K_BAD)
			return fail(st, line, col, "yaml-bad-tagged-value",
			            "'%s' is not a valid %s",
			            ascii_excerpt(b, sizeof(b), s,
			                          ev->data.scalar.length),
			            tag_name(b2, sizeof(b2), tag));
		if (anchor != NULL &&
		    anchor_define(&idx, st, anchor, NULL, s, 1, 0) < 0)
			return oom(st, line, col);
		if (tag == NULL &&
		    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    strcmp(s, "<<") == 0) {
			f->merging = 1;
			f->want_value = 1;
			st->merges++;
			f->key_line = line;
			f->key_col = col;
			return 0;
		}
		return set_key(st, f, s, line, col);
	}
	if (take_node(st, line, col) < 0)
		return -1;
	/* s stays valid: the event or the node (which took it) owns it. */
	if ((node = make_scalar(st, ev, line, col)) == NULL)
		return -1;
	pos = pos_at(st, line, col);
	if (srcmap_put(st->map, node, pos) < 0 ||
	    (anchor != NULL &&
	     anchor_define(&idx, st, anchor, node, s, 1, 0) < 0)) {
		cJSON_Delete(node);
		return oom(st, line, col);
	}
	return attach(st, node, line, col, 0);
}

static int
on_alias(struct yl *st, yaml_event_t *ev)
{
	uint32_t line = (uint32_t)ev->start_mark.line + 1;
	uint32_t col = (uint32_t)ev->start_mark.column + 1;
	const char *name = (const char *)ev->data.alias.anchor;
	struct frame *f = top(st);
	struct anchor *a;
	struct srcpos pos;
	size_t depth = f ? f->depth : 0;
	cJSON *copy;
	char b[80];

	a = anchor_find(st, name);
	if (a == NULL)
		return fail(st, line, col, "yaml-unknown-anchor",
		            "alias '*%s' names no anchor defined before it",
		            ascii_excerpt(b, sizeof(b), name, strlen(name)));
	if (a->open)
		return fail(st, line, col, "yaml-recursive-alias",
		            "alias '*%s' is inside its own anchor",
		            ascii_excerpt(b, sizeof(b), name, strlen(name)));
	if (f != NULL && f->is_map && !f->want_value) {
		if (a->text == NULL)
			return fail(st, line, col, "yaml-complex-key",
			            "a key must be a scalar (alias '*%s' is a "
			            "collection)",
			            ascii_excerpt(b, sizeof(b), name,
			                          strlen(name)));
		return set_key(st, f, a->text, line, col);
	}
	if (depth + a->height > st->lim->max_depth)
		return fail(st, line, col, "limit-depth",
		            "alias '*%s' nests deeper than the limit of %zu "
		            "levels",
		            ascii_excerpt(b, sizeof(b), name, strlen(name)),
		            st->lim->max_depth);
	if (f != NULL && f->is_map && f->merging) {
		/* Members are copied at the end of the mapping. */
		f->merging = 0;
		f->want_value = 0;
		if (depth + a->height > f->maxd)
			f->maxd = depth + a->height;
		if (a->node == NULL)
			return fail(st, line, col, "yaml-bad-merge",
			            "a merge value ('<<') must be a mapping "
			            "or a sequence of mappings");
		return add_merge(st, f, a->node, 1, line, col);
	}
	/* Checked in O(1) before copying: a billion laughs stops here. */
	if (a->size > *st->nodes_left)
		return fail(st, line, col, "limit-nodes",
		            "alias '*%s' would exceed the limit of %zu nodes "
		            "(alias copies included)",
		            ascii_excerpt(b, sizeof(b), name, strlen(name)),
		            st->lim->max_nodes);
	pos = pos_at(st, line, col);
	if (cJSON_IsObject(a->node) || cJSON_IsArray(a->node)) {
		*st->nodes_left -= a->size;
		copy = placeholder(st, a->node, a->size, NULL, pos);
		if (copy == NULL)
			return oom(st, line, col);
	} else if (a->node != NULL) {
		copy = copy_tree(st, a->node, &pos, 1, line, col);
		if (copy == NULL)
			return -1;
	} else {
		/* An anchored key: its text, as a string. */
		if (take_node(st, line, col) < 0)
			return -1;
		if ((copy = cJSON_CreateString(a->text)) == NULL ||
		    srcmap_put(st->map, copy, pos) < 0) {
			cJSON_Delete(copy);
			return oom(st, line, col);
		}
	}
	return attach(st, copy, line, col, a->height);
}

static int
on_start(struct yl *st, yaml_event_t *ev, int is_map)
{
	uint32_t line = (uint32_t)ev->start_mark.line + 1;
	uint32_t col = (uint32_t)ev->start_mark.column + 1;
	const char *anchor, *tag;
	struct frame *f = top(st), *nf;
	cJSON *node;
	char b[80];

	if (is_map) {
		anchor = (const char *)ev->data.mapping_start.anchor;
		tag = (const char *)ev->data.mapping_start.tag;
	} else {
		anchor = (const char *)ev->data.sequence_start.anchor;
		tag = (const char *)ev->data.sequence_start.tag;
	}
	/* First, so that deep nesting stops before libyaml's slow path. */
	if (st->n_frames + 1 > st->lim->max_depth)
		return fail(st, line, col, "limit-depth",
		            "nesting deeper than the limit of %zu levels",
		            st->lim->max_depth);
	if (f != NULL && f->is_map && !f->want_value)
		return fail(st, line, col, "yaml-complex-key",
		            "a key must be a scalar, not a %s",
		            is_map ? "mapping" : "sequence");
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, is_map ? TAG_PREFIX "map" : TAG_PREFIX "seq") != 0)
		return fail(st, line, col, "yaml-unsupported-tag",
		            "unsupported tag '%s' on a %s",
		            tag_name(b, sizeof(b), tag),
		            is_map ? "mapping" : "sequence");
	if (ARRAY_RESERVE(st->stack, st->n_frames + 1, st->cap_frames) < 0)
		return oom(st, line, col);
	if (take_node(st, line, col) < 0)
		return -1;
	node = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
	if (node == NULL ||
	    srcmap_put(st->map, node, pos_at(st, line, col)) < 0) {
		cJSON_Delete(node);
		return oom(st, line, col);
	}
	nf = &st->stack[st->n_frames++];
	memset(nf, 0, sizeof(*nf));
	nf->node = node;
	nf->is_map = is_map;
	nf->depth = nf->maxd = st->n_frames;
	nf->left_at_start = *st->nodes_left + 1;
	nf->line = line;
	nf->col = col;
	if (is_map)
		keyset_init_interned(&nf->keys, node);
	if (anchor != NULL &&
	    anchor_define(&nf->anchor, st, anchor, node, NULL, 0, 1) < 0)
		return oom(st, line, col);
	return 0;
}

/* Releases what a frame owns, except its node; adds its key work to *work. */
static void
frame_fini(struct frame *f, size_t *work)
{
	f->key = NULL;
	free(f->merges);
	f->merges = NULL;
	if (f->is_map) {
		*work += f->keys.compares;
		keyset_fini(&f->keys);
	}
}

static int
on_end(struct yl *st, yaml_event_t *ev)
{
	uint32_t line = (uint32_t)ev->start_mark.line + 1;
	uint32_t col = (uint32_t)ev->start_mark.column + 1;
	struct frame *f = top(st);
	struct anchor *a;
	size_t height;
	cJSON *node;

	if (f->is_map && apply_merges(st, f) < 0)
		return -1;
	height = f->maxd - f->depth + 1;
	if (f->anchor != 0) {
		a = &st->anchors[f->anchor - 1];
		/* Unless an inner anchor of the same name replaced it. */
		if (a->node == f->node) {
			a->open = 0;
			a->size = f->left_at_start - *st->nodes_left;
			a->height = height;
		}
	}
	node = f->node;
	/* Report attach errors at the collection, not at its end. */
	line = f->line;
	col = f->col;
	frame_fini(f, st->work);
	st->n_frames--;
	return attach(st, node, line, col, height);
}

/* Line and column (code points) of byte offset off, for reader errors. */
static void
offset_pos(const char *buf, size_t len, size_t off, uint32_t *line,
           uint32_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* Keeps st->quote_* up to date (see struct yl). */
static void
note_quote(struct yl *st, const yaml_event_t *ev)
{
	st->quote_line = 0;
	if (ev->type != YAML_SCALAR_EVENT ||
	    (ev->data.scalar.style != YAML_SINGLE_QUOTED_SCALAR_STYLE &&
	     ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE) ||
	    ev->end_mark.line == ev->start_mark.line)
		return;
	st->quote_line = (uint32_t)ev->start_mark.line + 1;
	st->quote_col = (uint32_t)ev->start_mark.column + 1;
	st->quote_end_line = (uint32_t)ev->end_mark.line + 1;
}

static int
syntax_error(struct yl *st)
{
	yaml_parser_t *p = &st->parser;
	uint32_t line = (uint32_t)p->problem_mark.line + 1;
	uint32_t col = (uint32_t)p->problem_mark.column + 1;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return oom(st, 0, 0);
	case YAML_READER_ERROR:
		offset_pos(st->buf, st->len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			return fail(st, line, col, "yaml-syntax",
			            "%s (byte 0x%02x)", problem,
			            (unsigned)p->problem_value & 0xff);
		return fail(st, line, col, "yaml-syntax", "%s", problem);
	default:
		/* An unclosed quote is reported where it opens. */
		if (p->context != NULL &&
		    strcmp(p->context, "while scanning a quoted scalar") == 0)
			return fail(st, (uint32_t)p->context_mark.line + 1,
			            (uint32_t)p->context_mark.column + 1,
			            "yaml-syntax",
			            "the quoted string that opens here is never "
			            "closed (%s at line %u, column %u)",
			            problem, line, col);
		if (st->quote_line != 0)
			return fail(st, st->quote_line, st->quote_col,
			            "yaml-syntax",
			            "the quoted string that opens here runs to "
			            "line %u: is a closing quote missing? (%s at "
			            "line %u, column %u)",
			            st->quote_end_line, problem, line, col);
		if (p->context != NULL)
			return fail(st, line, col, "yaml-syntax",
			            "%s (%s at line %zu, column %zu)", problem,
			            p->context, p->context_mark.line + 1,
			            p->context_mark.column + 1);
		return fail(st, line, col, "yaml-syntax", "%s", problem);
	}
}

/* Handles one event. 1 at the end of the stream, 0 to go on, -1 on error. */
static int
on_event(struct yl *st, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++st->docs > 1)
			return fail(st, (uint32_t)ev->start_mark.line + 1,
			            (uint32_t)ev->start_mark.column + 1,
			            "yaml-multi-document",
			            "a second document in the stream: one file "
			            "holds one document");
		return 0;
	case YAML_STREAM_END_EVENT:
		if (st->docs == 0)
			return fail(st, 1, 1, "yaml-empty",
			            "the file is empty");
		st->end_line = (uint32_t)ev->start_mark.line;
		return 1;
	case YAML_SCALAR_EVENT:
		return on_scalar(st, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(st, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(st, ev, 0);
	case YAML_MAPPING_START_EVENT:
		return on_start(st, ev, 1);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(st, ev);
	default:
		return 0;
	}
}

/*
 * Drops the positions of a tree about to be freed while the map lives on
 * (inline merge sources), so that a later node at a reused address cannot
 * seem to have a position. Depth is bounded by lim->max_depth.
 */
static void
forget_positions(struct srcmap *map, const cJSON *n)
{
	const cJSON *c;

	srcmap_del(map, n);
	for (c = n->child; c != NULL; c = c->next)
		forget_positions(map, c);
}

/* libyaml's input for a part with a prefix: pre, then buf. */
struct yl_input {
	const char *pre, *buf;
	size_t pre_len, len, off; /* off: bytes handed out so far */
};

static int
read_pre_then_buf(void *data, unsigned char *out, size_t size,
                  size_t *size_read)
{
	struct yl_input *in = data;
	size_t n = 0, k;

	if (in->off < in->pre_len) {
		k = in->pre_len - in->off;
		n = k < size ? k : size;
		memcpy(out, in->pre + in->off, n);
	} else if (in->off - in->pre_len < in->len) {
		k = in->len - (in->off - in->pre_len);
		n = k < size ? k : size;
		memcpy(out, in->buf + (in->off - in->pre_len), n);
	}
	in->off += n;
	*size_read = n;
	return 1;
}

int
yaml_load_part(struct cJSON **out, const char *buf, size_t len, uint32_t file,
               struct srcmap *map, const struct limits *lim,
               struct load_budget *budget, struct diag_list *diags,
               struct yaml_part *part)
{
	size_t *nodes_left = &budget->nodes_left;
	struct yl_input in = {NULL, buf, 0, len, 0};
	struct yl st;
	yaml_event_t ev;
	int rc = -1, r;
	size_t i, reserve;

	*out = NULL;
	memset(&st, 0, sizeof(st));
	st.buf = buf;
	st.len = len;
	st.file = file;
	st.path = part != NULL && part->path != NULL
	                  ? part->path
	                  : srcmap_file_path(map, file);
	st.map = map;
	st.lim = lim;
	st.nodes_left = nodes_left;
	st.work = &budget->work;
	st.diags = diags;
	if (!yaml_parser_initialize(&st.parser)) {
		oom(&st, 0, 0);
		return -1;
	}
	/*
	 * Untouched reserve costs no memory; one node per ~8 bytes is plenty,
	 * and more nodes than the budget stop the load anyway.
	 */
	reserve = part != NULL && part->reserve != 0 ? part->reserve
	                                             : len / 8 + 16;
	if (*nodes_left < reserve)
		reserve = *nodes_left + 1;
	if (srcmap_reserve(map, reserve) < 0) {
		yaml_parser_delete(&st.parser);
		oom(&st, 0, 0);
		return -1;
	}
	if (part != NULL && part->pre_len != 0) {
		in.pre = part->pre;
		in.pre_len = part->pre_len;
		yaml_parser_set_input(&st.parser, read_pre_then_buf, &in);
	} else {
		yaml_parser_set_input_string(&st.parser,
		                             (const unsigned char *)buf, len);
	}
	for (;;) {
		if (!yaml_parser_parse(&st.parser, &ev)) {
			syntax_error(&st);
			goto out;
		}
		budget->work++;
		note_quote(&st, &ev);
		r = on_event(&st, &ev);
		yaml_event_delete(&ev);
		if (r < 0)
			goto out;
		if (r > 0)
			break;
	}
	if (expand_pending(&st) < 0)
		goto out;
	*out = st.root;
	st.root = NULL;
	rc = 0;
out:
	if (part != NULL) {
		part->merges = st.merges;
		part->end_line = st.end_line;
	}
	yaml_parser_delete(&st.parser);
	cJSON_Delete(st.root);
	for (i = 0; i < st.n_frames; i++) {
		cJSON_Delete(st.stack[i].node);
		frame_fini(&st.stack[i], st.work);
	}
	free(st.stack);
	for (i = 0; i < st.n_spare; i++) {
		forget_positions(map, st.spare[i]);
		cJSON_Delete(st.spare[i]);
	}
	free(st.spare);
	for (i = 0; i < st.n_anchors; i++) {
		free(st.anchors[i].name);
		free(st.anchors[i].text);
	}
	free(st.anchors);
	free(st.anchor_idx);
	free(st.pending);
	return rc;
}

int
yaml_load_buffer(struct cJSON **out, const char *buf, size_t len, uint32_t file,
                 struct srcmap *map, const struct limits *lim,
                 struct load_budget *budget, struct diag_list *diags)
{
	int rc;

	/* The split answers 1 when it did not load: the serial parse does. */
	rc = yaml_split_load(out, buf, len, file, map, lim, budget, diags);
	if (rc <= 0)
		return rc;
	return yaml_load_part(out, buf, len, file, map, lim, budget, diags,
	                      NULL);
}
