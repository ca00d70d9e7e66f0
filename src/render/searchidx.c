/*
 * searchidx: the search index script (see searchidx.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/hmap.h"
#include "load/loader.h"
#include "model/model.h"
#include "util/node.h"
#include "render/pages.h"
#include "render/searchidx.h"
#include "util/strbuf.h"

/* ------------------------------------------------------------ JS strings */

/*
 * Decodes one UTF-8 character of s[0..n) into *cp; returns its length, or
 * 1 with *cp U+FFFD for an invalid, overlong, surrogate or cut sequence.
 */
static size_t
utf8_next(uint32_t *cp, const unsigned char *s, size_t n)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

/*
 * Appends s[0..n) as a double-quoted JS/JSON string of printable ASCII:
 * \" \\ \n \t kept short, everything else outside 0x20-0x7e and the
 * HTML-significant < > & ' as \uXXXX (surrogate pairs above U+FFFF).
 */
static void
put_js_string(struct strbuf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;
	uint32_t cp;

	strbuf_putc(b, '"');
	while (i < n) {
		/* Copy runs of harmless ASCII at once. */
		for (run = i;
		     run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		     p[run] != '"' && p[run] != '\\' && p[run] != '<' &&
		     p[run] != '>' && p[run] != '&' && p[run] != '\'';
		     run++)
			;
		strbuf_putn(b, s + i, run - i);
		if (run >= n)
			break;
		i = run;
		i += utf8_next(&cp, p + i, n - i);
		if (cp == '"')
			strbuf_puts(b, "\\\"");
		else if (cp == '\\')
			strbuf_puts(b, "\\\\");
		else if (cp == '\n')
			strbuf_puts(b, "\\n");
		else if (cp == '\t')
			strbuf_puts(b, "\\t");
		else if (cp >= 0x10000)
			strbuf_printf(
			        b, "\\u%04x\\u%04x",
			        (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
			        (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
		else
			strbuf_printf(b, "\\u%04x", (unsigned)cp);
	}
	strbuf_putc(b, '"');
}

static void
put_js_cstring(struct strbuf *b, const char *s)
{
	put_js_string(b, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

/* ------------------------------------------------------------ plain text */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* 1 for a byte put_plain() copies as it is inside a line. */
static int
plain_byte(unsigned char c, int markdown)
{
	return c >= 0x20 && c != 0x7f && c != ' ' &&
	       !(markdown && (c == '*' || c == '`'));
}

/*
 * Appends text as one line of plain text: runs of white space (and
 * control characters) become one space, leading and trailing space goes;
 * with markdown, emphasis and code marks (* `) and the # and > that open
 * a line are dropped. At most max bytes of text are taken, cut on a UTF-8
 * character boundary and then marked with "...". With para, only the
 * first paragraph (up to a blank line) is taken.
 */
static void
put_plain(struct strbuf *t, const char *s, size_t max, int markdown, int para)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = t->len, taken = 0, i, n;
	int space = 0, line_start = 1, newlines = 0;

	if (s == NULL)
		return;
	for (i = 0; p[i] != '\0'; i++) {
		unsigned char c = p[i];

		if (c == '\n') {
			newlines++;
			if (para && newlines >= 2 && t->len > start)
				break;
			line_start = 1;
			space = 1;
			continue;
		}
		if (is_space(c) || c < 0x20 || c == 0x7f) {
			space = 1;
			continue;
		}
		newlines = 0;
		if (markdown && (c == '*' || c == '`' ||
		                 (line_start && (c == '#' || c == '>'))))
			continue;
		line_start = 0;
		if (taken >= max) {
			/* Cut inside a character: drop its first bytes too. */
			if ((c & 0xc0) == 0x80) {
				while (t->len > start &&
				       ((unsigned char)t->p[t->len - 1] &
				        0xc0) == 0x80)
					t->len--;
				if (t->len > start)
					t->len--;
				if (t->p != NULL)
					t->p[t->len] = '\0';
			}
			strbuf_puts(t, "...");
			return;
		}
		if (space && t->len > start) {
			strbuf_putc(t, ' ');
			taken++;
		}
		space = 0;
		/*
		 * The run of bytes from here that need none of the above,
		 * in one copy (a call per byte was most of the index's
		 * cost, #18).
		 */
		n = 1;
		while (taken + n < max && plain_byte(p[i + n], markdown))
			n++;
		strbuf_putn(t, s + i, n);
		taken += n;
		i += n - 1;
	}
}

/* ------------------------------------------------------------ entries */

/* One entry being made: its terms and what they hold already. */
struct entry {
	struct searchidx *w;
	const struct model *m;
	struct strbuf summary, terms;
	struct hmap seen;  /* pieces added (string keys, borrowed) */
	struct hmap nodes; /* schema nodes walked (address keys) */
	size_t budget;     /* schema nodes left to walk */
	int no_terms;      /* the index's terms budget is spent */
	int oom;
};

/* The buffers and maps are kept from entry to entry (entry_reset). */
static void
entry_init(struct entry *e, struct searchidx *w, const struct model *m)
{
	memset(e, 0, sizeof(*e));
	e->w = w;
	e->m = m;
}

static void
strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

/* Empties e for the next object. */
static void
entry_reset(struct entry *e)
{
	strbuf_reset(&e->summary);
	strbuf_reset(&e->terms);
	hmap_clear(&e->seen);
	hmap_clear(&e->nodes);
	e->budget = SEARCHIDX_SCHEMA_NODES;
	e->no_terms = e->w->terms_total >= e->w->total_max;
}

static void
entry_free(struct entry *e)
{
	strbuf_free(&e->summary);
	strbuf_free(&e->terms);
	hmap_free(&e->seen);
	hmap_free(&e->nodes);
}

/* 1 when the entry's terms can take no more. */
static int
terms_full(const struct entry *e)
{
	return e->no_terms || e->terms.len >= SEARCHIDX_TERMS_MAX;
}

/*
 * Adds a piece of text to the terms, at most max bytes of it, once per
 * entry (s must outlive the entry: text borrowed from the model).
 */
static void
add_text(struct entry *e, const char *s, size_t max, int markdown)
{
	size_t room, before;
	int r;

	if (s == NULL || *s == '\0' || terms_full(e))
		return;
	r = hmap_add_str(&e->seen, s, NULL);
	if (r < 0) {
		e->oom = 1;
		return;
	}
	if (r == 0)
		return;
	room = SEARCHIDX_TERMS_MAX - e->terms.len;
	if (room > max)
		room = max;
	before = e->terms.len;
	if (before > 0)
		strbuf_putc(&e->terms, ' ');
	put_plain(&e->terms, s, room, markdown, 0);
	if (e->terms.len == before + 1 && before > 0) {
		/* Nothing but white space: no separator either. */
		e->terms.len = before;
		e->terms.p[before] = '\0';
	}
}

static void
add(struct entry *e, const char *s)
{
	add_text(e, s, SEARCHIDX_TEXT_MAX, 0);
}

static void
add_desc(struct entry *e, const char *s)
{
	add_text(e, s, SEARCHIDX_DESC_MAX, 1);
}

static void
add_tags(struct entry *e, const struct model_tags *tags)
{
	size_t i;

	for (i = 0; i < tags->n; i++)
		add(e, tags->items[i]->name);
}

static void
add_bindings(struct entry *e, const struct model_bindings *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		add(e, b->items[i].protocol);
}

static void
add_list(struct entry *e, const char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		add(e, items[i]);
}

/* add() of every argument, in order. */
#define ADD_ALL(e, ...)                                                        \
	add_list((e), (const char *[]){__VA_ARGS__},                           \
	         sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *))

/* A scalar's text (strings and numbers as written; literals skipped). */
static void
add_scalar(struct entry *e, const cJSON *n)
{
	if (n != NULL && (cJSON_IsString(n) || cJSON_IsNumber(n)) &&
	    n->valuestring != NULL)
		add(e, n->valuestring);
}

static void walk_schema(struct entry *e, const cJSON *n, int depth);

static void
walk_each(struct entry *e, const cJSON *arr, int depth)
{
	const cJSON *c;

	if (!cJSON_IsArray(arr) && !cJSON_IsObject(arr))
		return;
	cJSON_ArrayForEach(c, arr) walk_schema(e, c, depth);
}

/* The keys of an object of schemas, then each schema. */
static void
walk_properties(struct entry *e, const cJSON *props, int depth)
{
	const cJSON *c;

	if (!cJSON_IsObject(props))
		return;
	cJSON_ArrayForEach(c, props) add(e, c->string);
	cJSON_ArrayForEach(c, props) walk_schema(e, c, depth);
}

/*
 * The members of a schema object that the walk reads, in the order it
 * reads them: found in one pass over the object's members (a lookup per
 * keyword, each a scan of the members, was 2 % of a build).
 */
enum skey {
	K_PROPERTIES,
	K_ENUM,
	K_CONST,
	K_ALL_OF,
	K_ANY_OF,
	K_ONE_OF,
	K_PREFIX_ITEMS,
	K_ITEMS, /* the sub-schemas from here to K_TYPE, in this order */
	K_ADDITIONAL_ITEMS,
	K_ADDITIONAL_PROPERTIES,
	K_CONTAINS,
	K_NOT,
	K_IF,
	K_THEN,
	K_ELSE,
	K_PROPERTY_NAMES,
	K_TYPE,
	K_PATTERN_PROPERTIES,
	K_DEPENDENT_SCHEMAS,
	K_FIELDS, /* Avro */
	K_SYMBOLS,
	K_VALUES,
	K_COUNT
};

static const char *const skey_names[K_COUNT] = {"properties",
                                                "enum",
                                                "const",
                                                "allOf",
                                                "anyOf",
                                                "oneOf",
                                                "prefixItems",
                                                "items",
                                                "additionalItems",
                                                "additionalProperties",
                                                "contains",
                                                "not",
                                                "if",
                                                "then",
                                                "else",
                                                "propertyNames",
                                                "type",
                                                "patternProperties",
                                                "dependentSchemas",
                                                "fields",
                                                "symbols",
                                                "values"};

/* The skey of member name k, or K_COUNT. */
static enum skey
skey_of(const char *k)
{
	static const enum skey a[] = {K_ALL_OF, K_ANY_OF, K_ADDITIONAL_ITEMS,
	                              K_ADDITIONAL_PROPERTIES};
	static const enum skey c[] = {K_CONST, K_CONTAINS};
	static const enum skey d[] = {K_DEPENDENT_SCHEMAS};
	static const enum skey e[] = {K_ENUM, K_ELSE};
	static const enum skey f[] = {K_FIELDS};
	static const enum skey i[] = {K_ITEMS, K_IF};
	static const enum skey n[] = {K_NOT};
	static const enum skey o[] = {K_ONE_OF};
	static const enum skey p[] = {K_PROPERTIES, K_PREFIX_ITEMS,
	                              K_PATTERN_PROPERTIES, K_PROPERTY_NAMES};
	static const enum skey s[] = {K_SYMBOLS};
	static const enum skey t[] = {K_TYPE, K_THEN};
	static const enum skey v[] = {K_VALUES};
	const enum skey *cand;
	size_t nc, j;

	if (k == NULL)
		return K_COUNT;
	/* only the names with k's first letter are compared */
	switch (k[0]) {
#define CAND(ch, x)                                                            \
	case ch:                                                               \
		cand = x;                                                      \
		nc = sizeof(x) / sizeof(x[0]);                                 \
		break
		CAND('a', a);
		CAND('c', c);
		CAND('d', d);
		CAND('e', e);
		CAND('f', f);
		CAND('i', i);
		CAND('n', n);
		CAND('o', o);
		CAND('p', p);
		CAND('s', s);
		CAND('t', t);
		CAND('v', v);
#undef CAND
	default:
		return K_COUNT;
	}
	for (j = 0; j < nc; j++)
		if (strcmp(skey_names[cand[j]], k) == 0)
			return cand[j];
	return K_COUNT;
}

/* Avro: a record's fields (name, doc, type), an enum's symbols. */
static void
walk_avro(struct entry *e, const cJSON *const *m, int depth)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, m[K_FIELDS])
	{
		add(e, node_get_str(c, "name"));
	}
	cJSON_ArrayForEach(c, m[K_FIELDS])
	{
		walk_schema(e, node_get(c, "type"), depth);
	}
	cJSON_ArrayForEach(c, m[K_SYMBOLS]) add_scalar(e, c);
	if (cJSON_IsObject(m[K_VALUES]))
		walk_schema(e, m[K_VALUES], depth);
}

/*
 * Adds the property names and enum values of schema n and of the schemas
 * under it, through refs. Stops at SEARCHIDX_SCHEMA_DEPTH, after the
 * entry's node budget, at circular refs and at nodes walked already.
 */
static void
walk_schema(struct entry *e, const cJSON *n, int depth)
{
	const cJSON *m[K_COUNT] = {NULL}, *c;
	enum skey k;
	int r;

	if (n == NULL || depth >= SEARCHIDX_SCHEMA_DEPTH || e->budget == 0 ||
	    terms_full(e) || e->oom)
		return;
	e->budget--;
	if (loader_is_ref(n)) {
		if (loader_ref_is_circular(e->m->doc, n))
			return;
		n = loader_deref(NULL, e->m->doc, n, NULL);
		if (n == NULL)
			return;
	}
	if (cJSON_IsArray(n)) { /* items as a list, an Avro union */
		walk_each(e, n, depth + 1);
		return;
	}
	if (!cJSON_IsObject(n))
		return;
	r = hmap_add_ptr(&e->nodes, n, NULL);
	if (r <= 0) {
		if (r < 0)
			e->oom = 1;
		return;
	}
	/* the first member of each name, as node_get() finds it */
	cJSON_ArrayForEach(c, n)
	{
		k = skey_of(c->string);
		if (k != K_COUNT && m[k] == NULL)
			m[k] = c;
	}
	walk_properties(e, m[K_PROPERTIES], depth + 1);
	cJSON_ArrayForEach(c, m[K_ENUM]) add_scalar(e, c);
	add_scalar(e, m[K_CONST]);
	for (k = K_ALL_OF; k <= K_PREFIX_ITEMS; k++)
		walk_each(e, m[k], depth + 1);
	for (k = K_ITEMS; k <= K_TYPE; k++)
		if (cJSON_IsObject(m[k]) || cJSON_IsArray(m[k]))
			walk_schema(e, m[k], depth + 1);
	cJSON_ArrayForEach(c, m[K_PATTERN_PROPERTIES])
	{
		walk_schema(e, c, depth + 1);
	}
	cJSON_ArrayForEach(c, m[K_DEPENDENT_SCHEMAS])
	{
		walk_schema(e, c, depth + 1);
	}
	walk_avro(e, m, depth + 1);
}

static void
add_schema(struct entry *e, const struct model_schema *s)
{
	if (s == NULL)
		return;
	add(e, s->name);
	if (cJSON_IsObject(s->schema)) {
		add(e, node_get_str(s->schema, "title"));
		add(e, node_get_str(s->schema, "name")); /* Avro */
	}
	walk_schema(e, s->schema, 0);
}

/* --------------------------------------------------------- summaries */

static const char *
first_of(const char *a, const char *b, const char *c)
{
	if (a != NULL && *a != '\0')
		return a;
	if (b != NULL && *b != '\0')
		return b;
	return c != NULL && *c != '\0' ? c : NULL;
}

/* The summary: lead (when set) and " - ", then a line of text or desc. */
static void
set_summary(struct entry *e, const char *lead, const char *text,
            const char *desc)
{
	size_t start = e->summary.len;

	if (lead != NULL && *lead != '\0')
		put_plain(&e->summary, lead, SEARCHIDX_TEXT_MAX, 0, 0);
	if (text != NULL && *text != '\0') {
		if (e->summary.len > start)
			strbuf_puts(&e->summary, " - ");
		put_plain(&e->summary, text, SEARCHIDX_TEXT_MAX, 0, 0);
	} else if (desc != NULL && *desc != '\0') {
		if (e->summary.len > start)
			strbuf_puts(&e->summary, " - ");
		put_plain(&e->summary, desc, SEARCHIDX_TEXT_MAX, 1, 1);
	}
}

/* The names the site shows (as the renderer's sidebar does). */
static const char *
channel_title(const struct model_channel *ch)
{
	return first_of(ch->key, ch->address, ch->id);
}

static const char *
message_title(const struct model_message *msg)
{
	const char *t = first_of(msg->name, msg->title, msg->key);

	return t != NULL ? t : first_of(msg->message_id, msg->id, "message");
}

static const char *
operation_title(const struct model_operation *op)
{
	const char *t = first_of(op->operation_id, op->key, NULL);

	if (t == NULL && op->channel != NULL)
		t = channel_title(op->channel);
	return t != NULL ? t : first_of(op->id, "operation", NULL);
}

/* ------------------------------------------------------------ writing */

/*
 * Writes the entry [kind, title, url, summary, terms] (with a leading
 * comma unless it is the spec's first).
 */
static int
entry_write(struct entry *e, size_t *n_entries, enum pages_kind kind,
            const char *id, const char *title, const struct pages_plan *plan)
{
	struct strbuf *b = e->w->out;
	char *url = NULL;
	size_t tlen;
	int rc = -1;

	if (e->oom || e->summary.oom || e->terms.oom)
		goto out;
	url = pages_url(plan, kind, id);
	if (url == NULL)
		goto out;
	if (e->no_terms)
		strbuf_reset(&e->terms);
	strbuf_puts(b, *n_entries > 0 ? ",\n[" : "\n[");
	put_js_cstring(b, pages_kind_name(kind));
	strbuf_putc(b, ',');
	tlen = title != NULL ? strlen(title) : 0;
	if (tlen > SEARCHIDX_TEXT_MAX) {
		struct strbuf t = STRBUF_INIT;

		put_plain(&t, title, SEARCHIDX_TEXT_MAX, 0, 0);
		put_js_string(b, t.p != NULL ? t.p : "", t.len);
		if (t.oom)
			b->oom = 1;
		strbuf_free(&t);
	} else {
		put_js_string(b, title != NULL ? title : "", tlen);
	}
	strbuf_putc(b, ',');
	put_js_cstring(b, url);
	strbuf_putc(b, ',');
	put_js_string(b, e->summary.p != NULL ? e->summary.p : "",
	              e->summary.len);
	strbuf_putc(b, ',');
	put_js_string(b, e->terms.p != NULL ? e->terms.p : "", e->terms.len);
	strbuf_putc(b, ']');
	e->w->terms_total += e->terms.len;
	(*n_entries)++;
	rc = b->oom ? -1 : 0;
out:
	free(url);
	return rc;
}

static int
add_server(struct entry *e, size_t *n, const struct model_server *s,
           const struct pages_plan *plan)
{
	struct strbuf where = STRBUF_INIT;
	size_t i, j;
	int rc;

	entry_reset(e);
	if (s->url != NULL) {
		strbuf_puts(&where, s->url);
	} else if (s->host != NULL) {
		strbuf_puts(&where, s->host);
		if (s->pathname != NULL)
			strbuf_puts(&where, s->pathname);
	}
	if (s->protocol != NULL) {
		if (where.len > 0)
			strbuf_putc(&where, ' ');
		strbuf_printf(&where, "(%s)", s->protocol);
	}
	set_summary(e, where.p, first_of(s->title, s->summary, NULL),
	            s->description);
	strbuf_free(&where);
	ADD_ALL(e, s->url, s->host, s->pathname, s->protocol,
	        s->protocol_version, s->title, s->summary);
	add_desc(e, s->description);
	for (i = 0; i < s->n_variables; i++) {
		const struct model_server_var *v = s->variables[i];

		add(e, v->name);
		add(e, v->default_value);
		add_list(e, v->enum_values, v->n_enum);
		add_list(e, v->examples, v->n_examples);
	}
	for (i = 0; i < s->security.n; i++)
		for (j = 0; j < s->security.sets[i].n; j++)
			if (s->security.sets[i].reqs[j].scheme != NULL)
				add(e, s->security.sets[i].reqs[j].scheme->key);
	add_tags(e, &s->tags);
	add_bindings(e, &s->bindings);
	rc = entry_write(e, n, PAGES_SERVER, s->id,
	                 first_of(s->key, s->id, "server"), plan);
	return rc;
}

static int
add_channel(struct entry *e, size_t *n, const struct model_channel *ch,
            const struct pages_plan *plan)
{
	const char *title = channel_title(ch);
	const char *addr = ch->address;
	size_t i;

	entry_reset(e);
	if (addr != NULL && title != NULL && strcmp(addr, title) == 0)
		addr = NULL; /* shown as the title already */
	set_summary(e, addr, first_of(ch->title, ch->summary, NULL),
	            ch->description);
	ADD_ALL(e, ch->address, ch->key, ch->title, ch->summary);
	add_desc(e, ch->description);
	for (i = 0; i < ch->n_parameters; i++) {
		const struct model_parameter *p = ch->parameters[i];

		add(e, p->name);
		add_list(e, p->enum_values, p->n_enum);
		if (p->schema != NULL)
			walk_schema(e, p->schema->schema, 0);
	}
	add_tags(e, &ch->tags);
	add_bindings(e, &ch->bindings);
	return entry_write(e, n, PAGES_CHANNEL, ch->id,
	                   first_of(title, "channel", NULL), plan);
}

static int
add_operation(struct entry *e, size_t *n, const struct model_operation *op,
              const struct pages_plan *plan)
{
	struct strbuf lead = STRBUF_INIT;
	size_t i;

	entry_reset(e);
	strbuf_puts(&lead, model_action_label(e->m, op, 0));
	if (op->channel != NULL) {
		const char *ch = first_of(op->channel->address,
		                          channel_title(op->channel), NULL);

		if (ch != NULL)
			strbuf_printf(&lead, " %s", ch);
	}
	set_summary(e, lead.p, first_of(op->summary, op->title, NULL),
	            op->description);
	strbuf_free(&lead);
	ADD_ALL(e, op->operation_id, op->key, op->keyword, op->title,
	        op->summary);
	add_desc(e, op->description);
	if (op->channel != NULL) {
		add(e, op->channel->address);
		add(e, op->channel->key);
	}
	for (i = 0; i < op->n_messages; i++) {
		ADD_ALL(e, op->messages[i]->name, op->messages[i]->title,
		        op->messages[i]->key);
	}
	add_tags(e, &op->tags);
	add_bindings(e, &op->bindings);
	return entry_write(e, n, PAGES_OPERATION, op->id, operation_title(op),
	                   plan);
}

static int
add_message(struct entry *e, size_t *n, const struct model_message *msg,
            const struct pages_plan *plan)
{
	const char *title = message_title(msg);
	const char *line = msg->summary;

	entry_reset(e);
	if ((line == NULL || *line == '\0') && title != msg->title)
		line = msg->title;
	set_summary(e, NULL, line, msg->description);
	ADD_ALL(e, msg->name, msg->title, msg->key, msg->message_id,
	        msg->summary, msg->content_type);
	add_desc(e, msg->description);
	add_tags(e, &msg->tags);
	add_bindings(e, &msg->bindings);
	/* Property names last: the longest part, cut first. */
	add_schema(e, msg->payload);
	add_schema(e, msg->headers);
	return entry_write(e, n, PAGES_MESSAGE, msg->id, title, plan);
}

static int
add_component_schema(struct entry *e, size_t *n, const struct model_schema *s,
                     const struct pages_plan *plan)
{
	const cJSON *root = s->schema;

	entry_reset(e);
	if (loader_is_ref(root))
		root = loader_deref(NULL, e->m->doc, root, NULL);
	set_summary(e, NULL, node_get_str(root, "title"),
	            first_of(node_get_str(root, "description"),
	                     node_get_str(root, "doc"), NULL));
	add(e, node_get_str(root, "title"));
	add_desc(e, node_get_str(root, "description"));
	add_desc(e, node_get_str(root, "doc"));
	add(e, s->format);
	add_schema(e, s);
	return entry_write(e, n, PAGES_SCHEMA, s->id,
	                   first_of(s->name, s->id, "schema"), plan);
}

/* ------------------------------------------------------------ API */

void
searchidx_begin(struct searchidx *w, struct strbuf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->total_max = SEARCHIDX_TOTAL_MAX;
	strbuf_puts(out, "window.ASYNCDOC_INDEX = {\"v\":1,\"specs\":[");
}

int
searchidx_add(struct searchidx *w, const struct model *m,
              const struct pages_plan *plan, const char *prefix)
{
	struct strbuf *b = w->out;
	struct entry e;
	size_t n = 0, i;
	int rc = -1;

	entry_init(&e, w, m);

	strbuf_puts(b, w->n_specs > 0 ? ",\n{\"title\":" : "\n{\"title\":");
	put_js_cstring(b, m->info.title);
	strbuf_puts(b, ",\"prefix\":");
	put_js_cstring(b, prefix);
	strbuf_puts(b, ",\"entries\":[");
	for (i = 0; i < m->n_servers; i++)
		if (add_server(&e, &n, m->servers[i], plan) < 0)
			goto out;
	for (i = 0; i < m->n_channels; i++)
		if (add_channel(&e, &n, m->channels[i], plan) < 0)
			goto out;
	for (i = 0; i < m->n_operations; i++)
		if (add_operation(&e, &n, m->operations[i], plan) < 0)
			goto out;
	for (i = 0; i < m->n_messages; i++)
		if (add_message(&e, &n, m->messages[i], plan) < 0)
			goto out;
	for (i = 0; i < m->n_schemas; i++)
		if (add_component_schema(&e, &n, m->schemas[i], plan) < 0)
			goto out;
	strbuf_puts(b, "]}");
	w->n_specs++;
	rc = b->oom ? -1 : 0;
out:
	entry_free(&e);
	if (rc < 0)
		b->oom = 1;
	return rc;
}

int
searchidx_end(struct searchidx *w)
{
	strbuf_puts(w->out, "\n]};\n");
	return w->out->oom ? -1 : 0;
}

int
searchidx_write(struct strbuf *out, const struct model *m,
                const struct pages_plan *plan)
{
	struct searchidx w;

	searchidx_begin(&w, out);
	if (searchidx_add(&w, m, plan, "") < 0)
		return -1;
	return searchidx_end(&w);
}
