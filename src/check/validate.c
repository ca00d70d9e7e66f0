/*
 * validate: a loaded document against the official AsyncAPI JSON Schema of
 * its version (see validate.h).
 *
 * Two passes, as the reference parser runs them:
 *  1. "resolved": the document with every $ref followed (loader_deref as
 *     the validator's deref callback) against the bundle, where for v3 the
 *     places the schema wants a Reference object (operation.channel,
 *     operation.messages[], reply.channel, reply.messages[],
 *     channel.servers[]) point at the channel, message and server
 *     definitions instead, since a followed ref leaves the object itself
 *     there; for v2, the binding schemas of the newest v3 bundle are
 *     grafted in (see graft_v2_bindings()). And since no followed node is
 *     a Reference object, the Reference branch of every oneOf/anyOf is
 *     dropped (same verdicts, plainer messages). Every error of this pass
 *     is reported, except those about a "$ref" member (unresolved refs:
 *     the loader reported them already).
 *  2. "raw": the root file as written, refs not followed, against the
 *     bundle as shipped; only "$ref is not expected here" errors are kept:
 *     they are the places where the version does not allow a reference.
 *
 * Bundles are parsed and compiled once per process, on first use, under a
 * lock; they are never freed (they stay reachable, so leak checkers are
 * quiet).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/diag.h"
#include "check/jsonschema.h"
#include "load/loader.h"
#include "util/node.h"
#include "check/schemas.h"
#include "load/srcmap.h"
#include "load/treehash.h"
#include "util/hmap.h"
#include "check/validate.h"

enum { PASS_RESOLVED = 0, PASS_RAW = 1 };

/* One bundle; state and trees are written only under cache_lock. */
struct bundle {
	int state;      /* 0: not parsed yet, 1: parsed, -1: failed */
	cJSON *raw;     /* the bundle as shipped */
	cJSON *patched; /* for the resolved pass (see above) */
	/* [pass][no_format], compiled on first use */
	struct jsonschema *js[2][2];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bundle *cache; /* schemas_count entries */

/* Versions, oldest first, NULL-terminated; built on first use. */
static const char **versions;

const char *const *
validate_versions(void)
{
	const char **v;
	size_t i;

	pthread_mutex_lock(&cache_lock);
	if (versions == NULL) {
		v = calloc(schemas_count + 1, sizeof(*v));
		if (v != NULL) {
			for (i = 0; i < schemas_count; i++)
				v[i] = schemas_bundles[i].version;
			versions = v;
		}
	}
	v = versions;
	pthread_mutex_unlock(&cache_lock);
	if (v == NULL) {
		/* out of memory: at least a valid empty list */
		static const char *const none[] = {NULL};
		return none;
	}
	return v;
}

/* ---- the v3 Reference-only patch ---- */

/* Sets obj's "$ref" string member to ref. Returns 0, or -1 when absent. */
static int
set_ref(cJSON *obj, const char *ref)
{
	cJSON *r = cJSON_GetObjectItemCaseSensitive(obj, "$ref");
	cJSON *n;

	if (!cJSON_IsString(r))
		return -1;
	n = cJSON_CreateString(ref);
	if (n == NULL)
		return -1;
	/* not ReplaceItemViaPointer: it leaves the new member nameless */
	return cJSON_ReplaceItemInObjectCaseSensitive(obj, "$ref", n) ? 0 : -1;
}

/* definitions[def].properties[prop] (and its "items" when items is 1). */
static cJSON *
def_prop(cJSON *defs, const char *def, const char *prop, int items)
{
	cJSON *n = cJSON_GetObjectItemCaseSensitive(defs, def);

	n = cJSON_GetObjectItemCaseSensitive(n, "properties");
	n = cJSON_GetObjectItemCaseSensitive(n, prop);
	if (items)
		n = cJSON_GetObjectItemCaseSensitive(n, "items");
	return cJSON_IsObject(n) ? n : NULL;
}

/*
 * Points the Reference-only places of a v3 bundle at the objects they
 * reference, as the reference parser's prepareV3ResolvedSchema does.
 * Returns 0, or -1 when the bundle does not have the expected shape.
 */
static int
patch_v3(cJSON *tree)
{
	static const struct {
		const char *def, *prop;
		int items;
		const char *ref;
	} places[] = {
	        {"channel", "servers", 1, "#/definitions/server"},
	        {"operation", "channel", 0, "#/definitions/channel"},
	        {"operation", "messages", 1, "#/definitions/messageObject"},
	        {"operationReply", "channel", 0, "#/definitions/channel"},
	        {"operationReply", "messages", 1,
	         "#/definitions/messageObject"},
	};
	cJSON *defs = cJSON_GetObjectItemCaseSensitive(tree, "definitions");
	size_t i;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (set_ref(def_prop(defs, places[i].def, places[i].prop,
		                     places[i].items),
		            places[i].ref) != 0)
			return -1;
	return 0;
}

/* 1 when n is {"$ref": "#/definitions/Reference"}. */
static int
is_reference_branch(const cJSON *n)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(n, "$ref");

	return cJSON_IsObject(n) && cJSON_IsString(r) &&
	       strcmp(r->valuestring, "#/definitions/Reference") == 0;
}

/*
 * With every ref followed, no instance is a Reference object: the
 * Reference branch of a oneOf/anyOf can never match. Dropping it keeps
 * the verdicts and spares the reader "closest of 2 shapes" talk. A
 * single branch left becomes an allOf member (same meaning). Returns 0,
 * or -1 when out of memory.
 */
static int
drop_reference_branches(cJSON *n, int depth)
{
	static const char *const kws[] = {"oneOf", "anyOf"};
	cJSON *c, *arr, *br, *next, *all;
	size_t k;
	int left;

	if (depth > 200 || (!cJSON_IsObject(n) && !cJSON_IsArray(n)))
		return 0;
	for (c = n->child; c != NULL; c = c->next)
		if (drop_reference_branches(c, depth + 1) != 0)
			return -1;
	if (!cJSON_IsObject(n))
		return 0;
	for (k = 0; k < 2; k++) {
		arr = cJSON_GetObjectItemCaseSensitive(n, kws[k]);
		if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 2)
			continue;
		left = 0;
		for (br = arr->child; br != NULL; br = next) {
			next = br->next;
			if (is_reference_branch(br))
				cJSON_Delete(
				        cJSON_DetachItemViaPointer(arr, br));
			else
				left++;
		}
		if (left != 1)
			continue;
		all = cJSON_GetObjectItemCaseSensitive(n, "allOf");
		if (all == NULL) {
			all = cJSON_AddArrayToObject(n, "allOf");
			if (all == NULL)
				return -1;
		}
		if (!cJSON_IsArray(all))
			continue;
		br = cJSON_DetachItemViaPointer(arr, arr->child);
		cJSON_AddItemToArray(all, br);
		cJSON_Delete(cJSON_DetachItemViaPointer(n, arr));
	}
	return 0;
}

/* ---- v2 bindings ---- */

/* The binding kind a v2 definition or components member stands for. */
static const char *
binding_kind(const char *name)
{
	static const char *const map[][2] = {
	        {"server", "server"},
	        {"serverBindings", "server"},
	        {"channelItem", "channel"},
	        {"channelBindings", "channel"},
	        {"operation", "operation"},
	        {"operationTrait", "operation"},
	        {"operationBindings", "operation"},
	        {"message", "message"},
	        {"messageTrait", "message"},
	        {"messageBindings", "message"},
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(name, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/*
 * Points every {"$ref": "#/definitions/bindingsObject"} under n at the
 * grafted bindings object of its kind. Returns 0 or -1 (out of memory).
 */
static int
retarget_bindings(cJSON *n, const char *kind, int depth)
{
	char ref[80];
	cJSON *c;
	const char *k;

	if (depth > 200 || (!cJSON_IsObject(n) && !cJSON_IsArray(n)))
		return 0;
	for (c = n->child; c != NULL; c = c->next) {
		k = cJSON_IsObject(n) ? binding_kind(c->string) : NULL;
		if (retarget_bindings(c, k != NULL ? k : kind, depth + 1) != 0)
			return -1;
	}
	c = cJSON_GetObjectItemCaseSensitive(n, "$ref");
	if (kind != NULL && cJSON_IsString(c) &&
	    strcmp(c->valuestring, "#/definitions/bindingsObject") == 0) {
		snprintf(ref, sizeof(ref),
		         "#/definitions/asyncdoc-%sBindingsObject", kind);
		return set_ref(n, ref);
	}
	return 0;
}

/*
 * Drops the "if no bindingVersion, the latest" branch of a protocol's
 * allOf: {"if": {"not": {"required": ["bindingVersion"]}}, ...}.
 */
static void
drop_latest_default(cJSON *proto)
{
	cJSON *all = cJSON_GetObjectItemCaseSensitive(proto, "allOf");
	cJSON *br, *next;

	if (!cJSON_IsArray(all))
		return;
	for (br = all->child; br != NULL; br = next) {
		next = br->next;
		if (cJSON_GetObjectItemCaseSensitive(
		            cJSON_GetObjectItemCaseSensitive(br, "if"),
		            "not") != NULL)
			cJSON_Delete(cJSON_DetachItemViaPointer(all, br));
	}
}

/*
 * The v2 bundles accept any bindings ("bindingsObject" lists the protocols
 * with empty schemas). The v3 bundle carries the binding schemas the
 * package ships, chosen by bindingVersion (if/then, latest when absent):
 * graft them into a v2 bundle, one bindings object per kind, keeping v2's
 * leniency where v3 has no schema: unknown protocols pass (they are
 * additionalProperties there) and so do binding versions the package lacks
 * (the enum of bindingVersion goes; no "if" then matches). A v2 binding
 * without bindingVersion is not checked: it meant the latest version of
 * its day (the official 2.x examples use http 0.1.0's "type", amqp
 * 0.1.0's "replyTo", kafka 0.1.0's string "clientId"...). Their $refs
 * (schema, Reference, specificationExtension, avroSchema_v1) exist in
 * every v2 bundle. Returns 0, or -1 when out of memory or when v3 is not
 * shaped as expected.
 */
static int
graft_v2_bindings(cJSON *tree, const cJSON *v3)
{
	static const char *const kinds[] = {"server", "channel", "operation",
	                                    "message"};
	cJSON *defs = cJSON_GetObjectItemCaseSensitive(tree, "definitions");
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(v3, "definitions");
	const cJSON *d;
	cJSON *copy, *props, *p, *bv, *t;
	char name[64];
	size_t k;

	if (!cJSON_IsObject(defs) || !cJSON_IsObject(src))
		return -1;
	for (d = src->child; d != NULL; d = d->next) {
		if (strncmp(d->string, "bindings-", 9) != 0 ||
		    cJSON_GetObjectItemCaseSensitive(defs, d->string) != NULL)
			continue;
		copy = cJSON_Duplicate(d, 1);
		if (copy == NULL)
			return -1;
		cJSON_AddItemToObject(defs, d->string, copy);
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(name, sizeof(name), "%sBindingsObject", kinds[k]);
		d = cJSON_GetObjectItemCaseSensitive(src, name);
		props = cJSON_GetObjectItemCaseSensitive(d, "properties");
		if (!cJSON_IsObject(props))
			return -1;
		copy = cJSON_CreateObject();
		if (copy == NULL)
			return -1;
		snprintf(name, sizeof(name), "asyncdoc-%sBindingsObject",
		         kinds[k]);
		cJSON_AddItemToObject(defs, name, copy);
		props = cJSON_Duplicate(props, 1);
		if (props == NULL)
			return -1;
		cJSON_AddItemToObject(copy, "properties", props);
		for (p = props->child; p != NULL; p = p->next) {
			bv = cJSON_GetObjectItemCaseSensitive(
			        cJSON_GetObjectItemCaseSensitive(p,
			                                         "properties"),
			        "bindingVersion");
			if (bv != NULL)
				cJSON_DeleteItemFromObjectCaseSensitive(bv,
				                                        "enum");
			drop_latest_default(p);
		}
	}
	for (t = defs->child; t != NULL; t = t->next)
		if (strncmp(t->string, "bindings-", 9) != 0 &&
		    strncmp(t->string, "asyncdoc-", 9) != 0 &&
		    retarget_bindings(t, binding_kind(t->string), 0) != 0)
			return -1;
	return 0;
}

/* ---- the bundle cache ---- */

static int
bundle_index(const char *version)
{
	size_t i;

	for (i = 0; i < schemas_count; i++)
		if (strcmp(schemas_bundles[i].version, version) == 0)
			return (int)i;
	return -1;
}

/* Index of the newest 3.x bundle (the binding schemas), or -1. */
static int
newest_v3(void)
{
	size_t i;

	for (i = schemas_count; i > 0; i--)
		if (schemas_bundles[i - 1].version[0] == '3')
			return (int)(i - 1);
	return -1;
}

/* Parses bundle i's raw tree once. Under cache_lock. NULL on failure. */
static cJSON *
bundle_raw(size_t i)
{
	struct bundle *b = &cache[i];

	if (b->raw == NULL && b->state == 0)
		b->raw = cJSON_ParseWithLength(schemas_bundles[i].json,
		                               schemas_bundles[i].len);
	return b->raw;
}

/*
 * Makes bundle i ready: raw tree, and the patched copy for the resolved
 * pass (v3: Reference-only places; v2: binding schemas grafted; both:
 * Reference branches dropped). Under cache_lock. Returns 0 or -1.
 */
static int
bundle_ready(size_t i)
{
	struct bundle *b = &cache[i];
	const cJSON *v3;
	int n3;

	if (b->state != 0)
		return b->state == 1 ? 0 : -1;
	if (bundle_raw(i) == NULL)
		goto fail;
	b->patched = cJSON_Duplicate(b->raw, 1);
	if (b->patched == NULL)
		goto fail;
	if (schemas_bundles[i].version[0] == '3') {
		if (patch_v3(b->patched) != 0)
			goto fail;
	} else {
		n3 = newest_v3();
		v3 = n3 >= 0 ? bundle_raw((size_t)n3) : NULL;
		if (v3 == NULL || graft_v2_bindings(b->patched, v3) != 0)
			goto fail;
	}
	if (drop_reference_branches(b->patched, 0) != 0)
		goto fail;
	b->state = 1;
	return 0;
fail:
	cJSON_Delete(b->patched);
	b->patched = NULL;
	b->state = -1;
	return -1;
}

/*
 * The compiled validator of bundle i for pass and no_format, compiled on
 * first use. NULL when out of memory or when the bundle is unusable.
 */
static struct jsonschema *
get_validator(size_t i, int pass, int no_format)
{
	struct jsonschema_opts jo = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = NULL;
	struct bundle *b;

	pthread_mutex_lock(&cache_lock);
	if (cache == NULL) {
		cache = calloc(schemas_count, sizeof(*cache));
		if (cache == NULL)
			goto out;
	}
	b = &cache[i];
	if (bundle_ready(i) != 0)
		goto out;
	js = b->js[pass][no_format];
	if (js != NULL)
		goto out;
	jo.no_format = no_format;
	/* The official bundles compile cleanly: no diagnostics wanted. */
	if (jsonschema_new(&js, pass == PASS_RESOLVED ? b->patched : b->raw,
	                   &jo, NULL) == 0)
		b->js[pass][no_format] = js;
out:
	pthread_mutex_unlock(&cache_lock);
	return js;
}

/* ---- positions and reporting ---- */

struct vstate {
	struct diag_list *diags;
	struct loader_doc *doc;
	const char *version;
	int errors; /* error diagnostics added */
	int oom;
};

/* File path of a position, or the root file's. */
static const char *
pos_file(const struct vstate *st, const struct srcpos *p)
{
	if (p != NULL)
		return srcmap_file_path(loader_srcmap(st->doc), p->file);
	return loader_file_count(st->doc) > 0 ? loader_file_path(st->doc, 0)
	                                      : NULL;
}

/*
 * Where to point for a node: the member's key for an object or array
 * that is a member value (its value position would be the first line of
 * its content, which names another member) or when key is 1; else the
 * value.
 */
static void
node_where(const struct vstate *st, const cJSON *n, int key, const char **file,
           uint32_t *line, uint32_t *col)
{
	const struct srcpos *p = n != NULL ? loader_pos(st->doc, n) : NULL;

	*file = pos_file(st, p);
	*line = 0;
	*col = 0;
	if (p == NULL)
		return;
	if (p->key_line != 0 &&
	    (key || cJSON_IsObject(n) || cJSON_IsArray(n))) {
		*line = p->key_line;
		*col = p->key_col;
	} else {
		*line = p->line;
		*col = p->col;
	}
}

/* Text of a chain of instance refs, outermost first. NULL if none. */
static char *
refs_text(struct vstate *st, const cJSON *const *refs, size_t n)
{
	struct loader_via *via;
	char *text;
	size_t i;

	if (n == 0 || refs == NULL)
		return NULL;
	via = calloc(n, sizeof(*via));
	if (via == NULL) {
		st->oom = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		via[i].ref = refs[i];
		via[i].prev = i > 0 ? &via[i - 1] : NULL;
	}
	text = loader_via_text(st->doc, &via[n - 1]);
	if (text == NULL)
		st->oom = 1;
	free(via);
	return text;
}

/* Appends an error; on failure marks st->oom. Returns 0 or -1. */
static int
add_error(struct vstate *st, const char *file, uint32_t line, uint32_t col,
          const char *rule, const char *msg, const char *via, const char *hint)
{
	if (diag_add(st->diags, DIAG_ERROR, file, line, col, rule, "%s", msg) !=
	            0 ||
	    (via != NULL && diag_set_via(st->diags, via) != 0) ||
	    (hint != NULL && diag_set_hint(st->diags, "%s", hint) != 0)) {
		st->oom = 1;
		return -1;
	}
	st->errors++;
	return 0;
}

/*
 * Splits a trailing " (did you mean 'x'?)" off msg (in place) and returns
 * the hint text "did you mean 'x'?" in it, or NULL.
 */
static char *
split_suggestion(char *msg)
{
	static const char tag[] = " (did you mean '";
	char *p = NULL, *q = msg;
	size_t len;

	while ((q = strstr(q, tag)) != NULL) {
		p = q;
		q += sizeof(tag) - 1;
	}
	if (p == NULL)
		return NULL;
	len = strlen(p);
	if (len < sizeof(tag) + 3 || strcmp(p + len - 3, "'?)") != 0)
		return NULL;
	*p = '\0';
	p += 2;                  /* "did you mean 'x'?)" */
	p[strlen(p) - 1] = '\0'; /* drop ")" */
	return p;
}

/*
 * "unexpected property 'x' (allowed: a, b)", x the member's name (which
 * may hold anything, parentheses too): moves the parenthesis to the hint.
 * Returns the hint (inside msg) or NULL.
 */
static char *
split_paren(char *msg, const char *name)
{
	static const char pre[] = "unexpected property '";
	size_t len = strlen(msg), at;

	if (name == NULL || strncmp(msg, pre, sizeof(pre) - 1) != 0)
		return NULL;
	at = sizeof(pre) - 1 + strlen(name);
	if (len < at + 4 || strncmp(msg + at, "' (", 3) != 0 ||
	    msg[len - 1] != ')')
		return NULL;
	msg[at + 1] = '\0';
	msg[len - 1] = '\0';
	return msg + at + 3;
}

/*
 * The closest-branch note when it tells the reader something: it names a
 * definition ("the 'server' branch"), not a branch number.
 */
static const char *
useful_note(const char *note)
{
	if (note == NULL || strstr(note, "branch #") != NULL ||
	    strstr(note, "): #") != NULL)
		return NULL;
	return note;
}

/* Decodes the JSON Pointer token at p (up to '/' or end) into buf. */
static void
ptr_token(char *buf, size_t size, const char *p)
{
	size_t n = 0;

	for (; *p != '\0' && *p != '/' && n + 1 < size; p++) {
		if (p[0] == '~' && (p[1] == '0' || p[1] == '1'))
			buf[n++] = *++p == '0' ? '~' : '/';
		else
			buf[n++] = *p;
	}
	buf[n] = '\0';
}

/*
 * What a "must ..." message is about, from the instance path: "'host'"
 * for a member, "'tags[2]'" for an item, "the document" for the root.
 */
static void
subject(char *buf, size_t size, const char *path)
{
	const char *last = strrchr(path, '/'), *prev;
	char key[96], up[96];

	if (last == NULL) {
		snprintf(buf, size, "the document");
		return;
	}
	ptr_token(key, sizeof(key), last + 1);
	if (key[0] == '\0' || !isdigit((unsigned char)key[0]) || last == path) {
		snprintf(buf, size, "'%s'", key);
		return;
	}
	/* an index, or a member named like one: say both when we can */
	for (prev = last - 1; prev > path && *prev != '/'; prev--)
		;
	ptr_token(up, sizeof(up), prev + 1);
	snprintf(buf, size, "'%s[%s]'", up, key);
}

/*
 * For a member a 3.x object does not allow but its 2.x form did (where is
 * the schema path of the error): how 3.x says it. NULL otherwise.
 */
static const char *
migration_hint(const char *name, const char *where)
{
	static const char *const map[][3] = {
	        {"url", "/definitions/server/",
	         "AsyncAPI 3 splits a server's url into 'host' and "
	         "'pathname' (the scheme goes to 'protocol')"},
	        {"publish", "/definitions/channel/",
	         "AsyncAPI 3 moved operations out of channels: add one "
	         "under 'operations' with action 'receive' and a channel "
	         "$ref"},
	        {"subscribe", "/definitions/channel/",
	         "AsyncAPI 3 moved operations out of channels: add one "
	         "under 'operations' with action 'send' and a channel $ref"},
	};
	size_t i;

	for (i = 0;
	     name != NULL && where != NULL && i < sizeof(map) / sizeof(map[0]);
	     i++)
		if (strcmp(name, map[i][0]) == 0 &&
		    strstr(where, map[i][1]) != NULL)
			return map[i][2];
	return NULL;
}

/* One error of the resolved pass as a diagnostic. */
static int
report(struct vstate *st, const struct jsonschema_error *e)
{
	const char *file, *note = useful_note(e->note), *name;
	uint32_t line, col;
	char *msg = NULL, *via = NULL, *full, what[200];
	const char *hint;
	int rc = -1;

	node_where(st, e->instance, e->on_key, &file, &line, &col);
	msg = strdup(e->message != NULL ? e->message : "invalid value");
	if (msg == NULL)
		goto oom;
	if (strncmp(msg, "must ", 5) == 0 ||
	    strncmp(msg, "did not match", 13) == 0) {
		if (e->instance != NULL && e->instance->string != NULL)
			/* its own name: the key the position shows */
			snprintf(what, sizeof(what), "'%.96s'",
			         e->instance->string);
		else
			subject(what, sizeof(what), e->instance_path);
		full = malloc(strlen(what) + strlen(msg) + 2);
		if (full == NULL)
			goto oom;
		sprintf(full, "%s %s", what, msg);
		free(msg);
		msg = full;
	}
	/* the likely fix first; which branch was closest says less */
	hint = split_suggestion(msg);
	if (hint == NULL) {
		name = e->on_key && e->instance != NULL ? e->instance->string
		                                        : NULL;
		hint = split_paren(msg, name);
		if (st->version[0] == '3' &&
		    migration_hint(name, e->schema_path) != NULL)
			hint = migration_hint(name, e->schema_path);
	}
	if (hint == NULL)
		hint = note;
	via = refs_text(st, e->refs, e->nrefs);
	if (st->oom)
		goto out;
	rc = add_error(st, file, line, col, e->rule, msg, via, hint);
	goto out;
oom:
	st->oom = 1;
out:
	free(via);
	free(msg);
	return rc;
}

/* 1 when two errors say the same thing about the same place. */
static int
same_error(const struct jsonschema_error *a, const struct jsonschema_error *b)
{
	return a->instance == b->instance && a->on_key == b->on_key &&
	       strcmp(a->rule, b->rule) == 0 &&
	       strcmp(a->message ? a->message : "",
	              b->message ? b->message : "") == 0;
}

/* 1 for an error about a "$ref" member (a ref object where none fits). */
static int
about_ref_member(const struct jsonschema_error *e)
{
	return e->on_key && e->instance != NULL &&
	       e->instance->string != NULL &&
	       strcmp(e->instance->string, "$ref") == 0 &&
	       strcmp(e->keyword, "additionalProperties") == 0;
}

/* The node at JSON Pointer ptr (refs not followed), or NULL. */
static const cJSON *
walk_pointer(const cJSON *n, const char *ptr, size_t len)
{
	char tok[1024];
	size_t i = 0, t;
	const cJSON *c;
	char *end;
	unsigned long idx;

	while (n != NULL && i < len) {
		if (ptr[i] != '/')
			return NULL;
		i++;
		for (t = 0; i < len && ptr[i] != '/'; i++) {
			char ch = ptr[i];

			if (ch == '~' && i + 1 < len &&
			    (ptr[i + 1] == '0' || ptr[i + 1] == '1'))
				ch = ptr[++i] == '0' ? '~' : '/';
			if (t + 1 >= sizeof(tok))
				return NULL;
			tok[t++] = ch;
		}
		tok[t] = '\0';
		if (cJSON_IsArray(n)) {
			if (t == 0 || !isdigit((unsigned char)tok[0]))
				return NULL;
			errno = 0;
			idx = strtoul(tok, &end, 10);
			if (*end != '\0' || errno != 0)
				return NULL;
			for (c = n->child; c != NULL && idx > 0; c = c->next)
				idx--;
			n = c;
		} else if (cJSON_IsObject(n)) {
			n = node_get(n, tok);
		} else {
			return NULL;
		}
	}
	return n;
}

/* One "$ref not allowed" error of the raw pass as a diagnostic. */
static int
report_ref(struct vstate *st, const cJSON *root,
           const struct jsonschema_error *e)
{
	const char *path = e->instance_path, *slash;
	const cJSON *obj;
	const char *file;
	uint32_t line, col;
	char msg[160], hint[200];

	slash = strrchr(path, '/');
	obj = slash != NULL ? walk_pointer(root, path, (size_t)(slash - path))
	                    : NULL;
	if (obj != NULL && loader_pos(st->doc, obj) != NULL)
		node_where(st, obj, 1, &file, &line, &col);
	else
		node_where(st, e->instance, 1, &file, &line, &col);
	snprintf(msg, sizeof(msg),
	         "a $ref is not allowed here: AsyncAPI %s wants the object "
	         "itself",
	         st->version);
	snprintf(hint, sizeof(hint),
	         "write the referenced object in place of the $ref");
	return add_error(st, file, line, col, "schema-ref-not-allowed", msg,
	                 NULL, hint);
}

/* ---- the "asyncapi" version ---- */

/* "2.0.0, 2.1.0, ... and 3.1.0" into buf. */
static void
versions_text(char *buf, size_t size)
{
	size_t i, used = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < schemas_count; i++) {
		n = snprintf(buf + used, size - used, "%s%s",
		             i == 0                  ? ""
		             : i + 1 < schemas_count ? ", "
		                                     : " and ",
		             schemas_bundles[i].version);
		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
}

/*
 * The supported version a wrong one was probably meant to be: "2.6" or
 * "2.6.1" -> "2.6.0", "3" -> "3.0.0". NULL when none is close.
 */
static const char *
close_version(const char *s)
{
	char want[32];
	unsigned long major, minor = 0;
	char *end;
	int i;

	if (!isdigit((unsigned char)*s))
		return NULL;
	errno = 0;
	major = strtoul(s, &end, 10);
	if (errno != 0 || major > 99)
		return NULL;
	if (*end == '.') {
		if (!isdigit((unsigned char)end[1]))
			return NULL;
		minor = strtoul(end + 1, &end, 10);
		if (errno != 0 || minor > 99)
			return NULL;
	}
	snprintf(want, sizeof(want), "%lu.%lu.0", major, minor);
	i = bundle_index(want);
	return i >= 0 ? schemas_bundles[i].version : NULL;
}

/*
 * Checks the "asyncapi" member of root. Returns the bundle index, -2 when
 * the version is wrong (one error added), -1 when out of memory.
 */
static int
check_version(struct vstate *st, const cJSON *root)
{
	const cJSON *v = node_get(root, "asyncapi");
	char supported[256], msg[512], hint[256], buf[32];
	const char *file, *text, *close;
	uint32_t line, col;
	int i;

	versions_text(supported, sizeof(supported));
	hint[0] = '\0';
	if (!cJSON_IsObject(root)) {
		node_where(st, root, 0, &file, &line, &col);
		snprintf(msg, sizeof(msg),
		         "not an AsyncAPI document: the top level is %s, not a "
		         "mapping with an 'asyncapi' version",
		         cJSON_IsArray(root)    ? "a list"
		         : cJSON_IsString(root) ? "a string"
		                                : "a scalar");
		return add_error(st, file, line, col, "asyncapi-version", msg,
		                 NULL, NULL) == 0
		               ? -2
		               : -1;
	}
	if (v == NULL) {
		node_where(st, root, 0, &file, &line, &col);
		if (node_get(root, "openapi") != NULL ||
		    node_get(root, "swagger") != NULL) {
			snprintf(msg, sizeof(msg),
			         "this is an OpenAPI document, not an AsyncAPI "
			         "one (supported AsyncAPI versions: %s)",
			         supported);
		} else {
			snprintf(msg, sizeof(msg),
			         "missing 'asyncapi' version: not an AsyncAPI "
			         "document (supported versions: %s)",
			         supported);
			snprintf(hint, sizeof(hint),
			         "start the document with \"asyncapi: %s\" (or "
			         "the version it follows)",
			         schemas_bundles[schemas_count - 1].version);
		}
		return add_error(st, file, line, col, "asyncapi-version", msg,
		                 NULL, hint[0] ? hint : NULL) == 0
		               ? -2
		               : -1;
	}
	if (cJSON_IsString(v)) {
		i = bundle_index(v->valuestring);
		if (i >= 0)
			return i;
		text = v->valuestring;
		snprintf(msg, sizeof(msg),
		         "unsupported AsyncAPI version '%.40s': supported "
		         "versions are %s",
		         text, supported);
		close = close_version(text);
		if (close != NULL)
			snprintf(hint, sizeof(hint), "did you mean '%s'?",
			         close);
		else if (text[0] == '1' && text[1] == '.')
			snprintf(hint, sizeof(hint),
			         "AsyncAPI 1.x documents must be converted to "
			         "2.x or 3.x first");
	} else if (cJSON_IsNumber(v)) {
		text = node_text(v, buf, sizeof(buf));
		snprintf(msg, sizeof(msg),
		         "the AsyncAPI version must be a string such as '%s', "
		         "got the number %.40s (supported versions: %s)",
		         schemas_bundles[schemas_count - 1].version,
		         text != NULL ? text : "?", supported);
		close = text != NULL ? close_version(text) : NULL;
		snprintf(hint, sizeof(hint),
		         "write the full version in quotes: asyncapi: '%s'",
		         close != NULL
		                 ? close
		                 : schemas_bundles[schemas_count - 1].version);
	} else {
		snprintf(msg, sizeof(msg),
		         "the AsyncAPI version must be a string such as '%s' "
		         "(supported versions: %s)",
		         schemas_bundles[schemas_count - 1].version, supported);
	}
	node_where(st, v, 0, &file, &line, &col);
	return add_error(st, file, line, col, "asyncapi-version", msg, NULL,
	                 hint[0] ? hint : NULL) == 0
	               ? -2
	               : -1;
}

/* ---- the passes ---- */

/*
 * The loader_is_ref() test first: it is cheap, and loader_deref() without
 * via_out must not reach its end (it stores through via_out there).
 */
static const cJSON *
deref_cb(void *ctx, const cJSON *node)
{
	const cJSON *t;

	if (!loader_is_ref(node))
		return node;
	t = loader_deref(NULL, ctx, node, NULL);
	/* a broken ref of a partial document (see loader_opts.partial) */
	if (t != NULL && loader_is_ref(t) && loader_ref_target(ctx, t) == NULL)
		return jsonschema_unknown();
	return t;
}

/*
 * Payloads and headers of equal content in the root file: node -> the
 * first of its content, for jsonschema_call.canon (both passes then check
 * a payload written inline in many messages once, #18). They are compared
 * as data (treehash without the loader's table): the refs of one file with
 * the same text lead to the same targets, so they compare alike resolved
 * too. Only those with an equal are in the map.
 */
#define CANON_DEPTH 64

static int canon_on = 1;

void
validate_set_canon(int on)
{
	canon_on = on;
}

static int
is_canon_key(const char *k)
{
	return k != NULL &&
	       (strcmp(k, "payload") == 0 || strcmp(k, "headers") == 0);
}

static int
canon_walk(struct hmap *canon, struct hmap *byhash, const cJSON *n, int depth)
{
	const struct treehash_opts o = {0};
	const cJSON *el, *first;
	uint64_t h;

	for (el = n->child; el != NULL; el = el->next) {
		/* reads the trees only: it runs beside model_new() */
		if (cJSON_IsObject(n) && is_canon_key(el->string) &&
		    cJSON_IsObject(el) && el->child != NULL) {
			h = treehash_hash(&o, el);
			first = hmap_get_ptr(byhash, hmap_hash_key(h));
			if (first == NULL) {
				if (hmap_put_ptr(byhash, hmap_hash_key(h),
				                 (void *)el) < 0)
					return -1;
			} else if (treehash_equal(&o, first, el) &&
			           (hmap_put_ptr(canon, first, (void *)first) <
			                    0 ||
			            hmap_put_ptr(canon, el, (void *)first) <
			                    0)) {
				return -1;
			}
			continue;
		}
		/* a message's examples are data: none of them a schema */
		if (depth < CANON_DEPTH &&
		    (cJSON_IsObject(el) || cJSON_IsArray(el)) &&
		    !(cJSON_IsObject(n) && el->string != NULL &&
		      strcmp(el->string, "examples") == 0) &&
		    canon_walk(canon, byhash, el, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* The map of the root's equal payloads into *canon (empty on failure). */
static void
canon_build(struct hmap *canon, const cJSON *root)
{
	struct hmap byhash = HMAP_INIT;

	if (canon_on && (cJSON_IsObject(root) || cJSON_IsArray(root)) &&
	    canon_walk(canon, &byhash, root, 0) < 0)
		hmap_free(canon); /* out of memory: checked the long way */
	hmap_free(&byhash);
}

static const cJSON *
canon_cb(void *ctx, const cJSON *n)
{
	return hmap_get_ptr(ctx, n);
}

/* validate_raw_new()'s walk. */
struct validate_raw {
	int bundle; /* the bundle walked with, -1 for none */
	int no_format;
	struct jsonschema_result *r;
	struct hmap canon; /* canon_build() of the root */
};

int
validate_raw_new(struct validate_raw **out, const struct loader_doc *doc,
                 const struct validate_opts *opts)
{
	const cJSON *root = loader_root(doc), *v;
	const struct jsonschema *js;
	struct validate_raw *raw;
	int i;

	*out = NULL;
	raw = calloc(1, sizeof(*raw));
	if (raw == NULL)
		return -1;
	raw->bundle = -1;
	raw->no_format = opts != NULL && opts->no_formats ? 1 : 0;
	canon_build(&raw->canon, root);
	/* check_version()'s bundle; anything else is its to report */
	v = cJSON_IsObject(root) ? node_get(root, "asyncapi") : NULL;
	i = cJSON_IsString(v) ? bundle_index(v->valuestring) : -1;
	if (i >= 0 &&
	    (js = get_validator((size_t)i, PASS_RAW, raw->no_format)) != NULL) {
		const struct jsonschema_call call = {.canon = canon_cb,
		                                     .canon_ctx = &raw->canon};

		if (jsonschema_validate_call(&raw->r, js, root, NULL, &call) ==
		    0)
			raw->bundle = i;
		else
			jsonschema_result_free(raw->r);
	}
	if (raw->bundle < 0)
		raw->r = NULL;
	*out = raw;
	return 0;
}

void
validate_raw_free(struct validate_raw *raw)
{
	if (raw == NULL)
		return;
	jsonschema_result_free(raw->r);
	hmap_free(&raw->canon);
	free(raw);
}

/*
 * Runs one pass; returns 0, or -1 when out of memory. The raw pass's walk
 * is taken from raw when it was made for the same bundle and options.
 */
static int
run_pass(struct vstate *st, const struct jsonschema *js, const cJSON *root,
         int pass, int bundle, int no_format, struct validate_raw *raw,
         struct hmap *canon)
{
	struct jsonschema_call call = {.canon = canon_cb, .canon_ctx = canon};
	struct jsonschema_result *r = NULL;
	const struct jsonschema_error *e, *p;
	size_t i, j, n;
	int rc = -1;

	if (pass == PASS_RAW && raw != NULL && raw->bundle == bundle &&
	    raw->no_format == no_format && raw->r != NULL) {
		r = raw->r;
		raw->r = NULL;
		rc = 0;
	} else if (pass == PASS_RAW) {
		rc = jsonschema_validate_call(&r, js, root, NULL, &call);
	} else {
		call.deref = deref_cb;
		call.deref_ctx = st->doc;
		/* each component checked once, not once per ref to it too */
		call.acyclic = !loader_has_circular(st->doc);
		rc = jsonschema_validate_call(&r, js, root, NULL, &call);
	}
	if (rc != 0)
		goto out;
	n = jsonschema_result_count(r);
	for (i = 0; i < n && !st->oom; i++) {
		e = jsonschema_result_error(r, i);
		if (pass == PASS_RAW) {
			if (about_ref_member(e))
				report_ref(st, root, e);
			continue;
		}
		if (about_ref_member(e))
			continue;
		for (j = 0; j < i; j++) {
			p = jsonschema_result_error(r, j);
			if (same_error(p, e))
				break;
		}
		if (j == i)
			report(st, e);
	}
	if (pass == PASS_RESOLVED && jsonschema_result_truncated(r) &&
	    jsonschema_result_count(r) >= JSONSCHEMA_DEFAULT_MAX_ERRORS) {
		const char *file = pos_file(st, NULL);

		if (diag_add(st->diags, DIAG_WARNING, file, 0, 0,
		             "schema-too-many-errors",
		             "stopped after %zu schema errors", n) != 0)
			st->oom = 1;
	}
	rc = st->oom ? -1 : 0;
out:
	jsonschema_result_free(r);
	return rc;
}

int
validate_prepare(const char *version, const struct validate_opts *opts)
{
	int i = bundle_index(version);
	int pass, no_format = opts != NULL && opts->no_formats ? 1 : 0;

	if (i < 0)
		return -1;
	for (pass = PASS_RESOLVED; pass <= PASS_RAW; pass++)
		if (get_validator((size_t)i, pass, no_format) == NULL)
			return -1;
	return 0;
}

int
validate_schema(size_t *out, struct loader_doc *doc,
                const struct validate_opts *opts, struct diag_list *diags)
{
	return validate_schema_raw(out, doc, opts, NULL, diags);
}

int
validate_schema_raw(size_t *out, struct loader_doc *doc,
                    const struct validate_opts *opts, struct validate_raw *raw,
                    struct diag_list *diags)
{
	struct vstate st = {diags, doc, NULL, 0, 0};
	const struct jsonschema *js[2];
	const cJSON *root = loader_root(doc);
	struct hmap own = HMAP_INIT, *canon = &own;
	int i, pass, no_format = opts != NULL && opts->no_formats ? 1 : 0;

	*out = 0;
	i = check_version(&st, root);
	if (i == -2) {
		*out = (size_t)st.errors;
		return 0;
	}
	if (i < 0)
		goto oom;
	st.version = schemas_bundles[i].version;
	for (pass = PASS_RESOLVED; pass <= PASS_RAW; pass++) {
		js[pass] = get_validator((size_t)i, pass, no_format);
		if (js[pass] == NULL) {
			if (diag_add(diags, DIAG_ERROR, pos_file(&st, NULL), 0,
			             0, "schema-internal",
			             "the AsyncAPI %s schema could not be "
			             "loaded (out of memory?)",
			             st.version) == 0)
				return -1;
			goto oom;
		}
	}
	/* the early walk's map, made from the same root */
	if (raw != NULL)
		canon = &raw->canon;
	else
		canon_build(&own, root);
	for (pass = PASS_RESOLVED; pass <= PASS_RAW; pass++)
		if (run_pass(&st, js[pass], root, pass, i, no_format, raw,
		             canon) != 0)
			goto oom;
	hmap_free(&own);
	*out = (size_t)st.errors;
	return 0;
oom:
	hmap_free(&own);
	return diag_oom(diags, "validating against the schema");
}
