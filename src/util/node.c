/*
 * node: helpers over the loader's cJSON trees (see node.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/ascii.h"
#include "util/node.h"
#include "util/strbuf.h"

const struct cJSON *
node_get(const struct cJSON *obj, const char *key)
{
	const cJSON *m;

	/*
	 * cJSON_GetObjectItemCaseSensitive(), walked here: its call into
	 * the library and a strcmp() per member cost a third of the model's
	 * time on a big spec (#18); most members differ in their first byte.
	 * Like it, the walk ends at a member with no name.
	 */
	if (obj == NULL || (obj->type & 0xFF) != cJSON_Object || key == NULL)
		return NULL;
	for (m = obj->child; m != NULL && m->string != NULL; m = m->next)
		if (m->string[0] == key[0] && strcmp(m->string, key) == 0)
			return m;
	return NULL;
}

void
node_get2(const struct cJSON *obj, const char *ka, const struct cJSON **a,
          const char *kb, const struct cJSON **b)
{
	const cJSON *m;

	*a = *b = NULL;
	if (!cJSON_IsObject(obj))
		return;
	/* the first of each, as cJSON_GetObjectItemCaseSensitive() */
	for (m = obj->child; m != NULL && (*a == NULL || *b == NULL);
	     m = m->next) {
		if (m->string == NULL)
			continue;
		if (*a == NULL && strcmp(m->string, ka) == 0)
			*a = m;
		else if (*b == NULL && strcmp(m->string, kb) == 0)
			*b = m;
	}
}

const char *
node_get_str(const struct cJSON *obj, const char *key)
{
	const cJSON *n = node_get(obj, key);

	return cJSON_IsString(n) ? n->valuestring : NULL;
}

int
node_get_bool(const struct cJSON *obj, const char *key)
{
	return cJSON_IsTrue(node_get(obj, key)) ? 1 : 0;
}

/* Shortest "%.*g" that reads back as the same double. */
static void
format_double(char *buf, size_t size, double d)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

const char *
node_text(const struct cJSON *n, char *buf, size_t size)
{
	if (n == NULL)
		return NULL;
	if (cJSON_IsString(n))
		return n->valuestring;
	if (cJSON_IsNumber(n)) {
		if (n->valuestring != NULL || buf == NULL)
			return n->valuestring;
		format_double(buf, size, n->valuedouble);
		return buf;
	}
	if (cJSON_IsTrue(n))
		return "true";
	if (cJSON_IsFalse(n))
		return "false";
	if (cJSON_IsNull(n))
		return "null";
	return NULL;
}

size_t
node_size(const struct cJSON *n)
{
	const cJSON *c;
	size_t k = 0;

	if (!cJSON_IsObject(n) && !cJSON_IsArray(n))
		return 0;
	for (c = n->child; c != NULL; c = c->next)
		k++;
	return k;
}

int
node_set_number_text(struct cJSON *n, const char *text, size_t len)
{
	char *copy;

	if (!cJSON_IsNumber(n))
		return -1;
	copy = cJSON_malloc(len + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	/* cJSON_Delete frees valuestring on every node type. */
	cJSON_free(n->valuestring);
	n->valuestring = copy;
	return 0;
}

static void
put_string(struct strbuf *o, const char *s)
{
	const unsigned char *p;
	char esc[8];
	size_t n;

	strbuf_putn(o, "\"", 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		n = ascii_json_escape(esc, *p);
		if (n > 0)
			strbuf_putn(o, esc, n);
		else
			strbuf_putn(o, (const char *)p, 1);
	}
	strbuf_putn(o, "\"", 1);
}

static void
indent(struct strbuf *o, int pretty, int depth)
{
	int i;

	if (!pretty)
		return;
	strbuf_putn(o, "\n", 1);
	for (i = 0; i < depth; i++)
		strbuf_putn(o, "  ", 2);
}

/*
 * Recursion is bounded by the tree's depth, which the loader caps
 * (limits.max_depth); derived trees are copies of loaded ones.
 */
static void
print_node(struct strbuf *o, const cJSON *n, int pretty, int depth)
{
	const cJSON *c;
	char buf[40];
	const char *text;
	int object;

	if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
		object = cJSON_IsObject(n);
		strbuf_putn(o, object ? "{" : "[", 1);
		for (c = n->child; c != NULL; c = c->next) {
			indent(o, pretty, depth + 1);
			if (object) {
				put_string(o, c->string ? c->string : "");
				strbuf_puts(o, pretty ? ": " : ":");
			}
			print_node(o, c, pretty, depth + 1);
			if (c->next != NULL)
				strbuf_putn(o, ",", 1);
		}
		if (n->child != NULL)
			indent(o, pretty, depth);
		strbuf_putn(o, object ? "}" : "]", 1);
	} else if (cJSON_IsString(n)) {
		put_string(o, n->valuestring);
	} else {
		text = node_text(n, buf, sizeof(buf));
		strbuf_puts(o, text != NULL ? text : "null");
	}
}

char *
node_print(const struct cJSON *n, int pretty)
{
	struct strbuf o = STRBUF_INIT;

	print_node(&o, n, pretty, 0);
	return strbuf_take(&o);
}
