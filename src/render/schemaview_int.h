/*
 * schemaview_int.h: what the files of schemaview share (schemaview.c: the
 * walk, JSON Schema, the outputs; schemaview_avro.c: Avro types). Not a
 * contract for other modules: use schemaview.h.
 *
 * The walk's state (struct walk) and one subschema's description (struct
 * desc) are filled by the helpers below; all of them mark w->oom instead of
 * failing, and the walk stops at its limits (schemaview.h).
 */
#ifndef ASYNCDOC_SCHEMAVIEW_INT_H
#define ASYNCDOC_SCHEMAVIEW_INT_H

#include <pthread.h>
#include <stddef.h>

#include <cJSON.h>

#include "util/hmap.h"
#include "model/avro.h"
#include "render/pages.h"
#include "render/schemaview.h"
#include "render/tmpl.h"

struct strbuf;
struct tmpl_dict;

enum fmt { FMT_JSON, FMT_OAS, FMT_AVRO, FMT_RAW };
enum mode { MODE_TYPE, MODE_HTML, MODE_ROWS };
enum cat { CAT_CONSTRAINT, CAT_VALUE, CAT_OTHER };

/* Badges, in the order they are shown. */
enum {
	B_REQUIRED = 1u << 0,
	B_DEPRECATED = 1u << 1,
	B_READONLY = 1u << 2,
	B_WRITEONLY = 1u << 3,
	B_CIRCULAR = 1u << 4,
	B_COUNT = 5
};

/*
 * A component schema's subtree as a tree shows it below a row (the body of
 * the row: the SV_CHILD_BODY include), expanded once and reused by later
 * trees, on any page and thread, that would show it the same. The text
 * of the body is a function of the resolved node, the format, the page's
 * root, whether the row is at level 0 (which rows below it are open), the
 * theme (the cache's tmpl and strip) and of the tree around it only
 * through what the walk of it reads: the seen set and the path above
 * (for its met nodes), the budgets and the depth limit. An entry is made
 * only from a walk that read nothing else (no anchor into or out of it,
 * no budget or depth cut, no array_size, no value from outside its
 * dictionaries: struct cand), and reused only where those reads give
 * what they gave then (sv_reusable()). Reusing it replays what the walk
 * would have left: counters, seen and shown.
 */
struct sv_mark {
	const struct cJSON *node; /* expanded in the subtree */
	size_t ordinal;           /* its ordinal from the subtree's first */
};

struct sv_entry {
	struct sv_entry *next; /* of the same node */
	enum fmt fmt;
	int level0;
	char *root;
	/*
	 * 0 when the text may not be used: it reads from the page, or a
	 * tree linked into it (a conflict; read and written atomically).
	 */
	int usable;
	char *text;
	size_t len;
	size_t nodes, work, ordinals; /* what the walk of it adds */
	size_t height;                /* its deepest visit, from its root */
	const struct cJSON **met;     /* every node its visits met */
	size_t n_met;
	struct sv_mark *marks; /* what it adds to seen and shown, in order */
	size_t n_marks;
};

/*
 * A whole tree of schemaview_add_tree() by its content (treehash): the
 * first trees of a content only count, the SV_TREE_TEXT_AT-th gives the
 * entry its text (expanded once more: a tree shown once or twice, as a
 * component's on its page and an alias's, costs nothing more), the later
 * ones copy the text. A tree's walk starts with nothing seen, no budget spent
 * and no path, so trees of equal content (refs by target; components,
 * circular refs and refs with other members by identity: sv_opaque) with
 * the same format, flags and page root show the same, but for anchors,
 * which carry the owner: a tree that set one is never reused. Their walks
 * meet the same nodes outside them, and their own nodes once each, from
 * their roots, unless a node outside reaches into one of them (a ref to a
 * property of a payload, say): so a text is reused for another tree only
 * when none of that tree's own nodes is among those its walk met (met).
 */
#define SV_TREE_TEXT_AT 3

enum sv_tree_state {
	SV_TREE_SEEN, /* shown `seen` times: the SV_TREE_TEXT_AT-th makes text
	               */
	SV_TREE_TEXT, /* text made: reused */
	SV_TREE_NO    /* reads the page or sets anchors: walked each time */
};

struct sv_tree {
	struct sv_tree *next;    /* of the same hash */
	const struct cJSON *raw; /* the first tree's schema, as written */
	enum fmt fmt;
	unsigned flags;
	char *root;
	enum sv_tree_state state;
	unsigned seen; /* trees of this content so far, up to SV_TREE_TEXT_AT */
	char *text;
	size_t len;
	const struct cJSON *text_raw; /* the schema whose walk made text */
	struct hmap met;              /* resolved node -> 1: what it met */
};

struct sv_cache {
	pthread_mutex_t lock; /* over map, trees, bytes, full and the counts */
	struct hmap map;      /* resolved node -> its first sv_entry */
	struct hmap trees;    /* content hash (treehash) -> first sv_tree */
	struct tmpl_cache *tmpl;
	enum tmpl_strip strip;
	size_t bytes, max_bytes;
	int full; /* max_bytes reached: no new entries, no more captures */
	struct schemaview_cache_stats stats;
};

struct schemaview_ctx {
	const struct model *m;
	struct pages_plan plan;
	struct hmap comps;  /* resolved node -> component index + 1 */
	struct hmap owners; /* resolved node -> model id of its schema */
	char **urls;        /* per component: its URL from the site root */
	struct sv_cache *cache; /* NULL: off (schemaview_ctx_cache) */
};

/* How a group's children extend a row path (see schemaview_row). */
enum seg {
	SEG_PROP,         /* .name */
	SEG_PATTERN,      /* ./pattern/ */
	SEG_ITEMS,        /* [] */
	SEG_INDEX,        /* [i] */
	SEG_MORE_ITEMS,   /* [...] */
	SEG_ANY_PROP,     /* .* */
	SEG_KEYWORD,      /* {not} */
	SEG_KEYWORD_N,    /* {oneOf 1} */
	SEG_KEYWORD_NAMED /* {dependentSchemas name} */
};

struct fact {
	enum cat cat;
	const char *cls, *label; /* static, or borrowed from the document */
	char **vals;             /* owned */
	size_t n, cap;
	size_t more;     /* values not listed */
	const char *url; /* a link (externalDocs), borrowed */
};

struct kid {
	const char *name;          /* borrowed, or NULL */
	const struct cJSON *raw;   /* the subschema as written */
	const struct cJSON *field; /* Avro: the field object */
	int required;
};

struct group {
	const char *cls, *label; /* static */
	enum seg seg;
	struct kid *kids;
	size_t n, cap;
	size_t more; /* children left out (node budget) */
};

/* What one subschema shows. */
struct desc {
	char *type;                      /* text or HTML, by mode */
	const char *title, *description; /* borrowed */
	unsigned badges;
	struct fact *facts;
	size_t n_facts, cap_facts;
	struct group *groups;
	size_t n_groups, cap_groups;
	int cut;               /* children not shown */
	char *link_url;        /* HTML: the cut or circular link */
	const char *link_text; /* static */
	const char *link_id;   /* rows: component to link */
	const char *note;      /* static */
	int repeated;          /* expanded before in this tree */
	size_t first_row;      /* rows: where (no component) */
};

/*
 * A subschema expanded in this tree (shown with its children): where a
 * later meeting of it links to, instead of expanding it again.
 */
struct shown {
	const struct cJSON *node;
	size_t ordinal;
	struct tmpl_dict *anchor_dict; /* where its anchor goes (HTML) */
	const char *anchor_sec, *anchor_var;
	int anchored;
	size_t row; /* rows: its row */
	/* in the text of this reused entry: it can take no anchor */
	struct sv_entry *frozen;
};

/*
 * A subtree being walked (or walked) that may become a cache entry: the
 * walk's state when its children's walk began, and whether it read
 * anything from outside (bad).
 */
struct cand {
	const struct cJSON *node;
	int level0, open, bad;
	size_t depth;
	struct tmpl_dict *body; /* its SV_CHILD_BODY dictionary */
	size_t shown0, shown1, met0, met1;
	size_t nodes0, work0, ord0, cuts0, sized0;
	size_t deepest;     /* of its visits */
	size_t deepest_out; /* the walk's deepest before it began */
	size_t ord1, nodes1, work1;
};

struct frame {
	const struct cJSON *node;
	int comp;
	size_t shown; /* its index in walk.shown */
};

struct walk {
	const struct schemaview_ctx *ctx;
	struct loader_doc *doc;
	enum fmt fmt;
	enum mode mode;
	const char *root;  /* URL prefix of the page */
	const char *owner; /* anchor prefix */
	unsigned flags;    /* SCHEMAVIEW_NO_* */
	struct frame path[SCHEMAVIEW_MAX_DEPTH + 1];
	size_t nodes, ordinals, not_shown;
	size_t work;       /* members read, against SCHEMAVIEW_MAX_WORK */
	struct hmap sizes; /* array -> its length + 1 (array_size) */
	/*
	 * Expanded subschemas: resolved node -> index + 1 in shown. A
	 * subschema met again links to its first expansion, so a tree costs
	 * its distinct subschemas, not its paths (2^40 for a schema whose
	 * properties a and b both ref the next level, 40 levels deep).
	 */
	struct hmap seen;
	struct shown *shown;
	size_t n_shown, cap_shown;
	unsigned type_calls; /* in the type string being made */
	int type_cut;        /* that type string was cut */
	int oom;
	struct schemaview_rows *rows;
	size_t rows_cap;
	struct avro_index avro; /* Avro named types */

	/* The cache (HTML trees; see struct sv_entry). */
	int use_cache;
	size_t cuts;              /* subschemas left out by the budgets */
	size_t sized;             /* array_size() counts */
	size_t deepest;           /* the deepest visit so far */
	const struct cJSON **met; /* the node of every visit, in order */
	size_t n_met, cap_met;
	struct cand *cands;
	size_t n_cands, cap_cands;
	int conflict; /* an anchor into a reused text: walk again, no cache */
	int anchored; /* an anchor was set (struct sv_tree) */
	struct hmap *met_all; /* not NULL: every node met goes in */
};

/* ------------------------------------------------ schemaview.c helpers */

/* raw with its $ref followed (raw itself when it cannot be), or NULL. */
const struct cJSON *sv_resolve(const struct walk *w, const struct cJSON *raw);
/* Text into a type string: escaped in HTML mode. */
void sv_put_text(struct strbuf *b, int html, const char *s);
/* 1 (with "…" written) when a type string must end here. */
int sv_type_stop(struct walk *w, struct strbuf *b, int depth);
int sv_nonempty_array(const struct cJSON *n);
/* Facts of d: one value (plain: a string as text, not JSON), a list, or
 * the number at n's member key. */
void sv_fact1(struct walk *w, struct desc *d, enum cat cat, const char *cls,
              const char *label, const struct cJSON *v, int plain);
void sv_fact_list(struct walk *w, struct desc *d, enum cat cat, const char *cls,
                  const char *label, const struct cJSON *v, int plain);
void sv_fact_num(struct walk *w, struct desc *d, const struct cJSON *n,
                 const char *key, const char *cls, const char *label);
/* A group of children of d (NULL when out of memory), and a child of it
 * (counted against the node budget; g NULL: nothing). */
struct group *sv_group_add(struct walk *w, struct desc *d, const char *cls,
                           const char *label, enum seg seg);
void sv_kid_add(struct walk *w, struct group *g, const char *name,
                const struct cJSON *raw, const struct cJSON *field,
                int required);

/* ------------------------------------------------------ schemaview_avro.c */

/* sv_resolve() for avro_index_build(): ctx is the struct walk. */
const struct cJSON *sv_avro_deref(void *ctx, const struct cJSON *n);
/* What an Avro type shows its details from (refs and named types
 * resolved, {"type": {...}} unwrapped, "null | T" taken as T). */
const struct cJSON *sv_avro_target(const struct walk *w,
                                   const struct cJSON *raw);
/* The type string of an Avro type ("null | string", "array<Address>"). */
void sv_type_avro(struct walk *w, struct strbuf *b, int html,
                  const struct cJSON *raw, int depth);
/* 1 when the Avro type n has children the tree would show. */
int sv_avro_has_kids(const struct walk *w, const struct cJSON *n);
/* Describes the Avro type n (k: the child it is, for a record field's doc,
 * default, order and aliases; NULL at the root); expand adds its groups. */
void sv_desc_avro(struct walk *w, struct desc *d, const struct cJSON *n,
                  const struct kid *k, int expand);

#endif
