/*
 * model_int: what model.c, model_v2.c and model_v3.c share. Not a public
 * header: nothing outside the model includes it.
 *
 * Memory: every model object, array and id lives in one arena owned by the
 * model (freed at once by model_free()). Arrays grow by copying into a new
 * arena block, which wastes at most as much again as they finally hold.
 *
 * Errors: allocation failures set ctx->oom and make the builders return
 * early; model_new() turns that into -1. Problems in the document are
 * warnings through model_warn() (never fatal) except those model.h lists.
 */
#ifndef ASYNCDOC_MODEL_INT_H
#define ASYNCDOC_MODEL_INT_H

#include <stddef.h>

#include <cJSON.h>

#include "util/diag.h"
#include "util/hmap.h"
#include "load/loader.h"
#include "model/model.h"
#include "util/node.h"

/* Iterates the members or items of parent (none for scalars and NULL). */
#define MODEL_EACH(el, parent)                                                 \
	for ((el) = (parent) ? (parent)->child : NULL; (el); (el) = (el)->next)

struct model_arena;

/* What struct model keeps beyond its public fields. */
struct model_priv {
	struct model_arena *arena;
	struct hmap chan_ids, msg_ids, op_ids;
};

struct model_ctx;

void *model_alloc(struct model_ctx *c, size_t size);
/*
 * One slot of esize bytes per member of list (an array or object): NULL
 * when list is NULL or empty (c->oom untouched) or when memory runs out.
 */
void *model_alloc_each(struct model_ctx *c, const cJSON *list, size_t esize);
void *model_grow(struct model_ctx *c, void *old, size_t *cap, size_t n,
                 size_t esize);
const char *model_strdup(struct model_ctx *c, const char *s);

/* Typed growable arrays in the arena: struct NAME { T *v; size_t n, cap; }. */
#define MODEL_DEFINE_VEC(NAME, T)                                              \
	struct NAME {                                                          \
		T *v;                                                          \
		size_t n, cap;                                                 \
	};                                                                     \
	static inline int NAME##_push(struct model_ctx *c, struct NAME *vec,   \
	                              T x)                                     \
	{                                                                      \
		if (vec->n == vec->cap) {                                      \
			void *p = model_grow(c, vec->v, &vec->cap, vec->n,     \
			                     sizeof(T));                       \
			if (!p)                                                \
				return -1;                                     \
			vec->v = p;                                            \
		}                                                              \
		vec->v[vec->n++] = x;                                          \
		return 0;                                                      \
	}

MODEL_DEFINE_VEC(model_vserver, struct model_server *)
MODEL_DEFINE_VEC(model_vchan, struct model_channel *)
MODEL_DEFINE_VEC(model_vop, struct model_operation *)
MODEL_DEFINE_VEC(model_vmsg, struct model_message *)
MODEL_DEFINE_VEC(model_vschema, struct model_schema *)
MODEL_DEFINE_VEC(model_vscheme, struct model_security_scheme *)
MODEL_DEFINE_VEC(model_vcomp, struct model_component *)

/* Records wrap the public structs (first member) with builder state. */
struct model_chan_rec {
	struct model_channel pub;
	struct model_vop ops;
	struct model_vmsg msgs;
};

struct model_op_rec {
	struct model_operation pub;
	struct model_vmsg msgs;
};

struct model_msg_rec {
	struct model_message pub;
	const char *chan_key;                   /* v3 channel messages key */
	const struct model_operation *first_op; /* for the fallback id */
	const void *mark_chan, *mark_op;        /* last list it was added to */
	int comp; /* key is a components.messages key */
};

struct model_schema_rec {
	struct model_schema pub;
	int comp;                         /* listed in model->schemas */
	const struct model_message *msg;  /* owner of an inline schema */
	const struct model_channel *chan; /* owner of a parameter schema */
	const char *role; /* "payload", "headers" or parameter */
};

struct model_ctx {
	struct model *m;
	struct loader_doc *doc;
	struct diag_list *diags;
	const cJSON *root;
	int major;
	int oom;
	int budget_hit;
	size_t merge_expansions; /* refs expanded by one trait merge */
	size_t dup_budget;       /* nodes traits may still copy */
	cJSON *graveyard;        /* nodes detached while merging */

	struct model_vserver servers;
	struct model_vchan channels;
	struct model_vop operations;
	struct model_vmsg messages;
	struct model_vschema schemas; /* every schema object */
	struct model_vschema comp_schemas;
	struct model_vscheme schemes;
	struct model_vcomp components;

	struct hmap server_by_node; /* raw and resolved nodes */
	struct hmap server_by_key;
	struct hmap chan_by_node;
	struct hmap msg_by_node;
	struct hmap schema_by_node;
	struct hmap scheme_by_node;
	struct hmap scheme_by_key;
	struct hmap comp_msg_name; /* resolved node -> key */
	struct hmap comp_schema_name;
	struct hmap comp_chan_name;
};

/*
 * hmap_put_ptr() and hmap_put_str() (the maps above: address or string
 * keys) that set c->oom on failure; key must not be NULL.
 */
int model_pmap_put(struct model_ctx *c, struct hmap *map, const void *key,
                   void *val);
int model_smap_put(struct model_ctx *c, struct hmap *map, const char *key,
                   void *val);

/*
 * Follows refs from n; *via_out (may be NULL) gets via extended. NULL when
 * n is NULL or its ref leads nowhere (the loader reported that already).
 */
const cJSON *model_deref(struct model_ctx *c, const cJSON *n,
                         const struct loader_via *via,
                         const struct loader_via **via_out);

/*
 * model_deref() for a member that must be an object (or null): any other
 * target gets a type warning naming n's key and what, and gives NULL.
 */
const cJSON *model_deref_obj(struct model_ctx *c, const cJSON *n,
                             const struct loader_via *via,
                             const struct loader_via **via_out,
                             const char *what);

/* First value found in map for n or for any ref on the way from n. */
void *model_lookup_refs(struct model_ctx *c, const struct hmap *map,
                        const cJSON *n);

void model_warn(struct model_ctx *c, const cJSON *node,
                const struct loader_via *via, const char *rule, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));
/* Warns (rule model-type) that what at node should be expected. */
void model_warn_type(struct model_ctx *c, const cJSON *node,
                     const struct loader_via *via, const char *what,
                     const char *expected);

/*
 * Member getters. Absent and null members give NULL silently; a member of
 * the wrong type gives NULL and a model-type warning. Refs are followed.
 */
const cJSON *model_get_obj(struct model_ctx *c, const cJSON *obj,
                           const char *key, const struct loader_via *via,
                           const struct loader_via **via_out);
const cJSON *model_get_arr(struct model_ctx *c, const cJSON *obj,
                           const char *key, const struct loader_via *via);
/* Strings as they are; numbers and booleans as their source text. */
const char *model_get_str(struct model_ctx *c, const cJSON *obj,
                          const char *key, const struct loader_via *via);
/* Scalar text of n (NULL for objects, arrays and null). */
const char *model_scalar(struct model_ctx *c, const cJSON *n);
/* Array of scalars -> array of their texts (non-scalars warned, skipped). */
const char **model_str_list(struct model_ctx *c, const cJSON *arr,
                            const struct loader_via *via, size_t *n_out);

void model_read_tags(struct model_ctx *c, struct model_tags *out,
                     const cJSON *obj, const struct loader_via *via);
struct model_extdoc *model_read_extdoc(struct model_ctx *c, const cJSON *obj,
                                       const struct loader_via *via);
void model_read_exts(struct model_ctx *c, struct model_exts *out,
                     const cJSON *obj);
void model_read_bindings(struct model_ctx *c, struct model_bindings *out,
                         const cJSON *obj, const struct loader_via *via);
/* security member of obj, v2 requirement objects or v3 schemes. */
void model_read_security(struct model_ctx *c, struct model_security *out,
                         const cJSON *obj, const struct loader_via *via);

/*
 * obj with its traits applied (v2: each trait patched over the object;
 * v3: the object patched over its traits), or obj itself when it has none
 * (or they cannot be applied). *n_traits gets the count applied.
 */
const cJSON *model_apply_traits(struct model_ctx *c, const cJSON *obj,
                                const struct loader_via *via, size_t *n_traits);

/* A new channel record, registered under raw and r, listed in order. */
struct model_chan_rec *model_new_channel(struct model_ctx *c, const char *key,
                                         const cJSON *raw, const cJSON *r,
                                         const struct loader_via *via);
/* A new operation record on ch (which may be NULL), listed in order. */
struct model_op_rec *model_new_operation(struct model_ctx *c,
                                         struct model_chan_rec *ch,
                                         const cJSON *r,
                                         const struct loader_via *via);
/* Reads the fields operations share (title... bindings, exts) from merged. */
void model_read_op_common(struct model_ctx *c, struct model_op_rec *op,
                          const cJSON *merged, const struct loader_via *via);
/* Reads title, summary, description, tags, docs, bindings, exts of a channel.
 */
void model_read_chan_common(struct model_ctx *c, struct model_chan_rec *ch);
/*
 * Makes a channel of each member of the root's "channels" (warning on
 * those that are no object) and hands it to read, the version's reader.
 * -1 when out of memory.
 */
int model_read_channels(struct model_ctx *c,
                        void (*read)(struct model_ctx *c,
                                     struct model_chan_rec *ch));

/*
 * The message raw leads to (one object per resolved node), registered on
 * first sight with op as its first operation and chan_key as its v3
 * channel messages key. NULL when raw is no message.
 */
struct model_message *model_get_message(struct model_ctx *c, const cJSON *raw,
                                        const struct loader_via *via,
                                        const struct model_operation *op,
                                        const char *chan_key);
/* Adds msg to the lists of op / ch once. */
void model_op_add_message(struct model_ctx *c, struct model_op_rec *op,
                          struct model_message *msg);
void model_chan_add_message(struct model_ctx *c, struct model_chan_rec *ch,
                            struct model_message *msg);

/* A schema object for raw (a schema, or a v3 multi-format schema object). */
struct model_schema *model_get_schema(struct model_ctx *c, const cJSON *raw,
                                      const struct loader_via *via,
                                      const char *format);

/* Channel parameters (v2 schema/location, v3 enum/default/examples). */
void model_read_parameters(struct model_ctx *c, struct model_chan_rec *ch,
                           const cJSON *obj, const struct loader_via *via);

int model_v2_build(struct model_ctx *c);
int model_v3_build(struct model_ctx *c);

#endif
