/*
 * rules: the semantic rules of AsyncAPI 2.x and 3.x documents (see
 * rules.h).
 *
 * Most rules read the document's trees (through the model's nodes and the
 * raw sections of the root), not only the model: the model drops what it
 * cannot resolve (an unknown server name, a security requirement naming no
 * scheme), and those are exactly what the rules must report, at the node
 * that says it. Every lookup goes through hash maps built once, so a run
 * stays linear in the size of the document.
 *
 * One root cause, one diagnostic: a diagnostic equal to one already given
 * (same rule, place and text) is dropped. That catches the trait values
 * the model copied into several operations or messages: the copies keep
 * the trait's position.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/array.h"
#include "util/hash.h"
#include "util/hmap.h"
#include "check/jsonschema.h"
#include "load/loader.h"
#include "model/mediatype.h"
#include "model/model.h"
#include "util/node.h"
#include "check/rules.h"
#include "load/srcmap.h"
#include "load/treehash.h"

/* ------------------------------------------------------------ the rules */

enum rule {
	R_OPERATION_ID_UNIQUE,
	R_MESSAGE_ID_UNIQUE,
	R_CHANNEL_PARAMETERS_DEFINED,
	R_CHANNEL_PARAMETERS_USED,
	R_CHANNEL_PARAMETER_ENUM,
	R_PARAMETER_LOCATION,
	R_SERVER_VARIABLES_DEFINED,
	R_SERVER_VARIABLES_USED,
	R_SERVER_VARIABLE_ENUM,
	R_ADDRESS_EMPTY_EXPRESSION,
	R_SECURITY_SCHEME_DEFINED,
	R_SECURITY_SCOPES_DEFINED,
	R_OPERATION_CHANNEL_REF,
	R_OPERATION_MESSAGES_OF_CHANNEL,
	R_CHANNEL_SERVERS_REF,
	R_CHANNEL_ADDRESS_NO_QUERY,
	R_TAG_NAMES_UNIQUE,
	R_REPLY_ADDRESS_LOCATION,
	R_CORRELATION_ID_LOCATION,
	R_MESSAGE_EXAMPLES_VALID,
	R_SCHEMA_EXAMPLES_VALID,
	R_SCHEMA_DEFAULT_VALID,
	R_COMPONENT_UNUSED,
	R_INFO_DESCRIPTION,
	R_INFO_CONTACT,
	R_INFO_LICENSE,
	R_OPERATION_ID_PRESENT,
	R_OPERATION_SUMMARY,
	R_MESSAGE_DESCRIPTION,
	R_CHANNEL_ADDRESS_TRAILING_SLASH,
	R_SERVER_URL_TRAILING_SLASH,
	R_COUNT
};

static const struct rules_info rules_table[R_COUNT] = {
        [R_OPERATION_ID_UNIQUE] = {"operation-id-unique", DIAG_ERROR,
                                   "operationIds are unique across the "
                                   "document (v2)"},
        [R_MESSAGE_ID_UNIQUE] = {"message-id-unique", DIAG_ERROR,
                                 "messageIds are unique across the "
                                 "document (v2.4+)"},
        [R_CHANNEL_PARAMETERS_DEFINED] = {"channel-parameters-defined",
                                          DIAG_ERROR,
                                          "every {parameter} of a channel "
                                          "address is defined in its "
                                          "parameters"},
        [R_CHANNEL_PARAMETERS_USED] = {"channel-parameters-used", DIAG_WARNING,
                                       "every channel parameter appears in "
                                       "the channel address"},
        [R_CHANNEL_PARAMETER_ENUM] = {"channel-parameter-enum", DIAG_WARNING,
                                      "a parameter's default and examples "
                                      "are among its enum values (v3)"},
        [R_PARAMETER_LOCATION] = {"parameter-location", DIAG_ERROR,
                                  "a parameter location is a runtime "
                                  "expression ($message.payload#/...)"},
        [R_SERVER_VARIABLES_DEFINED] = {"server-variables-defined", DIAG_ERROR,
                                        "every {variable} of a server url, "
                                        "host or pathname is defined in its "
                                        "variables"},
        [R_SERVER_VARIABLES_USED] = {"server-variables-used", DIAG_WARNING,
                                     "every server variable appears in the "
                                     "server url, host or pathname"},
        [R_SERVER_VARIABLE_ENUM] = {"server-variable-enum", DIAG_WARNING,
                                    "a server variable's default and "
                                    "examples are among its enum values"},
        [R_ADDRESS_EMPTY_EXPRESSION] = {"address-empty-expression",
                                        DIAG_WARNING,
                                        "no empty {} in channel addresses "
                                        "and server urls"},
        [R_SECURITY_SCHEME_DEFINED] = {"security-scheme-defined", DIAG_ERROR,
                                       "security requirements name schemes "
                                       "of components.securitySchemes (v2)"},
        [R_SECURITY_SCOPES_DEFINED] = {"security-scopes-defined", DIAG_ERROR,
                                       "required oauth2 scopes are scopes "
                                       "of the scheme's flows"},
        [R_OPERATION_CHANNEL_REF] = {"operation-channel-ref", DIAG_ERROR,
                                     "an operation's channel is a $ref to a "
                                     "channel of the root channels (v3)"},
        [R_OPERATION_MESSAGES_OF_CHANNEL] = {"operation-messages-of-channel",
                                             DIAG_ERROR,
                                             "an operation's (and its "
                                             "reply's) messages are $refs to "
                                             "messages of its channel (v3)"},
        [R_CHANNEL_SERVERS_REF] = {"channel-servers-ref", DIAG_ERROR,
                                   "a channel's servers are servers of the "
                                   "root servers"},
        [R_CHANNEL_ADDRESS_NO_QUERY] = {"channel-address-no-query", DIAG_ERROR,
                                        "no query (?) or fragment (#) in "
                                        "channel addresses"},
        [R_TAG_NAMES_UNIQUE] = {"tag-names-unique", DIAG_ERROR,
                                "the tags of one list have distinct names"},
        [R_REPLY_ADDRESS_LOCATION] = {"reply-address-location", DIAG_ERROR,
                                      "a reply address location is a "
                                      "runtime expression (v3)"},
        [R_CORRELATION_ID_LOCATION] = {"correlation-id-location", DIAG_ERROR,
                                       "a correlation id location is a "
                                       "runtime expression"},
        [R_MESSAGE_EXAMPLES_VALID] = {"message-examples-valid", DIAG_ERROR,
                                      "message examples match the payload "
                                      "and headers schemas"},
        [R_SCHEMA_EXAMPLES_VALID] = {"schema-examples-valid", DIAG_WARNING,
                                     "schema examples match their schema"},
        [R_SCHEMA_DEFAULT_VALID] = {"schema-default-valid", DIAG_WARNING,
                                    "schema defaults match their schema"},
        [R_COMPONENT_UNUSED] = {"component-unused", DIAG_INFO,
                                "every component is referenced"},
        [R_INFO_DESCRIPTION] = {"info-description", DIAG_WARNING,
                                "info has a description"},
        [R_INFO_CONTACT] = {"info-contact", DIAG_INFO, "info has a contact"},
        [R_INFO_LICENSE] = {"info-license", DIAG_INFO, "info has a license"},
        [R_OPERATION_ID_PRESENT] = {"operation-id-present", DIAG_INFO,
                                    "v2 operations have an operationId"},
        [R_OPERATION_SUMMARY] = {"operation-summary", DIAG_INFO,
                                 "operations have a summary or a "
                                 "description"},
        [R_MESSAGE_DESCRIPTION] = {"message-description", DIAG_INFO,
                                   "messages have a summary or a "
                                   "description"},
        [R_CHANNEL_ADDRESS_TRAILING_SLASH] = {"channel-address-trailing-"
                                              "slash",
                                              DIAG_WARNING,
                                              "channel addresses do not end "
                                              "with a slash"},
        [R_SERVER_URL_TRAILING_SLASH] = {"server-url-trailing-slash",
                                         DIAG_WARNING,
                                         "server urls do not end with a "
                                         "slash (v2)"},
};

const struct rules_info *
rules_list(size_t *n_out)
{
	*n_out = R_COUNT;
	return rules_table;
}

/* ------------------------------------------------------------ hash maps */

/*
 * The maps are util/hmap address maps. Hash keys (a content hash, a pair
 * or a name) go in as addresses too (hmap_hash_key). A NULL node is a key
 * of its own.
 */
static const char null_node;

static const void *
nkey(const void *p)
{
	return p ? p : &null_node;
}

static uint64_t
pkey(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* A key for a component kind and name (a collision only hides a hint). */
static uint64_t
name_key(const char *kind, const char *name)
{
	return hash_fmix64(hash_fnv1a_str(HASH_FNV_OFFSET, kind)) ^
	       (hash_fnv1a_str(HASH_FNV_OFFSET, name) * 0x9e3779b97f4a7c15ULL);
}

/* One key for a pair of nodes (a collision only changes a message). */
static uint64_t
pair_key(const void *a, const void *b)
{
	return hash_fmix64(pkey(a)) ^ (pkey(b) * 0x9e3779b97f4a7c15ULL);
}

/* ------------------------------------------------------------ context */

struct schema_root {
	const cJSON *node;
	const cJSON *rep; /* the equal schema compiled in the wrapper */
	const struct loader_via *via;
};

struct rctx {
	const struct model *m;
	struct loader_doc *doc;
	struct diag_list *diags;
	const cJSON *root;
	int v3;
	int errors;
	int oom;
	struct hmap emitted;      /* hashes of the diagnostics given */
	struct hmap validators;   /* schema node -> struct jsonschema * */
	struct hmap schema_seen;  /* schema nodes checked for default... */
	struct hmap seen;         /* scratch: nodes a rule has visited */
	struct hmap root_servers; /* root servers members and targets */
	struct hmap root_chans;   /* root channels members */
	struct hmap chan_msgs;    /* channel messages member -> channel */
	struct hmap chan_targets; /* (channel, message) -> channel member */
	struct hmap used;         /* component nodes something refers to */
	struct hmap comp_index;   /* name_key(kind, name) -> member */
	struct hmap schemes;      /* v2 scheme name -> raw member */
	struct hmap server_names; /* keys of the root servers */
	/* servers, components.securitySchemes are broken refs: unknown */
	int servers_unknown, schemes_unknown;
	struct hmap names;        /* scratch */
	struct hmap names2;       /* scratch */
	const cJSON *cur_comp[2]; /* component being walked (raw, target) */
	/* The shared validator of every JSON Schema (see collect_schemas). */
	cJSON *wrapper, *wrap_defs;
	struct hmap wrap_refs;  /* wrapper ref node -> schema */
	struct hmap roots;      /* schema root -> its compiled equal */
	struct hmap by_content; /* content hash -> compiled schema root */
	struct schema_root *root_list;
	size_t n_roots, cap_roots;
	struct jsonschema *js;
	int js_failed;
	size_t work; /* every map's slots examined (rules_check_work) */
};

static void
oom(struct rctx *c)
{
	c->oom = 1;
}

/* printf into a new string, or NULL when out of memory. */
static char *
vfmt(const char *fmt, va_list ap)
{
	char small[256];
	va_list aq;
	char *s;
	int n;

	/* one formatting for the usual short message, two for a long one */
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof(small))
		return strdup(small);
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(f, ap);
	va_end(ap);
	return s;
}

/*
 * Reports rule at node (its member key when on_key and it has one) with
 * the $ref chain via, a hint (or NULL) and a message.
 */
static void report(struct rctx *c, enum rule r, const cJSON *node, int on_key,
                   const struct loader_via *via, const char *hint,
                   const char *f, ...) __attribute__((format(printf, 7, 8)));

static void
report(struct rctx *c, enum rule r, const cJSON *node, int on_key,
       const struct loader_via *via, const char *hint, const char *f, ...)
{
	const struct rules_info *ri = &rules_table[r];
	const struct srcpos *p = node ? loader_pos(c->doc, node) : NULL;
	const char *file = NULL;
	uint32_t line = 0, col = 0;
	char *msg, *vt = NULL, num[32];
	uint64_t h;
	va_list ap;
	int added;

	if (c->oom)
		return;
	va_start(ap, f);
	msg = vfmt(f, ap);
	va_end(ap);
	if (!msg) {
		oom(c);
		return;
	}
	if (p) {
		file = srcmap_file_path(loader_srcmap(c->doc), p->file);
		line = p->line;
		col = p->col;
		if (on_key && p->key_line) {
			line = p->key_line;
			col = p->key_col;
		}
	}
	h = hash_fnv1a(HASH_FNV_OFFSET, ri->id, strlen(ri->id) + 1);
	if (file)
		h = hash_fnv1a(h, file, strlen(file) + 1);
	snprintf(num, sizeof(num), "%u:%u", (unsigned)line, (unsigned)col);
	h = hash_fnv1a(h, num, strlen(num) + 1);
	h = hash_fnv1a(h, msg, strlen(msg));
	added = hmap_add_ptr(&c->emitted, hmap_hash_key(h), NULL);
	if (added <= 0) {
		if (added < 0)
			oom(c);
		free(msg);
		return;
	}
	if (diag_add(c->diags, ri->severity, file, line, col, ri->id, "%s",
	             msg) != 0)
		goto fail;
	if (hint && diag_set_hint(c->diags, "%s", hint) != 0)
		goto fail;
	if (via) {
		vt = loader_via_text(c->doc, via);
		if (!vt || diag_set_via(c->diags, vt) != 0)
			goto fail;
	}
	if (ri->severity == DIAG_ERROR)
		c->errors++;
	free(vt);
	free(msg);
	return;
fail:
	free(vt);
	free(msg);
	oom(c);
}

/* "file:line" of node for messages ("line 12" in the same file as at). */
static void
where(struct rctx *c, char *buf, size_t size, const cJSON *node,
      const cJSON *at, int on_key)
{
	const struct srcpos *p = loader_pos(c->doc, node),
	                    *q = at ? loader_pos(c->doc, at) : NULL;
	uint32_t line;

	if (!p) {
		snprintf(buf, size, "elsewhere");
		return;
	}
	line = on_key && p->key_line ? p->key_line : p->line;
	if (q && q->file == p->file)
		snprintf(buf, size, "line %u", (unsigned)line);
	else
		snprintf(buf, size, "%s:%u",
		         srcmap_file_path(loader_srcmap(c->doc), p->file),
		         (unsigned)line);
}

/*
 * loader_deref() without a via: only for nodes that are resolved refs
 * (loader_deref(NULL, ...) writes through its NULL via_out when n is no
 * ref).
 */
static const cJSON *
follow(struct loader_doc *doc, const cJSON *n)
{
	if (!n || !loader_ref_target(doc, n))
		return n;
	return loader_deref(NULL, doc, n, NULL);
}

/* Follows refs from n; NULL when n is NULL or its refs lead nowhere. */
static const cJSON *
deref(struct rctx *c, const cJSON *n)
{
	const cJSON *r;

	if (!n)
		return NULL;
	r = follow(c->doc, n);
	if (!r) {
		oom(c);
		return NULL;
	}
	return loader_is_ref(r) ? NULL : r;
}

/*
 * 1 when n is a ref that leads nowhere (a broken ref of a partial
 * document, see loader_opts.partial, which the loader reported): what it
 * stands for is unknown, so no rule may call it missing.
 */
static int
broken_ref(struct rctx *c, const cJSON *n)
{
	const cJSON *r;

	if (!loader_is_ref(n))
		return 0;
	r = follow(c->doc, n);
	return r != NULL && loader_is_ref(r) && !loader_ref_target(c->doc, r);
}

/* Same, extending via into *via_out. */
static const cJSON *
deref_via(struct rctx *c, const cJSON *n, const struct loader_via *via,
          const struct loader_via **via_out)
{
	const cJSON *r;

	*via_out = via;
	if (!n)
		return NULL;
	r = loader_deref(via_out, c->doc, n, via);
	if (!r) {
		oom(c);
		return NULL;
	}
	return loader_is_ref(r) ? NULL : r;
}

/* The object member key of parent after refs, or NULL. */
static const cJSON *
get_obj(struct rctx *c, const cJSON *parent, const char *key)
{
	const cJSON *r = deref(c, node_get(parent, key));

	return cJSON_IsObject(r) ? r : NULL;
}

static const cJSON *
get_arr(struct rctx *c, const cJSON *parent, const char *key)
{
	const cJSON *r = deref(c, node_get(parent, key));

	return cJSON_IsArray(r) ? r : NULL;
}

#define EACH(el, parent)                                                       \
	for ((el) = (parent) ? (parent)->child : NULL; (el); (el) = (el)->next)

static int
is_ext(const char *key)
{
	return key && key[0] == 'x' && key[1] == '-';
}

/* 1 when the node was not in set yet (and now is), 0 when it was. */
static int
first_visit(struct rctx *c, struct hmap *set, const void *node)
{
	int r = hmap_add_ptr(set, nkey(node), NULL);

	if (r < 0)
		oom(c);
	return r > 0;
}

static int
in_set(const struct hmap *set, const void *node)
{
	return node && hmap_find_ptr(set, nkey(node), NULL);
}

/* A string scalar's text, or NULL. */
static const char *
str_of(const cJSON *n)
{
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static int
nonempty(const char *s)
{
	return s && *s;
}

/* How a message is named in messages: as the document names it. */
static const char *
msg_label(const struct model_message *msg)
{
	if (msg->key)
		return msg->key;
	if (msg->message_id)
		return msg->message_id;
	if (msg->name)
		return msg->name;
	return msg->id;
}

/* "operation 'onUser'" (v3) or "the publish operation of channel 'a'". */
static void
op_label(char *buf, size_t size, const struct model_operation *op)
{
	if (op->key)
		snprintf(buf, size, "operation '%s'", op->key);
	else
		snprintf(buf, size, "the %s operation of channel '%s'",
		         op->keyword ? op->keyword : "",
		         op->channel && op->channel->key ? op->channel->key
		                                         : "");
}

/* ------------------------------------------------------------ addresses */

/*
 * The {names} of an address: copied into *buf (the caller frees it) one
 * after the other, NUL-terminated, in address order ("" for an empty {}),
 * and added to names. Returns how many, or -1 when out of memory.
 */
static int
address_vars(struct rctx *c, const char *addr, char **buf, struct hmap *names)
{
	const char *p, *q;
	size_t off = 0;
	int n = 0;

	*buf = malloc(strlen(addr) + 1);
	if (!*buf) {
		oom(c);
		return -1;
	}
	for (p = addr; (p = strchr(p, '{')) != NULL; p = q + 1) {
		q = strchr(p + 1, '}');
		if (!q)
			break;
		memcpy(*buf + off, p + 1, (size_t)(q - p - 1));
		(*buf)[off + (size_t)(q - p - 1)] = '\0';
		if (hmap_add_str(names, *buf + off, NULL) < 0) {
			oom(c);
			return -1;
		}
		off += (size_t)(q - p);
		n++;
	}
	return n;
}

/* The member names of obj, into names. */
static void
member_names(struct rctx *c, const cJSON *obj, struct hmap *names)
{
	const cJSON *el;

	hmap_clear(names);
	EACH(el, obj)
	{
		if (el->string && hmap_add_str(names, el->string, NULL) < 0)
			oom(c);
	}
}

/*
 * Remembers obj under key in names unless key is there already: NULL
 * then (or when out of memory), else the value key had (never NULL).
 */
static void *
first_holder(struct rctx *c, struct hmap *names, const char *key, void *obj)
{
	void *prev;

	if (hmap_find_str(names, key, &prev))
		return prev;
	if (hmap_add_str(names, key, obj) < 0)
		oom(c);
	return NULL;
}

/* ------------------------------------------------------------ ids */

static void
check_operation_ids(struct rctx *c)
{
	const struct model *m = c->m;
	struct model_operation *op, *prev;
	const cJSON *node, *pnode;
	char w[256];
	size_t i;

	if (m->major != MODEL_V2)
		return; /* v3 operations are keys of one map */
	hmap_clear(&c->names);
	for (i = 0; i < m->n_operations && !c->oom; i++) {
		op = m->operations[i];
		if (!op->operation_id)
			continue;
		node = node_get(op->merged, "operationId");
		prev = first_holder(c, &c->names, op->operation_id, op);
		if (!prev)
			continue;
		pnode = node_get(prev->merged, "operationId");
		where(c, w, sizeof(w), pnode, node, 0);
		report(c, R_OPERATION_ID_UNIQUE, node, 0, op->src.via,
		       "operationIds must be unique in the document: rename "
		       "one of them",
		       "operationId '%s' of the %s operation of channel '%s' "
		       "is already used by the %s operation of channel '%s' "
		       "(%s)",
		       op->operation_id, op->keyword ? op->keyword : "",
		       op->channel && op->channel->key ? op->channel->key : "",
		       prev->keyword ? prev->keyword : "",
		       prev->channel && prev->channel->key ? prev->channel->key
		                                           : "",
		       w);
	}
}

static void
check_message_ids(struct rctx *c)
{
	const struct model *m = c->m;
	struct model_message *msg, *prev;
	const cJSON *node, *pnode;
	char w[256];
	size_t i;

	hmap_clear(&c->names);
	for (i = 0; i < m->n_messages && !c->oom; i++) {
		msg = m->messages[i];
		if (!msg->message_id)
			continue;
		node = node_get(msg->merged, "messageId");
		prev = first_holder(c, &c->names, msg->message_id, msg);
		if (!prev)
			continue;
		pnode = node_get(prev->merged, "messageId");
		where(c, w, sizeof(w), pnode, node, 0);
		report(c, R_MESSAGE_ID_UNIQUE, node, 0, msg->src.via,
		       "messageIds must be unique in the document: rename one "
		       "of them (a messageId set by a message trait is shared "
		       "by every message using that trait)",
		       "messageId '%s' is already used by another message (%s)",
		       msg->message_id, w);
	}
}

/* ------------------------------------------------------------ locations */

/*
 * Checks a runtime expression: "$message.header" or "$message.payload",
 * optionally followed by "#" and a JSON Pointer. NULL when valid, else
 * why not.
 */
static const char *
expr_problem(const char *s)
{
	const char *p = s;

	if (strncmp(p, "$message.", 9) != 0)
		return "it must start with '$message.header' or "
		       "'$message.payload'";
	p += 9;
	if (strncmp(p, "header", 6) == 0)
		p += 6;
	else if (strncmp(p, "payload", 7) == 0)
		p += 7;
	else
		return "after '$message.' comes 'header' or 'payload'";
	if (*p == '\0')
		return NULL;
	if (*p != '#')
		return "a '#' and a JSON Pointer may follow 'header' or "
		       "'payload', nothing else";
	p++;
	if (*p && *p != '/')
		return "the JSON Pointer after '#' must start with '/'";
	for (; *p; p++)
		if (*p == '~' && p[1] != '0' && p[1] != '1')
			return "in a JSON Pointer '~' must be followed by '0' "
			       "or '1'";
	return NULL;
}

static void
check_location(struct rctx *c, enum rule r, const cJSON *obj,
               const struct loader_via *via, const char *what)
{
	const cJSON *loc = node_get(obj, "location");
	const char *why;

	if (!cJSON_IsString(loc))
		return;
	why = expr_problem(loc->valuestring);
	if (!why)
		return;
	report(c, r, loc, 0, via,
	       "write e.g. '$message.header#/correlationId' or "
	       "'$message.payload#/user/id'",
	       "%s location '%s' is not a runtime expression: %s", what,
	       loc->valuestring, why);
}

/* ------------------------------------------------------------ channels */

/* Default and examples of a v3 parameter or a server variable vs enum. */
static void
check_enum_values(struct rctx *c, enum rule r, const cJSON *obj,
                  const struct loader_via *via, const char *what,
                  const char *name)
{
	const cJSON *en = get_arr(c, obj, "enum"), *d, *el, *ex;
	const char *t;

	if (!en || !node_size(en))
		return;
	hmap_clear(&c->names2);
	EACH(el, en)
	{
		t = node_text(el, NULL, 0);
		if (t && hmap_add_str(&c->names2, t, NULL) < 0)
			oom(c);
	}
	d = node_get(obj, "default");
	t = node_text(d, NULL, 0);
	if (t && !hmap_find_str(&c->names2, t, NULL))
		report(c, r, d, 0, via, "add it to enum, or change the default",
		       "default '%s' of %s '%s' is not one of its enum values",
		       t, what, name);
	ex = get_arr(c, obj, "examples");
	EACH(el, ex)
	{
		t = node_text(el, NULL, 0);
		if (t && !hmap_find_str(&c->names2, t, NULL))
			report(c, r, el, 0, via,
			       "add it to enum, or change the example",
			       "example '%s' of %s '%s' is not one of its enum "
			       "values",
			       t, what, name);
	}
}

/*
 * Parameters of one channel against its address. addr_node is where the
 * address is written (the channel key in v2: on_key).
 */
static void
check_channel_params(struct rctx *c, const cJSON *ch,
                     const struct loader_via *via, const char *key,
                     const char *addr, const cJSON *addr_node, int on_key)
{
	const cJSON *params, *el, *p;
	const struct loader_via *pv, *v;
	char *buf = NULL, *hint;
	const char *name;
	int n, i;

	if (broken_ref(c, node_get(ch, "parameters")))
		return;
	params = deref_via(c, node_get(ch, "parameters"), via, &pv);
	if (!cJSON_IsObject(params))
		params = NULL;
	hmap_clear(&c->names);
	n = address_vars(c, addr ? addr : "", &buf, &c->names);
	if (n < 0)
		return;
	member_names(c, params, &c->names2);
	/* Used but not defined, in address order. */
	for (i = 0, name = buf; i < n && !c->oom;
	     i++, name += strlen(name) + 1) {
		if (!*name) {
			report(c, R_ADDRESS_EMPTY_EXPRESSION, addr_node, on_key,
			       via,
			       "put a parameter name between the braces, or "
			       "remove them",
			       "channel address '%s' has an empty parameter "
			       "'{}'",
			       addr);
			continue;
		}
		if (hmap_find_str(&c->names2, name, NULL))
			continue;
		hint = fmt("define it in the channel's parameters: "
		           "parameters: { %s: { description: ... } }",
		           name);
		report(c, R_CHANNEL_PARAMETERS_DEFINED, addr_node, on_key, via,
		       hint,
		       "parameter '%s' is used in address '%s' but not defined "
		       "in %s",
		       name, addr,
		       params ? "its parameters"
		              : "parameters (the channel has none)");
		free(hint);
	}
	EACH(el, params)
	{
		if (!el->string || c->oom)
			continue;
		if (!hmap_find_str(&c->names, el->string, NULL)) {
			report(c, R_CHANNEL_PARAMETERS_USED, el, 1, pv,
			       addr ? "remove it, or use it in the address "
			              "as {name}"
			            : "remove it: the channel has no address "
			              "to use it in",
			       "parameter '%s' of channel '%s' is not used in "
			       "its address%s%s%s",
			       el->string, key ? key : "", addr ? " '" : "",
			       addr ? addr : "", addr ? "'" : "");
		}
		p = deref_via(c, el, pv, &v);
		if (!cJSON_IsObject(p))
			continue;
		check_location(c, R_PARAMETER_LOCATION, p, v, "parameter");
		if (c->v3)
			check_enum_values(c, R_CHANNEL_PARAMETER_ENUM, p, v,
			                  "parameter", el->string);
	}
	free(buf);
}

static void
check_channel_address(struct rctx *c, const char *addr, const cJSON *node,
                      int on_key, const struct loader_via *via)
{
	size_t len;
	const char *q;

	if (!addr)
		return;
	q = strpbrk(addr, "?#");
	if (q)
		report(c, R_CHANNEL_ADDRESS_NO_QUERY, node, on_key, via,
		       "a channel address names a topic, queue or path: "
		       "describe query-like options with parameters or "
		       "bindings",
		       "channel address '%s' contains a %s delimiter '%c'",
		       addr, *q == '?' ? "query" : "fragment", *q);
	len = strlen(addr);
	if (len > 1 && addr[len - 1] == '/')
		report(c, R_CHANNEL_ADDRESS_TRAILING_SLASH, node, on_key, via,
		       "remove the trailing '/'",
		       "channel address '%s' ends with a slash", addr);
}

/* v2 server names / v3 server $refs of a root channel. */
static void
check_channel_servers(struct rctx *c, const cJSON *ch,
                      const struct loader_via *via, const char *key)
{
	const cJSON *arr = get_arr(c, ch, "servers"), *el, *t;
	const char *ref;
	int ok, guard;

	EACH(el, arr)
	{
		if (!c->v3) {
			if (!cJSON_IsString(el) || c->servers_unknown ||
			    hmap_find_str(&c->server_names, el->valuestring,
			                  NULL))
				continue;
			report(c, R_CHANNEL_SERVERS_REF, el, 0, via,
			       "name a key of the root servers object",
			       "channel '%s' names server '%s', which is not "
			       "defined in servers",
			       key ? key : "", el->valuestring);
			continue;
		}
		ref = loader_ref_string(el);
		if (!ref)
			continue;
		ok = 0;
		for (t = el, guard = 0; t && loader_is_ref(t) && guard < 64;
		     guard++) {
			t = loader_ref_target(c->doc, t);
			if (in_set(&c->root_servers, t))
				ok = 1;
		}
		if (ok || !t)
			continue; /* unresolved: the loader said so */
		report(c, R_CHANNEL_SERVERS_REF, node_get(el, "$ref"), 0, via,
		       "point at a server of the root servers object, e.g. "
		       "$ref: '#/servers/production'",
		       "channel '%s' refers to server '%s', which is not "
		       "under the root servers object",
		       key ? key : "", ref);
	}
}

static void
check_channel(struct rctx *c, const char *key, const cJSON *ch,
              const struct loader_via *via, const char *addr,
              const cJSON *addr_node, int on_key, int is_root)
{
	check_channel_address(c, addr, addr_node, on_key, via);
	check_channel_params(c, ch, via, key, addr, addr_node, on_key);
	if (is_root)
		check_channel_servers(c, ch, via, key);
}

static void
check_channels(struct rctx *c)
{
	const cJSON *chs = get_obj(c, c->root, "channels"), *el, *r, *a;
	const cJSON *comp = get_obj(c, c->root, "components"), *cc;
	const struct loader_via *v;

	hmap_clear(&c->seen);
	EACH(el, chs)
	{
		if (!el->string || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r))
			continue;
		first_visit(c, &c->seen, r);
		if (!c->v3) {
			check_channel(c, el->string, r, v, el->string, el, 1,
			              1);
			continue;
		}
		a = node_get(r, "address");
		check_channel(c, el->string, r, v, str_of(a), a ? a : el,
		              a ? 0 : 1, 1);
	}
	if (!c->v3)
		return; /* v2 component channels have no address */
	cc = get_obj(c, comp, "channels");
	EACH(el, cc)
	{
		if (!el->string || is_ext(el->string) || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r) || !first_visit(c, &c->seen, r))
			continue;
		a = node_get(r, "address");
		check_channel(c, el->string, r, v, str_of(a), a ? a : el,
		              a ? 0 : 1, 0);
	}
}

/* ------------------------------------------------------------ servers */

/*
 * The {variables} of a server url, host or pathname against the defined
 * ones (c->names2); adds the used ones to c->names. *buf gets the copies
 * of the names (the caller frees it).
 */
static void
check_server_string(struct rctx *c, const char *skey, const cJSON *node,
                    const char *field, int has_vars,
                    const struct loader_via *via, char **buf)
{
	const char *s = str_of(node), *name;
	char *hint;
	int n, i;

	*buf = NULL;
	if (!s)
		return;
	n = address_vars(c, s, buf, &c->names);
	for (i = 0, name = *buf; i < n && !c->oom;
	     i++, name += strlen(name) + 1) {
		if (!*name) {
			report(c, R_ADDRESS_EMPTY_EXPRESSION, node, 0, via,
			       "put a variable name between the braces, or "
			       "remove them",
			       "server %s '%s' has an empty variable '{}'",
			       field, s);
			continue;
		}
		if (hmap_find_str(&c->names2, name, NULL))
			continue;
		hint = fmt("define it in the server's variables: variables: "
		           "{ %s: { default: ... } }",
		           name);
		report(c, R_SERVER_VARIABLES_DEFINED, node, 0, via, hint,
		       "variable '%s' is used in the %s of server '%s' but not "
		       "defined in %s",
		       name, field, skey,
		       has_vars ? "its variables"
		                : "variables (the server has none)");
		free(hint);
	}
}

static void check_security_list(struct rctx *c, const cJSON *arr,
                                const struct loader_via *via,
                                const char *owner);

static void
check_server(struct rctx *c, const char *key, const cJSON *s,
             const struct loader_via *via)
{
	const struct loader_via *vv, *v;
	const cJSON *vars, *el, *o, *url = node_get(s, "url"),
	                            *host = node_get(s, "host"),
	                            *path = node_get(s, "pathname");
	const char *u = str_of(url);
	char *owner, *b1, *b2, *b3;
	size_t len;

	vars = deref_via(c, node_get(s, "variables"), via, &vv);
	if (!cJSON_IsObject(vars))
		vars = NULL;
	member_names(c, vars, &c->names2);
	hmap_clear(&c->names);
	check_server_string(c, key, url, "url", vars != NULL, via, &b1);
	check_server_string(c, key, host, "host", vars != NULL, via, &b2);
	check_server_string(c, key, path, "pathname", vars != NULL, via, &b3);
	EACH(el, vars)
	{
		if (!el->string || c->oom)
			continue;
		if (!hmap_find_str(&c->names, el->string, NULL))
			report(c, R_SERVER_VARIABLES_USED, el, 1, vv,
			       "remove it, or use it as {name}",
			       "variable '%s' of server '%s' is not used in "
			       "its %s",
			       el->string, key,
			       url ? "url" : "host or pathname");
		o = deref_via(c, el, vv, &v);
		if (cJSON_IsObject(o))
			check_enum_values(c, R_SERVER_VARIABLE_ENUM, o, v,
			                  "variable", el->string);
	}
	free(b1);
	free(b2);
	free(b3);
	if (!c->v3 && u && (len = strlen(u)) > 0 && u[len - 1] == '/')
		report(c, R_SERVER_URL_TRAILING_SLASH, url, 0, via,
		       "remove the trailing '/'",
		       "url '%s' of server '%s' ends with a slash", u, key);
	if (!c->v3) {
		owner = fmt("server '%s'", key);
		if (!owner) {
			oom(c);
			return;
		}
		check_security_list(c, node_get(s, "security"), via, owner);
		free(owner);
	}
}

static void
check_servers(struct rctx *c)
{
	const cJSON *ss = get_obj(c, c->root, "servers"), *el, *r;
	const cJSON *comp = get_obj(c, c->root, "components"), *cs;
	const struct loader_via *v;

	hmap_clear(&c->seen);
	EACH(el, ss)
	{
		if (!el->string || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r))
			continue;
		first_visit(c, &c->seen, r);
		check_server(c, el->string, r, v);
	}
	cs = get_obj(c, comp, "servers");
	EACH(el, cs)
	{
		if (!el->string || is_ext(el->string) || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r) || !first_visit(c, &c->seen, r))
			continue;
		check_server(c, el->string, r, v);
	}
}

/* ------------------------------------------------------------ security */

/* Names of the scopes of an oauth2 scheme's flows, into c->names2. */
static void
flow_scopes(struct rctx *c, const cJSON *scheme, const char *member)
{
	const cJSON *flows = get_obj(c, scheme, "flows"), *f, *fo, *sc, *el;

	hmap_clear(&c->names2);
	EACH(f, flows)
	{
		fo = deref(c, f);
		if (!cJSON_IsObject(fo))
			continue;
		sc = get_obj(c, fo, member);
		if (!sc && strcmp(member, "availableScopes") == 0)
			sc = get_obj(c, fo, "scopes");
		EACH(el, sc)
		{
			if (el->string &&
			    hmap_add_str(&c->names2, el->string, NULL) < 0)
				oom(c);
		}
	}
}

/* A list of the flows' scopes for a hint, or NULL. */
static char *
scope_list(struct rctx *c)
{
	size_t i, len = 0, n = 0;
	char *s;

	for (i = 0; i < c->names2.cap; i++)
		if (c->names2.keys[i] && n < 20) {
			len += strlen(c->names2.keys[i]) + 4;
			n++;
		}
	s = malloc(len + 8);
	if (!s)
		return NULL;
	s[0] = '\0';
	n = 0;
	for (i = 0; i < c->names2.cap; i++)
		if (c->names2.keys[i] && n < 20) {
			if (n++)
				strcat(s, ", ");
			strcat(s, "'");
			strcat(s, c->names2.keys[i]);
			strcat(s, "'");
		}
	if (n == 20)
		strcat(s, ", ...");
	return s;
}

static void
check_scopes(struct rctx *c, const cJSON *scopes, const cJSON *scheme,
             const char *name, const char *member, const struct loader_via *via)
{
	const cJSON *el;
	char *list, *hint;

	if (!node_size(scopes))
		return;
	flow_scopes(c, scheme, member);
	EACH(el, scopes)
	{
		if (!cJSON_IsString(el) ||
		    hmap_find_str(&c->names2, el->valuestring, NULL))
			continue;
		list = c->names2.n ? scope_list(c) : NULL;
		hint = c->names2.n ? (list ? fmt("the flows of '%s' define %s",
		                                 name, list)
		                           : NULL)
		                   : fmt("the flows of '%s' define no scopes",
		                         name);
		report(c, R_SECURITY_SCOPES_DEFINED, el, 0, via, hint,
		       "scope '%s' is not a scope of the flows of security "
		       "scheme '%s'",
		       el->valuestring, name);
		free(hint);
		free(list);
	}
}

/* v2: [{name: [scopes]}] of a server, operation or operation trait. */
static void
check_security_list(struct rctx *c, const cJSON *arr,
                    const struct loader_via *via, const char *owner)
{
	const cJSON *item, *req, *el, *scheme, *scopes;
	const struct loader_via *v;
	const char *type;
	void *raw;

	arr = deref_via(c, arr, via, &v);
	if (!cJSON_IsArray(arr) || !first_visit(c, &c->seen, arr))
		return;
	via = v;
	EACH(item, arr)
	{
		/* a ref's target, not the next item, is the requirement */
		req = deref(c, item);
		EACH(el, cJSON_IsObject(req) ? req : NULL)
		{
			if (!el->string)
				continue;
			if (!hmap_find_str(&c->schemes, el->string, &raw)) {
				if (c->schemes_unknown)
					continue;
				report(c, R_SECURITY_SCHEME_DEFINED, el, 1, via,
				       c->schemes.n
				               ? "use a scheme of "
				                 "components.securitySchemes, "
				                 "or "
				                 "define this one there"
				               : "define it under "
				                 "components.securitySchemes",
				       "%s requires security scheme '%s', "
				       "which is not defined in "
				       "components.securitySchemes",
				       owner, el->string);
				continue;
			}
			if (hmap_add_ptr(&c->used, nkey(raw), NULL) < 0)
				oom(c);
			scheme = deref(c, raw);
			scopes = deref(c, el);
			type = node_get_str(scheme, "type");
			if (!cJSON_IsArray(scopes) || !type)
				continue;
			if (strcmp(type, "oauth2") == 0)
				check_scopes(c, scopes, scheme, el->string,
				             "scopes", via);
			else if (strcmp(type, "openIdConnect") != 0 &&
			         scopes->child)
				report(c, R_SECURITY_SCOPES_DEFINED,
				       scopes->child, 0, via,
				       "only oauth2 and openIdConnect schemes "
				       "take scopes: write [] for this one",
				       "security scheme '%s' of type '%s' "
				       "takes "
				       "no scopes, but %s lists some",
				       el->string, type, owner);
		}
	}
}

/* v2 operations and operation traits; v3 oauth2 schemes. */
static void
check_security(struct rctx *c)
{
	const cJSON *comp = get_obj(c, c->root, "components"), *tr, *el, *t;
	const struct model *m = c->m;
	struct model_operation *op;
	struct model_security_scheme *s;
	const struct loader_via *v;
	char label[512], *owner;
	size_t i;

	if (c->v3) {
		hmap_clear(&c->seen);
		for (i = 0; i < m->n_security_schemes && !c->oom; i++) {
			s = m->security_schemes[i];
			if (!s->type || strcmp(s->type, "oauth2") != 0 ||
			    !first_visit(c, &c->seen, s->src.node))
				continue;
			check_scopes(c, get_arr(c, s->src.node, "scopes"),
			             s->src.node, s->key ? s->key : s->id,
			             "availableScopes", s->src.via);
		}
		return;
	}
	/* Servers were checked with the servers; c->seen holds arrays. */
	for (i = 0; i < m->n_operations && !c->oom; i++) {
		op = m->operations[i];
		op_label(label, sizeof(label), op);
		owner = label;
		check_security_list(c, node_get(op->src.node, "security"),
		                    op->src.via, owner);
		tr = get_arr(c, op->src.node, "traits");
		EACH(el, tr)
		{
			t = deref_via(c, el, op->src.via, &v);
			check_security_list(c, node_get(t, "security"), v,
			                    owner);
		}
	}
	tr = get_obj(c, comp, "operationTraits");
	EACH(el, tr)
	{
		t = deref_via(c, el, NULL, &v);
		owner = fmt("operation trait '%s'", el->string);
		if (!owner) {
			oom(c);
			return;
		}
		check_security_list(c, node_get(t, "security"), v, owner);
		free(owner);
	}
}

/* ------------------------------------------------------------ v3 ops */

/* 1 when a target on the ref chain from n is in set (value in *val). */
static int
chain_hits(struct rctx *c, const cJSON *n, const struct hmap *set, void **val)
{
	const cJSON *t = n;
	int guard;

	for (guard = 0; t && loader_is_ref(t) && guard < 64; guard++) {
		t = loader_ref_target(c->doc, t);
		if (t && hmap_find_ptr(set, nkey(t), val))
			return 1;
	}
	return 0;
}

static void
check_op_messages(struct rctx *c, const char *key, const cJSON *arr,
                  const cJSON *chan_ref, const cJSON *chan,
                  const struct loader_via *via, const char *what)
{
	const char *cref = loader_ref_string(chan_ref), *ref;
	const cJSON *el, *target;
	void *owner, *member;
	char *hint;

	if (!chan)
		return;
	EACH(el, arr)
	{
		ref = loader_ref_string(el);
		if (!ref)
			continue; /* inline: the schema wants a $ref */
		if (chain_hits(c, el, &c->chan_msgs, &owner) && owner == chan)
			continue;
		target = deref(c, el);
		if (!target)
			continue; /* unresolved: the loader said so */
		if (hmap_find_ptr(&c->chan_targets,
		                  hmap_hash_key(pair_key(chan, target)),
		                  &member)) {
			hint = cref ? fmt("refer to the channel's entry: $ref: "
			                  "'%s/messages/%s'",
			                  cref, ((const cJSON *)member)->string)
			            : NULL;
			report(c, R_OPERATION_MESSAGES_OF_CHANNEL,
			       node_get(el, "$ref"), 0, via, hint,
			       "%s of operation '%s' refers to '%s' directly "
			       "instead of through its channel '%s'",
			       what, key, ref, cref ? cref : "");
			free(hint);
		} else
			report(c, R_OPERATION_MESSAGES_OF_CHANNEL,
			       node_get(el, "$ref"), 0, via,
			       "list the message under the channel's messages "
			       "first, then refer to it as "
			       "'<channel ref>/messages/<name>'",
			       "%s of operation '%s' lists '%s', which is not "
			       "a "
			       "message of channel '%s'",
			       what, key, ref, cref ? cref : "(inline)");
	}
}

static void
check_reply(struct rctx *c, const char *key, const cJSON *op,
            const struct loader_via *via)
{
	const struct loader_via *rv, *av;
	const cJSON *reply = deref_via(c, node_get(op, "reply"), via, &rv),
	            *addr, *ch;

	if (!cJSON_IsObject(reply))
		return;
	addr = deref_via(c, node_get(reply, "address"), rv, &av);
	if (cJSON_IsObject(addr) && first_visit(c, &c->seen, addr))
		check_location(c, R_REPLY_ADDRESS_LOCATION, addr, av,
		               "reply address");
	ch = node_get(reply, "channel");
	check_op_messages(c, key, get_arr(c, reply, "messages"), ch,
	                  cJSON_IsObject(deref(c, ch)) ? deref(c, ch) : NULL,
	                  rv, "reply message");
}

static void
check_operation_v3(struct rctx *c, const char *key, const cJSON *op,
                   const struct loader_via *via, int is_root)
{
	const cJSON *ch = node_get(op, "channel"), *chan;
	const char *ref = loader_ref_string(ch);

	if (ref && is_root && !chain_hits(c, ch, &c->root_chans, NULL) &&
	    deref(c, ch))
		report(c, R_OPERATION_CHANNEL_REF, node_get(ch, "$ref"), 0, via,
		       "list the channel under the root channels object and "
		       "point at it: $ref: '#/channels/<name>'",
		       "channel of operation '%s' refers to '%s', which is "
		       "not under the root channels object",
		       key, ref);
	chan = deref(c, ch);
	check_op_messages(c, key, get_arr(c, op, "messages"), ch,
	                  cJSON_IsObject(chan) ? chan : NULL, via, "message");
	check_reply(c, key, op, via);
}

static void
check_operations_v3(struct rctx *c)
{
	const cJSON *ops = get_obj(c, c->root, "operations"), *el, *r;
	const cJSON *comp = get_obj(c, c->root, "components"), *co;
	const struct loader_via *v;
	struct hmap done = {0};

	hmap_clear(&c->seen); /* reply addresses */
	EACH(el, ops)
	{
		if (!el->string || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r))
			continue;
		first_visit(c, &done, r);
		check_operation_v3(c, el->string, r, v, 1);
	}
	co = get_obj(c, comp, "operations");
	EACH(el, co)
	{
		if (!el->string || is_ext(el->string) || c->oom)
			continue;
		r = deref_via(c, el, NULL, &v);
		if (!cJSON_IsObject(r) || !first_visit(c, &done, r))
			continue;
		check_operation_v3(c, el->string, r, v, 0);
	}
	co = get_obj(c, comp, "replyAddresses");
	EACH(el, co)
	{
		r = deref_via(c, el, NULL, &v);
		if (cJSON_IsObject(r) && first_visit(c, &c->seen, r))
			check_location(c, R_REPLY_ADDRESS_LOCATION, r, v,
			               "reply address");
	}
	hmap_free(&done);
}

/* ------------------------------------------------------------ tags */

/* The tags member of an object (tags_member, may be NULL). */
static void
check_tag_list(struct rctx *c, const cJSON *tags_member,
               const struct loader_via *via)
{
	const struct loader_via *v;
	const cJSON *tags = deref_via(c, tags_member, via, &v), *el, *t, *name;
	char w[256];
	void *prev;

	if (!cJSON_IsArray(tags) || !first_visit(c, &c->seen, tags))
		return;
	hmap_clear(&c->names2);
	EACH(el, tags)
	{
		t = deref(c, el);
		name = node_get(t, "name");
		if (!cJSON_IsString(name))
			continue;
		prev = first_holder(c, &c->names2, name->valuestring,
		                    (void *)name);
		if (!prev)
			continue;
		where(c, w, sizeof(w), prev, name, 0);
		report(c, R_TAG_NAMES_UNIQUE, name, 0, v,
		       "remove one of them, or rename it",
		       "tag '%s' is listed twice (first at %s)",
		       name->valuestring, w);
	}
}

/* An object with tags, and the tags of each of its traits. */
static void
check_tags_with_traits(struct rctx *c, const cJSON *obj,
                       const struct loader_via *via)
{
	const struct loader_via *v;
	const cJSON *tags, *tr, *el, *t;

	if (!cJSON_IsObject(obj))
		return;
	/* one walk over the members: every operation and message asks */
	node_get2(obj, "tags", &tags, "traits", &tr);
	check_tag_list(c, tags, via);
	tr = deref(c, tr);
	EACH(el, cJSON_IsArray(tr) ? tr : NULL)
	{
		t = deref_via(c, el, via, &v);
		if (cJSON_IsObject(t))
			check_tag_list(c, node_get(t, "tags"), v);
	}
}

static void
check_tags(struct rctx *c)
{
	static const char *const kinds[] = {"servers",         "channels",
	                                    "operations",      "messages",
	                                    "operationTraits", "messageTraits"};
	const struct model *m = c->m;
	const cJSON *comp = get_obj(c, c->root, "components"), *k, *el, *r;
	const struct loader_via *v;
	size_t i;

	hmap_clear(&c->seen);
	if (c->v3)
		check_tag_list(c, node_get(get_obj(c, c->root, "info"), "tags"),
		               NULL);
	else
		check_tag_list(c, node_get(c->root, "tags"), NULL);
	for (i = 0; i < m->n_servers; i++)
		check_tag_list(c, node_get(m->servers[i]->src.node, "tags"),
		               m->servers[i]->src.via);
	for (i = 0; i < m->n_channels; i++)
		check_tag_list(c, node_get(m->channels[i]->src.node, "tags"),
		               m->channels[i]->src.via);
	for (i = 0; i < m->n_operations; i++)
		check_tags_with_traits(c, m->operations[i]->src.node,
		                       m->operations[i]->src.via);
	for (i = 0; i < m->n_messages; i++)
		check_tags_with_traits(c, m->messages[i]->src.node,
		                       m->messages[i]->src.via);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		k = get_obj(c, comp, kinds[i]);
		EACH(el, k)
		{
			if (!el->string || is_ext(el->string) || c->oom)
				continue;
			r = deref_via(c, el, NULL, &v);
			check_tags_with_traits(c, r, v);
		}
	}
}

/* ------------------------------------------------------------ examples */

/*
 * Every schema whose values are checked is compiled once, in one
 * validator: its root is a wrapper {"definitions": {"0": {"$ref": ...},
 * ...}} whose refs the ref hook maps to the schemas, so schemas shared by
 * many messages (and the ones they refer to) are compiled once, and each
 * value is validated at its own schema node.
 */
static const cJSON *
hook_ref(void *ctx, const cJSON *ref_obj)
{
	struct rctx *c = ctx;
	const cJSON *t;
	void *v;

	if (hmap_find_ptr(&c->wrap_refs, nkey(ref_obj), &v))
		return v;
	t = follow(c->doc, ref_obj);
	return t && !loader_is_ref(t) ? t : NULL;
}

static const cJSON *
hook_deref(void *ctx, const cJSON *node)
{
	struct rctx *c = ctx;
	const cJSON *t = follow(c->doc, node);

	if (broken_ref(c, node))
		return jsonschema_unknown();
	return t ? t : node;
}

/* 1 when schemaFormat names JSON Schema or the AsyncAPI schema. */
static int
json_format(const char *f)
{
	return mediatype_schema_format(f) == MEDIATYPE_JSON_SCHEMA;
}

/* Grows the list of schema roots by one; NULL when out of memory. */
static struct schema_root *
new_root(struct rctx *c)
{
	if (ARRAY_RESERVE(c->root_list, c->n_roots + 1, c->cap_roots) < 0) {
		oom(c);
		return NULL;
	}
	return &c->root_list[c->n_roots++];
}

/* Adds schema (a JSON Schema) to the schemas the shared validator holds. */
static void
add_schema_root(struct rctx *c, const cJSON *schema,
                const struct loader_via *via)
{
	const struct treehash_opts content = {.doc = c->doc};
	struct schema_root *root;
	const cJSON *rep = NULL;
	uint64_t h;
	cJSON *ref;
	char key[32];
	void *v;

	if (c->oom || (!cJSON_IsObject(schema) && !cJSON_IsBool(schema)) ||
	    hmap_find_ptr(&c->roots, nkey(schema), NULL))
		return;
	/*
	 * Schemas with equal content (refs compared by target) validate
	 * alike, so only the first is compiled: documents often repeat one
	 * inline schema in many messages (treehash).
	 */
	h = treehash_hash(&content, schema);
	if (hmap_find_ptr(&c->by_content, hmap_hash_key(h), &v) &&
	    treehash_equal(&content, v, schema))
		rep = v;
	if (!rep) {
		if (!c->wrapper && (!(c->wrapper = cJSON_CreateObject()) ||
		                    !(c->wrap_defs = cJSON_AddObjectToObject(
		                              c->wrapper, "definitions")))) {
			oom(c);
			return;
		}
		/* Not a name a user's "#/definitions/..." could mean. */
		snprintf(key, sizeof(key), "asyncdoc:%zu", c->n_roots);
		ref = cJSON_CreateObject();
		if (!ref || !cJSON_AddStringToObject(ref, "$ref", key)) {
			cJSON_Delete(ref);
			oom(c);
			return;
		}
		cJSON_AddItemToObject(c->wrap_defs, key, ref);
		if (hmap_add_ptr(&c->wrap_refs, nkey(ref),
		                 (void *)(uintptr_t)schema) < 0 ||
		    hmap_add_ptr(&c->by_content, hmap_hash_key(h),
		                 (void *)(uintptr_t)schema) < 0) {
			oom(c);
			return;
		}
		rep = schema;
	}
	if (hmap_add_ptr(&c->roots, nkey(schema), (void *)(uintptr_t)rep) < 0) {
		oom(c);
		return;
	}
	root = new_root(c);
	if (!root)
		return;
	root->node = schema;
	root->rep = rep;
	root->via = via;
}

/* The compiled equal of schema root s (s itself when it was not seen). */
static const cJSON *
rep_of(struct rctx *c, const cJSON *s)
{
	void *v;

	return hmap_find_ptr(&c->roots, nkey(s), &v) ? v : s;
}

static void
add_model_schema(struct rctx *c, const struct model_schema *s)
{
	if (s && s->schema && json_format(s->format))
		add_schema_root(c, s->schema, s->src.via);
}

/* Every JSON Schema of the document: payloads, headers, components... */
static void
collect_schemas(struct rctx *c)
{
	const struct model *m = c->m;
	const cJSON *comp = get_obj(c, c->root, "components"), *ps, *el, *p, *s;
	const struct loader_via *v, *sv;
	size_t i, j;

	for (i = 0; i < m->n_messages && !c->oom; i++) {
		add_model_schema(c, m->messages[i]->payload);
		add_model_schema(c, m->messages[i]->headers);
	}
	for (i = 0; i < m->n_schemas && !c->oom; i++)
		add_model_schema(c, m->schemas[i]);
	for (i = 0; i < m->n_channels && !c->oom; i++)
		for (j = 0; j < m->channels[i]->n_parameters; j++)
			add_model_schema(c,
			                 m->channels[i]->parameters[j]->schema);
	if (c->v3)
		return;
	ps = get_obj(c, comp, "parameters");
	EACH(el, ps)
	{
		p = deref_via(c, el, NULL, &v);
		s = deref_via(c, node_get(p, "schema"), v, &sv);
		add_schema_root(c, s, sv);
	}
}

/* The validator of a schema outside the shared one (cached), or NULL. */
static struct jsonschema *
validator(struct rctx *c, const cJSON *schema)
{
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = NULL;
	void *v;

	if (hmap_find_ptr(&c->validators, nkey(schema), &v))
		return v;
	opts.ref = hook_ref;
	opts.ref_ctx = c;
	if (jsonschema_new(&js, schema, &opts, NULL) != 0)
		js = NULL;
	if (hmap_add_ptr(&c->validators, nkey(schema), js) < 0) {
		jsonschema_free(js);
		oom(c);
		return NULL;
	}
	return js;
}

/*
 * Validates value against schema node at. Returns the result (the caller
 * frees it), or NULL when the value could not be checked.
 */
static struct jsonschema_result *
check_value(struct rctx *c, const cJSON *at, const cJSON *value)
{
	struct jsonschema_result *res = NULL;
	struct jsonschema *js;

	if (!c->js && c->wrapper && !c->js_failed) {
		c->js = validator(c, c->wrapper);
		if (c->js == NULL)
			c->js_failed = 1;
	}
	if (c->js &&
	    jsonschema_validate(&res, c->js, value, at, hook_deref, c) == 0)
		return res;
	js = validator(c, at);
	if (js &&
	    jsonschema_validate(&res, js, value, NULL, hook_deref, c) == 0)
		return res;
	return NULL;
}

/*
 * Reports the first error of res (one root cause: the others usually
 * follow from it), prefixed with what was checked.
 */
static void
report_result(struct rctx *c, enum rule r, const struct jsonschema_result *res,
              const cJSON *fallback, const struct loader_via *via,
              const char *what)
{
	const struct jsonschema_error *e = jsonschema_result_error(res, 0);
	size_t n = jsonschema_result_count(res);
	char *hint = NULL;
	const char *path;

	if (!e)
		return;
	path = e->instance_path ? e->instance_path : "";
	if (n > 1)
		hint = fmt("%s%s%zu more problem%s in this value may go away "
		           "with this one",
		           e->note ? e->note : "", e->note ? "; " : "", n - 1,
		           n > 2 ? "s" : "");
	else if (e->note)
		hint = fmt("%s", e->note);
	report(c, r, e->instance ? e->instance : fallback,
	       e->instance ? e->on_key : 0, via, hint,
	       "%s does not match its schema: %s%s%s%s", what,
	       *path ? "at '" : "", path, *path ? "': " : "", e->message);
	free(hint);
}

static void
check_message_examples(struct rctx *c)
{
	const struct model *m = c->m;
	const struct model_schema *s;
	struct model_message *msg;
	struct model_example *ex;
	struct jsonschema_result *res;
	const cJSON *val;
	char label[160], *what;
	size_t i, j, k;

	for (i = 0; i < m->n_messages && !c->oom; i++) {
		msg = m->messages[i];
		for (j = 0; j < msg->n_examples && !c->oom; j++) {
			ex = msg->examples[j];
			if (ex->name)
				snprintf(label, sizeof(label), "'%s'",
				         ex->name);
			else
				snprintf(label, sizeof(label), "#%zu", j + 1);
			for (k = 0; k < 2; k++) {
				s = k ? msg->headers : msg->payload;
				val = k ? ex->headers : ex->payload;
				if (!s || !val || !s->schema ||
				    !json_format(s->format))
					continue;
				res = check_value(c, rep_of(c, s->schema), val);
				if (res && !jsonschema_result_valid(res)) {
					what = fmt("%s of example %s of "
					           "message '%s'",
					           k ? "headers" : "payload",
					           label, msg_label(msg));
					if (!what)
						oom(c);
					else
						report_result(
						        c,
						        R_MESSAGE_EXAMPLES_VALID,
						        res, val, ex->src.via,
						        what);
					free(what);
				}
				jsonschema_result_free(res);
			}
		}
	}
}

#define SCHEMA_WALK_MAX 512

static void walk_schema(struct rctx *c, const cJSON *s, const cJSON *at,
                        const struct loader_via *via, int depth);

/* Members (or items) of o, with those of at, its equal, in step. */
static void
walk_children(struct rctx *c, const cJSON *o, const cJSON *at,
              const struct loader_via *via, int depth)
{
	const cJSON *el, *ael;

	for (el = o ? o->child : NULL, ael = at ? at->child : NULL; el;
	     el = el->next, ael = ael ? ael->next : NULL)
		walk_schema(c, el, ael ? ael : el, via, depth);
}

static void
check_default_examples(struct rctx *c, const cJSON *s, const cJSON *at,
                       const struct loader_via *via)
{
	struct jsonschema_result *res;
	const cJSON *d = node_get(s, "default"), *ex, *el;
	char what[64];
	size_t i = 0;

	if (d) {
		res = check_value(c, at, d);
		if (res && !jsonschema_result_valid(res))
			report_result(c, R_SCHEMA_DEFAULT_VALID, res, d, via,
			              "default value");
		jsonschema_result_free(res);
	}
	ex = deref(c, node_get(s, "examples"));
	EACH(el, cJSON_IsArray(ex) ? ex : NULL)
	{
		i++;
		res = check_value(c, at, el);
		snprintf(what, sizeof(what), "example #%zu", i);
		if (res && !jsonschema_result_valid(res))
			report_result(c, R_SCHEMA_EXAMPLES_VALID, res, el, via,
			              what);
		jsonschema_result_free(res);
	}
}

/* How walk_schema goes into a keyword's value. */
enum kw_kind { KW_NONE, KW_ONE, KW_MANY, KW_ITEMS };

/* The keywords holding schemas. */
static const struct kw_entry {
	const char *k;
	enum kw_kind kind;
} schema_keywords[] = {
        {"additionalItems", KW_ONE},
        {"additionalProperties", KW_ONE},
        {"allOf", KW_MANY},
        {"anyOf", KW_MANY},
        {"contains", KW_ONE},
        {"definitions", KW_MANY},
        {"dependencies", KW_MANY},
        {"else", KW_ONE},
        {"if", KW_ONE},
        {"items", KW_ITEMS},
        {"not", KW_ONE},
        {"oneOf", KW_MANY},
        {"patternProperties", KW_MANY},
        {"properties", KW_MANY},
        {"propertyNames", KW_ONE},
        {"then", KW_ONE},
};

static enum kw_kind
schema_keyword(const char *k)
{
	size_t i;

	/* the first letter first: it rules out most names at once */
	for (i = 0; i < sizeof(schema_keywords) / sizeof(schema_keywords[0]);
	     i++)
		if (schema_keywords[i].k[0] == k[0] &&
		    strcmp(schema_keywords[i].k, k) == 0)
			return schema_keywords[i].kind;
	return KW_NONE;
}

/*
 * Checks default and examples of s and of every schema in it, once. at is
 * the node equal to s in a compiled schema (s itself, or its place in the
 * equal schema compiled instead of s's root): their members go in step.
 */
static void
walk_schema(struct rctx *c, const cJSON *s, const cJSON *at,
            const struct loader_via *via, int depth)
{
	const struct loader_via *v;
	const cJSON *target, *el, *ael;
	int has_values = 0;

	if (!cJSON_IsObject(s) || depth > SCHEMA_WALK_MAX || c->oom ||
	    !first_visit(c, &c->schema_seen, s))
		return;
	if (!at)
		at = s;
	if (loader_is_ref(s)) {
		/* Equal refs have the same target. */
		target = deref_via(c, s, via, &v);
		walk_schema(c, target, target, v, depth + 1);
		return;
	}
	for (el = s->child, ael = at->child; el;
	     el = el->next, ael = ael ? ael->next : NULL) {
		if (!el->string)
			continue;
		if ((el->string[0] == 'd' &&
		     strcmp(el->string, "default") == 0) ||
		    (el->string[0] == 'e' &&
		     strcmp(el->string, "examples") == 0)) {
			has_values = 1;
			continue;
		}
		switch (schema_keyword(el->string)) {
		case KW_ITEMS:
			if (cJSON_IsArray(el))
				walk_children(c, el, ael ? ael : el, via,
				              depth + 1);
			else if (cJSON_IsObject(el))
				walk_schema(c, el, ael ? ael : el, via,
				            depth + 1);
			break;
		case KW_ONE:
			if (cJSON_IsObject(el))
				walk_schema(c, el, ael ? ael : el, via,
				            depth + 1);
			break;
		case KW_MANY:
			if (cJSON_IsObject(el) || cJSON_IsArray(el))
				walk_children(c, el, ael ? ael : el, via,
				              depth + 1);
			break;
		case KW_NONE:
			break;
		}
	}
	if (has_values)
		check_default_examples(c, s, at, via);
}

static void
check_schemas(struct rctx *c)
{
	size_t i;

	for (i = 0; i < c->n_roots && !c->oom; i++)
		walk_schema(c, c->root_list[i].node, c->root_list[i].rep,
		            c->root_list[i].via, 0);
}

/* ------------------------------------------------------------ locations */

static void
check_correlation_ids(struct rctx *c)
{
	const struct model *m = c->m;
	const cJSON *comp = get_obj(c, c->root, "components"), *co, *el, *r;
	const struct loader_via *v;
	size_t i;

	for (i = 0; i < m->n_messages && !c->oom; i++)
		if (m->messages[i]->correlation_id)
			check_location(c, R_CORRELATION_ID_LOCATION,
			               m->messages[i]->correlation_id->src.node,
			               m->messages[i]->correlation_id->src.via,
			               "correlation id");
	co = get_obj(c, comp, "correlationIds");
	EACH(el, co)
	{
		r = deref_via(c, el, NULL, &v);
		if (cJSON_IsObject(r))
			check_location(c, R_CORRELATION_ID_LOCATION, r, v,
			               "correlation id");
	}
}

/* ------------------------------------------------------------ components */

static void
mark_used(struct rctx *c, const cJSON *n)
{
	if (n == c->cur_comp[0] || n == c->cur_comp[1])
		return;
	if (hmap_add_ptr(&c->used, nkey(n), NULL) < 0)
		oom(c);
}

/* Decodes one JSON Pointer token (~1, ~0, %xx) of len bytes into out. */
static void
pointer_token(char *out, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;
	int h1, h2;

	for (i = 0; i < len && o + 1 < size; i++) {
		if (s[i] == '~' && i + 1 < len &&
		    (s[i + 1] == '0' || s[i + 1] == '1')) {
			out[o++] = s[i + 1] == '0' ? '~' : '/';
			i++;
		} else if (s[i] == '%' && i + 2 < len &&
		           (h1 = (s[i + 1] >= '0' && s[i + 1] <= '9')
		                         ? s[i + 1] - '0'
		                 : ((s[i + 1] | 32) >= 'a' &&
		                    (s[i + 1] | 32) <= 'f')
		                         ? (s[i + 1] | 32) - 'a' + 10
		                         : -1) >= 0 &&
		           (h2 = (s[i + 2] >= '0' && s[i + 2] <= '9')
		                         ? s[i + 2] - '0'
		                 : ((s[i + 2] | 32) >= 'a' &&
		                    (s[i + 2] | 32) <= 'f')
		                         ? (s[i + 2] | 32) - 'a' + 10
		                         : -1) >= 0) {
			out[o++] = (char)(h1 * 16 + h2);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/*
 * A ref in the root file to "#/components/<kind>/<name>/...": marks that
 * component, so a ref into a component counts as a use of it. file: the
 * srcmap id of the file holding ref (0 for the root).
 */
static void
mark_local_ref(struct rctx *c, const cJSON *ref, uint32_t file)
{
	const char *s = loader_ref_string(ref), *kind, *name, *end;
	char kbuf[128], nbuf[512];
	void *v;

	if (!s || strncmp(s, "#/components/", 13) != 0 || file != 0)
		return;
	kind = s + 13;
	end = strchr(kind, '/');
	if (!end)
		return;
	pointer_token(kbuf, sizeof(kbuf), kind, (size_t)(end - kind));
	name = end + 1;
	end = strchr(name, '/');
	pointer_token(nbuf, sizeof(nbuf), name,
	              end ? (size_t)(end - name) : strlen(name));
	if (hmap_find_ptr(&c->comp_index, hmap_hash_key(name_key(kbuf, nbuf)),
	                  &v) &&
	    v)
		mark_used(c, v);
}

static void
walk_refs(struct rctx *c, const cJSON *n, int depth)
{
	const cJSON *el, *t;
	uint32_t file;
	int guard;

	if (depth > 4096 || c->oom)
		return;
	/*
	 * A resolved ref is an object the loader has a target for. The
	 * members are scanned for "$ref" first: the loop below reads them
	 * anyway, and it spares most objects a probe of the loader's table of
	 * refs, a cache miss each in a big document.
	 */
	if (loader_is_ref(n) &&
	    (t = loader_ref_target_file(&file, c->doc, n)) != NULL) {
		mark_local_ref(c, n, file);
		for (guard = 0; t && guard < 64; guard++) {
			mark_used(c, t);
			t = loader_ref_target(c->doc, t);
		}
		return;
	}
	for (el = n->child; el; el = el->next)
		if (el->child)
			walk_refs(c, el, depth + 1);
}

static void
check_unused_components(struct rctx *c)
{
	const cJSON *comp = get_obj(c, c->root, "components"), *kind, *k, *el,
	            *file_root, *r;
	size_t i, nfiles = loader_file_count(c->doc);
	char *hint;

	if (!comp)
		return;
	EACH(kind, comp)
	{
		k = deref(c, kind);
		EACH(el, kind->string && cJSON_IsObject(k) ? k : NULL)
		{
			if (el->string &&
			    hmap_add_ptr(&c->comp_index,
			                 hmap_hash_key(name_key(kind->string,
			                                        el->string)),
			                 (void *)(uintptr_t)el) < 0)
				oom(c);
		}
	}
	/* Refs in the root, one component at a time (self-refs don't count). */
	EACH(el, c->root)
	{
		if (el->string && el->child &&
		    strcmp(el->string, "components") != 0)
			walk_refs(c, el, 0);
	}
	EACH(kind, comp)
	{
		k = deref(c, kind);
		EACH(el, cJSON_IsObject(k) ? k : NULL)
		{
			c->cur_comp[0] = el;
			c->cur_comp[1] = deref(c, el);
			if (el->child)
				walk_refs(c, el, 0);
		}
		c->cur_comp[0] = c->cur_comp[1] = NULL;
	}
	for (i = 1; i < nfiles && !c->oom; i++) {
		file_root = loader_file_root(c->doc, (uint32_t)i);
		if (file_root && file_root->child)
			walk_refs(c, file_root, 0);
	}
	EACH(kind, comp)
	{
		if (!kind->string || is_ext(kind->string))
			continue;
		k = deref(c, kind);
		EACH(el, cJSON_IsObject(k) ? k : NULL)
		{
			if (!el->string || is_ext(el->string) || c->oom)
				continue;
			r = deref(c, el);
			if (in_set(&c->used, el) || (r && in_set(&c->used, r)))
				continue;
			if (!c->v3 &&
			    strcmp(kind->string, "securitySchemes") == 0)
				hint = fmt("require it in a security list of a "
				           "server or an operation: security: "
				           "[{%s: []}], or remove it",
				           el->string);
			else
				hint = fmt("refer to it with $ref: "
				           "'#/components/%s/%s', or remove it",
				           kind->string, el->string);
			report(c, R_COMPONENT_UNUSED, el, 1, NULL, hint,
			       "component '%s' of components.%s is never used",
			       el->string, kind->string);
			free(hint);
		}
	}
}

/* ------------------------------------------------------------ hints */

static void
check_hints(struct rctx *c)
{
	const struct model *m = c->m;
	const cJSON *info = node_get(c->root, "info");
	const cJSON *ri = deref(c, info);
	struct model_operation *op;
	struct model_message *msg;
	char label[512];
	size_t i;

	if (cJSON_IsObject(ri)) {
		if (!nonempty(m->info.description))
			report(c, R_INFO_DESCRIPTION, info, 1, NULL,
			       "add info.description: what the application "
			       "does, for whom (Markdown)",
			       "info has no description");
		if (!node_get(ri, "contact"))
			report(c, R_INFO_CONTACT, info, 1, NULL,
			       "add info.contact with a name, url or email",
			       "info has no contact");
		if (!node_get(ri, "license"))
			report(c, R_INFO_LICENSE, info, 1, NULL,
			       "add info.license with a name (and url)",
			       "info has no license");
	}
	for (i = 0; i < m->n_operations && !c->oom; i++) {
		op = m->operations[i];
		if (m->major == MODEL_V2 && !op->operation_id)
			report(c, R_OPERATION_ID_PRESENT, op->src.node, 1,
			       op->src.via,
			       "add an operationId: code generators and the "
			       "documentation use it as the operation's name",
			       "the %s operation of channel '%s' has no "
			       "operationId",
			       op->keyword ? op->keyword : "",
			       op->channel && op->channel->key
			               ? op->channel->key
			               : "");
		if (!nonempty(op->summary) && !nonempty(op->description)) {
			op_label(label, sizeof(label), op);
			report(c, R_OPERATION_SUMMARY, op->src.node, 1,
			       op->src.via,
			       "add a summary (one line) or a description",
			       "%s has no summary or description", label);
		}
	}
	for (i = 0; i < m->n_messages && !c->oom; i++) {
		msg = m->messages[i];
		if (!nonempty(msg->summary) && !nonempty(msg->description))
			/*
			 * A title names the message; it does not say what
			 * it carries or when it is sent, which readers of
			 * the page look for first.
			 */
			report(c, R_MESSAGE_DESCRIPTION, msg->src.node, 1,
			       msg->src.via,
			       nonempty(msg->title)
			               ? "a title names the message; add a "
			                 "summary (one line) or a description "
			                 "saying what it carries and when"
			               : "add a summary (one line) or a "
			                 "description",
			       "message '%s' has no summary or description",
			       msg_label(msg));
	}
}

/* ------------------------------------------------------------ driver */

/* Indexes what several rules look up. */
static void
build_indexes(struct rctx *c)
{
	const cJSON *ss = get_obj(c, c->root, "servers"), *el, *t, *r, *msgs,
	            *mm, *comp = get_obj(c, c->root, "components"), *cc;
	int guard, pass;

	c->servers_unknown = broken_ref(c, node_get(c->root, "servers"));
	c->schemes_unknown =
	        broken_ref(c, node_get(c->root, "components")) ||
	        broken_ref(c, node_get(comp, "securitySchemes"));
	EACH(el, ss)
	{
		if (hmap_add_ptr(&c->root_servers, nkey(el), NULL) < 0 ||
		    (el->string &&
		     hmap_add_str(&c->server_names, el->string, NULL) < 0))
			oom(c);
		/* A ref member leads to its targets too. */
		for (t = el, guard = 0; loader_is_ref(t) && guard < 64;
		     guard++) {
			t = loader_ref_target(c->doc, t);
			if (t &&
			    hmap_add_ptr(&c->root_servers, nkey(t), NULL) < 0)
				oom(c);
		}
	}
	for (pass = 0; pass < 2; pass++) {
		cc = pass ? get_obj(c, comp, "channels")
		          : get_obj(c, c->root, "channels");
		EACH(el, cc)
		{
			if (pass == 0 &&
			    hmap_add_ptr(&c->root_chans, nkey(el), NULL) < 0)
				oom(c);
			/* A ref member leads to its targets too. */
			for (t = el, guard = 0;
			     pass == 0 && loader_is_ref(t) && guard < 64;
			     guard++) {
				t = loader_ref_target(c->doc, t);
				if (t && hmap_add_ptr(&c->root_chans, nkey(t),
				                      NULL) < 0)
					oom(c);
			}
			r = deref(c, el);
			msgs = get_obj(c, r, "messages");
			EACH(mm, msgs)
			{
				if (hmap_add_ptr(&c->chan_msgs, nkey(mm),
				                 (void *)r) < 0 ||
				    hmap_add_ptr(&c->chan_targets,
				                 hmap_hash_key(pair_key(
				                         r, deref(c, mm))),
				                 (void *)(uintptr_t)mm) < 0)
					oom(c);
			}
		}
	}
	cc = get_obj(c, comp, "securitySchemes");
	EACH(el, cc)
	{
		if (el->string &&
		    hmap_add_str(&c->schemes, el->string, (void *)el) < 0)
			oom(c);
	}
}

/* Every map of c counts its work in c->work. */
static void
count_work(struct rctx *c)
{
	struct hmap *maps[] = {
	        &c->emitted,      &c->validators, &c->schema_seen,
	        &c->seen,         &c->root_servers, &c->root_chans,
	        &c->chan_msgs,    &c->chan_targets, &c->used,
	        &c->comp_index,   &c->schemes,    &c->server_names,
	        &c->names,        &c->names2,     &c->wrap_refs,
	        &c->roots,        &c->by_content};
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		maps[i]->work = &c->work;
}

int
rules_check(const struct model *m, struct diag_list *diags)
{
	size_t work;

	return rules_check_work(&work, m, diags);
}

int
rules_check_work(size_t *work, const struct model *m, struct diag_list *diags)
{
	struct rctx c;
	size_t i;
	int rc;

	*work = 0;
	if (!diags || !m || !m->doc)
		return -1;
	memset(&c, 0, sizeof(c));
	count_work(&c);
	c.m = m;
	c.doc = m->doc;
	c.diags = diags;
	c.root = loader_root(m->doc);
	c.v3 = m->major == MODEL_V3;
	if (!cJSON_IsObject(c.root))
		return 0;
	build_indexes(&c);
	check_operation_ids(&c);
	check_message_ids(&c);
	check_channels(&c);
	check_servers(&c);
	check_security(&c);
	if (c.v3)
		check_operations_v3(&c);
	check_tags(&c);
	check_correlation_ids(&c);
	collect_schemas(&c);
	check_message_examples(&c);
	check_schemas(&c);
	check_unused_components(&c);
	check_hints(&c);
	rc = c.oom ? -1 : c.errors;
	*work = c.work;
	if (c.oom)
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "rules-oom",
		         "out of memory while checking the rules");
	for (i = 0; i < c.validators.cap; i++)
		if (c.validators.keys[i])
			jsonschema_free(c.validators.vals[i]);
	cJSON_Delete(c.wrapper);
	free(c.root_list);
	hmap_free(&c.wrap_refs);
	hmap_free(&c.roots);
	hmap_free(&c.by_content);
	hmap_free(&c.emitted);
	hmap_free(&c.validators);
	hmap_free(&c.schema_seen);
	hmap_free(&c.seen);
	hmap_free(&c.root_servers);
	hmap_free(&c.root_chans);
	hmap_free(&c.chan_msgs);
	hmap_free(&c.chan_targets);
	hmap_free(&c.used);
	hmap_free(&c.comp_index);
	hmap_free(&c.schemes);
	hmap_free(&c.server_names);
	hmap_free(&c.names);
	hmap_free(&c.names2);
	return rc;
}
