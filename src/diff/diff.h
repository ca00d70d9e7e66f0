/*
 * diff: the changes between two versions of an API, read from their
 * normalised models (model.h), so a 2.6 document and its 3.0 migration
 * with the same meaning differ only where the meaning does.
 *
 * Matching: servers by key; channels by address (v2: the key), else by
 * key; operations by operationId (v3: key), else by channel and action;
 * an operation's messages by id, else by name, else one with one.
 * Unmatched items are removed/added; two unrelated documents give every
 * item removed and every new one added.
 *
 * Classes follow who reads what. A message the application sends is read
 * by consumers: widening what may be sent is breaking, narrowing is not.
 * One it receives is written by producers: narrowing what is accepted is
 * breaking, widening is not. A message no operation uses, and a channel
 * parameter, is read by both sides: either way is breaking. Each kind has
 * an effect (diff_kinds()); the class of a change is the effect resolved
 * by the direction, then the caller's overrides (diff_opts.overrides).
 *
 * Payload and header schemas: JSON Schema (AsyncAPI schemas, draft 4-7,
 * OpenAPI 3.0 schemas) compared structurally with refs followed on both
 * sides (a pair of nodes is compared once per direction: cycles end and
 * a shared schema is reported at its first use); Avro records compared by
 * field; other formats (RAML, Protobuf...) as text (unclassified).
 *
 * Positions: each change has the place in the old and the new document
 * (file, line, col of the node; for an item added, the old side is its
 * parent, and the other way for an item removed), 0 line when unknown.
 *
 * Ownership: the result owns its strings (copies); the models are only
 * read and may be freed once diff_models() returns. Not thread-safe per
 * result; distinct results may be made on several threads if their
 * models are not shared (loader_deref writes nothing without via_out, but
 * the docs' position lookups must be frozen: loader_freeze()).
 */
#ifndef ASYNCDOC_DIFF_H
#define ASYNCDOC_DIFF_H

#include <stddef.h>

#include "util/diag.h"

struct model;

enum diff_class {
	DIFF_BREAKING,
	DIFF_NON_BREAKING,
	DIFF_UNCLASSIFIED,
};

/* How a kind of change affects readers, before the direction is known. */
enum diff_effect {
	DIFF_EFFECT_BREAKING,     /* always */
	DIFF_EFFECT_NON_BREAKING, /* always */
	DIFF_EFFECT_UNCLASSIFIED, /* cannot tell */
	DIFF_EFFECT_WIDENS,       /* breaking when the app sends */
	DIFF_EFFECT_NARROWS,      /* breaking when the app receives */
};

/* Which messages a change is about: decides WIDENS and NARROWS. */
enum diff_dir {
	DIFF_DIR_NONE,    /* not about a message */
	DIFF_DIR_SEND,    /* the application sends it */
	DIFF_DIR_RECEIVE, /* the application receives it */
	DIFF_DIR_BOTH,    /* both, or unknown: either way breaks */
};

struct diff_kind_info {
	const char *id; /* stable: channel-removed, schema-enum-... */
	enum diff_effect effect;
	const char *description; /* one line */
	const char *example;     /* one line: a change of this kind */
};

/* Every kind, in a fixed order (the man page's). */
const struct diff_kind_info *diff_kinds(size_t *n);
/* The kind named id, or NULL. */
const struct diff_kind_info *diff_kind(const char *id);

/* "breaking", "non-breaking", "unclassified". */
const char *diff_class_name(enum diff_class c);
/* The class named name: 0, or -1 when there is none. */
int diff_class_from_name(enum diff_class *out, const char *name);
/* "send", "receive", "both" or NULL (DIFF_DIR_NONE). */
const char *diff_dir_name(enum diff_dir d);

struct diff_pos {
	char *file;    /* NULL when unknown */
	unsigned line; /* 0 when unknown */
	unsigned col;
};

/* What the change touches at the top: for the site's links and badges. */
enum diff_item {
	DIFF_ITEM_DOC,
	DIFF_ITEM_SERVER,
	DIFF_ITEM_CHANNEL,
	DIFF_ITEM_OPERATION,
	DIFF_ITEM_MESSAGE,
};

struct diff_change {
	const char *kind; /* static: diff_kinds()' id */
	enum diff_class cls;
	enum diff_dir dir;
	enum diff_item item;
	char *item_id; /* the item's model id in NEW (OLD when removed) */
	char *where;   /* "channel user/signup > message UserSignedUp >
	                  payload > properties.email" */
	char *message; /* what changed, one line */
	struct diff_pos old, new;
	int added; /* the item itself was added (channel-added...) */
	int gone;  /* the item itself was removed: it is not in NEW */
};

struct diff_override {
	const char *kind; /* borrowed */
	enum diff_class cls;
};

struct diff_opts {
	const struct diff_override *overrides; /* borrowed; n_overrides */
	size_t n_overrides;
};

struct diff_result {
	struct diff_change *items;
	size_t n, cap;
	size_t count[3]; /* by class */
};

/*
 * Compares old with new (opts may be NULL) and appends the changes to
 * out (zeroed by the caller, or a cleared result), in a stable order:
 * document, servers, channels, operations, messages, each in OLD's
 * document order then NEW's. Returns 0, or -1 out of memory (a
 * diagnostic in diags; out holds what was found so far).
 */
int diff_models(struct diff_result *out, const struct model *old,
                const struct model *new, const struct diff_opts *opts,
                struct diag_list *diags);

/* Breaking first, then unclassified, then non-breaking; stable. */
void diff_sort(struct diff_result *r);

void diff_result_clear(struct diff_result *r);

#endif
