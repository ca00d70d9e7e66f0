/*
 * gen: writes a synthetic AsyncAPI document to stdout, for the benchmark.
 *
 *   gen --channels N --props M --version 2|3 [--json] [--changes K]
 *
 * The document has N channels (a fleet of delivery vans reporting events),
 * each with one or two operations and one message kept under
 * components.messages; each payload has M properties, every fourth of them
 * a $ref to one of a few shared component schemas, and each channel refers
 * to a shared component parameter. So the loader resolves about N * (M / 4
 * + 3) local refs and the model sees N channels, operations and messages.
 * --changes K alters K messages spread over the channels (a property
 * removed, a bound raised, an enum value added, a property added, a
 * summary reworded, in turn): the "copy with K changes" `diff` is timed on.
 * The output depends on the arguments only (no clock, no randomness).
 *
 * The tree is built with cJSON and printed either as JSON (cJSON's
 * formatted printer) or as block-style YAML by the small printer below.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#define GEN_MAX_CHANNELS 1000000L
#define GEN_MAX_PROPS    10000L

struct gen_opts {
	long channels;
	long props;
	int version;
	int json;
	long changes;
};

static const char *const gen_shared[] = {"Address", "Money", "Timestamp",
                                         "GeoPoint"};
#define GEN_N_SHARED (sizeof(gen_shared) / sizeof(gen_shared[0]))

static void
gen_usage(FILE *fp)
{
	fputs("usage: gen --channels N --props M --version 2|3 [--json] "
	      "[--changes K]\n",
	      fp);
}

static int
gen_parse_long(long *out, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
gen_parse_args(struct gen_opts *out, int argc, char **argv)
{
	long v;
	int i;

	out->channels = 10;
	out->props = 8;
	out->version = 3;
	out->json = 0;
	out->changes = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--json") == 0) {
			out->json = 1;
			continue;
		}
		if (i + 1 >= argc)
			return -1;
		if (strcmp(a, "--channels") == 0) {
			if (gen_parse_long(&out->channels, argv[++i], 1,
			                   GEN_MAX_CHANNELS) < 0)
				return -1;
		} else if (strcmp(a, "--props") == 0) {
			if (gen_parse_long(&out->props, argv[++i], 1,
			                   GEN_MAX_PROPS) < 0)
				return -1;
		} else if (strcmp(a, "--changes") == 0) {
			if (gen_parse_long(&out->changes, argv[++i], 0,
			                   GEN_MAX_CHANNELS) < 0)
				return -1;
		} else if (strcmp(a, "--version") == 0) {
			if (gen_parse_long(&v, argv[++i], 2, 3) < 0)
				return -1;
			out->version = (int)v;
		} else {
			return -1;
		}
	}
	return 0;
}

/*
 * cJSON's Add* helpers return NULL on failure; every builder below returns
 * NULL when out of memory, and its caller gives up on the whole tree.
 */
static cJSON *
gen_ref(const char *target)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return NULL;
	if (cJSON_AddStringToObject(o, "$ref", target) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
gen_add_str(cJSON *o, const char *key, const char *val)
{
	return cJSON_AddStringToObject(o, key, val) != NULL ? 0 : -1;
}

static cJSON *
gen_info(const struct gen_opts *g)
{
	char desc[160];
	cJSON *info = cJSON_CreateObject();
	cJSON *contact, *license;

	if (info == NULL)
		return NULL;
	snprintf(desc, sizeof(desc),
	         "Synthetic fleet-tracking API with %ld channels and %ld "
	         "payload properties per message.",
	         g->channels, g->props);
	if (gen_add_str(info, "title", "Fleet Tracking (synthetic)") < 0 ||
	    gen_add_str(info, "version", "1.0.0") < 0 ||
	    gen_add_str(info, "description", desc) < 0)
		goto fail;
	contact = cJSON_AddObjectToObject(info, "contact");
	if (contact == NULL ||
	    gen_add_str(contact, "name", "Fleet platform") < 0 ||
	    gen_add_str(contact, "email", "fleet@example.com") < 0)
		goto fail;
	license = cJSON_AddObjectToObject(info, "license");
	if (license == NULL || gen_add_str(license, "name", "MIT") < 0)
		goto fail;
	return info;
fail:
	cJSON_Delete(info);
	return NULL;
}

static cJSON *
gen_servers(const struct gen_opts *g)
{
	cJSON *servers = cJSON_CreateObject();
	cJSON *s, *sec, *req;

	if (servers == NULL)
		return NULL;
	s = cJSON_AddObjectToObject(servers, "production");
	if (s == NULL)
		goto fail;
	if (g->version == 2) {
		if (gen_add_str(s, "url", "broker.fleet.example.com:8883") < 0)
			goto fail;
	} else if (gen_add_str(s, "host", "broker.fleet.example.com:8883") <
	           0) {
		goto fail;
	}
	if (gen_add_str(s, "protocol", "mqtt") < 0 ||
	    gen_add_str(s, "description", "Production broker.") < 0)
		goto fail;
	sec = cJSON_AddArrayToObject(s, "security");
	if (sec == NULL)
		goto fail;
	if (g->version == 2) {
		req = cJSON_CreateObject();
		if (req == NULL || !cJSON_AddItemToArray(sec, req)) {
			cJSON_Delete(req);
			goto fail;
		}
		if (cJSON_AddArrayToObject(req, "userPass") == NULL)
			goto fail;
	} else {
		req = gen_ref("#/components/securitySchemes/userPass");
		if (req == NULL || !cJSON_AddItemToArray(sec, req)) {
			cJSON_Delete(req);
			goto fail;
		}
	}
	return servers;
fail:
	cJSON_Delete(servers);
	return NULL;
}

/* One payload property: cycles through types, every fourth is a $ref. */
static cJSON *
gen_prop(long i)
{
	char buf[64];
	cJSON *p, *e;

	if (i % 4 == 3) {
		snprintf(buf, sizeof(buf), "#/components/schemas/%s",
		         gen_shared[(i / 4) % GEN_N_SHARED]);
		return gen_ref(buf);
	}
	p = cJSON_CreateObject();
	if (p == NULL)
		return NULL;
	switch (i % 4) {
	case 0:
		if (gen_add_str(p, "type", "string") < 0 ||
		    gen_add_str(p, "description", "A text field.") < 0 ||
		    cJSON_AddNumberToObject(p, "maxLength", 64) == NULL)
			goto fail;
		break;
	case 1:
		if (gen_add_str(p, "type", "integer") < 0 ||
		    cJSON_AddNumberToObject(p, "minimum", 0) == NULL ||
		    cJSON_AddNumberToObject(p, "maximum", 1000) == NULL)
			goto fail;
		break;
	default:
		if (gen_add_str(p, "type", "string") < 0)
			goto fail;
		e = cJSON_AddArrayToObject(p, "enum");
		if (e == NULL ||
		    !cJSON_AddItemToArray(e, cJSON_CreateString("ok")) ||
		    !cJSON_AddItemToArray(e, cJSON_CreateString("late")) ||
		    !cJSON_AddItemToArray(e, cJSON_CreateString("lost")))
			goto fail;
		break;
	}
	return p;
fail:
	cJSON_Delete(p);
	return NULL;
}

static cJSON *
gen_message(long ch, long props)
{
	char buf[64];
	cJSON *m = cJSON_CreateObject();
	cJSON *pl, *pr, *req, *ex, *exs, *exp;
	long i;

	if (m == NULL)
		return NULL;
	snprintf(buf, sizeof(buf), "vanEvent%ld", ch);
	if (gen_add_str(m, "name", buf) < 0 ||
	    gen_add_str(m, "title", "Van event") < 0 ||
	    gen_add_str(m, "summary", "Something happened to a van.") < 0 ||
	    gen_add_str(m, "contentType", "application/json") < 0)
		goto fail;
	pl = cJSON_AddObjectToObject(m, "payload");
	if (pl == NULL || gen_add_str(pl, "type", "object") < 0)
		goto fail;
	req = cJSON_AddArrayToObject(pl, "required");
	pr = cJSON_AddObjectToObject(pl, "properties");
	if (req == NULL || pr == NULL)
		goto fail;
	for (i = 0; i < props; i++) {
		cJSON *p = gen_prop(i);

		snprintf(buf, sizeof(buf), "field%ld", i);
		if (p == NULL)
			goto fail;
		if (!cJSON_AddItemToObject(pr, buf, p)) {
			cJSON_Delete(p);
			goto fail;
		}
		if (i < 2 &&
		    !cJSON_AddItemToArray(req, cJSON_CreateString(buf)))
			goto fail;
	}
	exs = cJSON_AddArrayToObject(m, "examples");
	ex = cJSON_CreateObject();
	if (exs == NULL || ex == NULL || !cJSON_AddItemToArray(exs, ex)) {
		cJSON_Delete(ex);
		goto fail;
	}
	if (gen_add_str(ex, "name", "typical") < 0)
		goto fail;
	exp = cJSON_AddObjectToObject(ex, "payload");
	if (exp == NULL || gen_add_str(exp, "field0", "van parked") < 0 ||
	    (props > 1 && cJSON_AddNumberToObject(exp, "field1",
	                                          (double)(ch % 1000)) == NULL))
		goto fail;
	return m;
fail:
	cJSON_Delete(m);
	return NULL;
}

static cJSON *
gen_schemas(void)
{
	cJSON *s = cJSON_CreateObject();
	cJSON *o, *p, *x;

	if (s == NULL)
		return NULL;
	o = cJSON_AddObjectToObject(s, "Address");
	if (o == NULL || gen_add_str(o, "type", "object") < 0)
		goto fail;
	p = cJSON_AddObjectToObject(o, "properties");
	if (p == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(p, "street");
	if (x == NULL || gen_add_str(x, "type", "string") < 0)
		goto fail;
	x = cJSON_AddObjectToObject(p, "city");
	if (x == NULL || gen_add_str(x, "type", "string") < 0)
		goto fail;
	x = cJSON_AddObjectToObject(p, "location");
	if (x == NULL ||
	    gen_add_str(x, "$ref", "#/components/schemas/GeoPoint"))
		goto fail;

	o = cJSON_AddObjectToObject(s, "Money");
	if (o == NULL || gen_add_str(o, "type", "object") < 0)
		goto fail;
	p = cJSON_AddObjectToObject(o, "properties");
	if (p == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(p, "value");
	if (x == NULL || gen_add_str(x, "type", "integer") < 0)
		goto fail;
	x = cJSON_AddObjectToObject(p, "currency");
	if (x == NULL || gen_add_str(x, "type", "string") < 0 ||
	    gen_add_str(x, "pattern", "^[A-Z]{3}$") < 0)
		goto fail;

	o = cJSON_AddObjectToObject(s, "Timestamp");
	if (o == NULL || gen_add_str(o, "type", "string") < 0 ||
	    gen_add_str(o, "format", "date-time") < 0)
		goto fail;

	o = cJSON_AddObjectToObject(s, "GeoPoint");
	if (o == NULL || gen_add_str(o, "type", "object") < 0)
		goto fail;
	p = cJSON_AddObjectToObject(o, "properties");
	if (p == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(p, "lat");
	if (x == NULL || gen_add_str(x, "type", "number") < 0 ||
	    cJSON_AddNumberToObject(x, "minimum", -90) == NULL ||
	    cJSON_AddNumberToObject(x, "maximum", 90) == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(p, "lon");
	if (x == NULL || gen_add_str(x, "type", "number") < 0 ||
	    cJSON_AddNumberToObject(x, "minimum", -180) == NULL ||
	    cJSON_AddNumberToObject(x, "maximum", 180) == NULL)
		goto fail;
	return s;
fail:
	cJSON_Delete(s);
	return NULL;
}

static cJSON *
gen_components(const struct gen_opts *g, cJSON **messages_out)
{
	cJSON *c = cJSON_CreateObject();
	cJSON *x, *p, *sch;

	if (c == NULL)
		return NULL;
	x = gen_schemas();
	if (x == NULL || !cJSON_AddItemToObject(c, "schemas", x)) {
		cJSON_Delete(x);
		goto fail;
	}
	*messages_out = cJSON_AddObjectToObject(c, "messages");
	if (*messages_out == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(c, "securitySchemes");
	if (x == NULL)
		goto fail;
	x = cJSON_AddObjectToObject(x, "userPass");
	if (x == NULL || gen_add_str(x, "type", "userPassword") < 0)
		goto fail;
	x = cJSON_AddObjectToObject(c, "parameters");
	if (x == NULL)
		goto fail;
	p = cJSON_AddObjectToObject(x, "vanId");
	if (p == NULL ||
	    gen_add_str(p, "description", "Registration of the van.") < 0)
		goto fail;
	if (g->version == 2) {
		sch = cJSON_AddObjectToObject(p, "schema");
		if (sch == NULL || gen_add_str(sch, "type", "string") < 0)
			goto fail;
	}
	return c;
fail:
	cJSON_Delete(c);
	return NULL;
}

/* v2: channels keyed by path; operations inside, messages by $ref. */
static int
gen_channel_v2(cJSON *channels, long ch)
{
	char key[96], opid[64], mref[96];
	cJSON *c, *params, *op, *ref;

	snprintf(key, sizeof(key), "fleet/{vanId}/events/%ld", ch);
	c = cJSON_AddObjectToObject(channels, key);
	if (c == NULL ||
	    gen_add_str(c, "description", "Events of one kind for a van.") < 0)
		return -1;
	params = cJSON_AddObjectToObject(c, "parameters");
	ref = gen_ref("#/components/parameters/vanId");
	if (params == NULL || ref == NULL ||
	    !cJSON_AddItemToObject(params, "vanId", ref)) {
		cJSON_Delete(ref);
		return -1;
	}
	op = cJSON_AddObjectToObject(c, "subscribe");
	snprintf(opid, sizeof(opid), "onVanEvent%ld", ch);
	if (op == NULL || gen_add_str(op, "operationId", opid) < 0 ||
	    gen_add_str(op, "summary", "Receive van events.") < 0)
		return -1;
	snprintf(mref, sizeof(mref), "#/components/messages/vanEvent%ld", ch);
	ref = gen_ref(mref);
	if (ref == NULL || !cJSON_AddItemToObject(op, "message", ref)) {
		cJSON_Delete(ref);
		return -1;
	}
	if (ch % 2 == 0) {
		op = cJSON_AddObjectToObject(c, "publish");
		snprintf(opid, sizeof(opid), "sendVanEvent%ld", ch);
		if (op == NULL || gen_add_str(op, "operationId", opid) < 0)
			return -1;
		ref = gen_ref(mref);
		if (ref == NULL || !cJSON_AddItemToObject(op, "message", ref)) {
			cJSON_Delete(ref);
			return -1;
		}
	}
	return 0;
}

/* v3: channels with an address and messages; operations at top level. */
static int
gen_channel_v3(cJSON *channels, cJSON *operations, long ch)
{
	char key[96], buf[256];
	cJSON *c, *params, *msgs, *op, *ref, *arr;
	int k;

	snprintf(key, sizeof(key), "vanEvents%ld", ch);
	c = cJSON_AddObjectToObject(channels, key);
	snprintf(buf, sizeof(buf), "fleet/{vanId}/events/%ld", ch);
	if (c == NULL || gen_add_str(c, "address", buf) < 0 ||
	    gen_add_str(c, "description", "Events of one kind for a van.") < 0)
		return -1;
	params = cJSON_AddObjectToObject(c, "parameters");
	ref = gen_ref("#/components/parameters/vanId");
	if (params == NULL || ref == NULL ||
	    !cJSON_AddItemToObject(params, "vanId", ref)) {
		cJSON_Delete(ref);
		return -1;
	}
	msgs = cJSON_AddObjectToObject(c, "messages");
	snprintf(buf, sizeof(buf), "#/components/messages/vanEvent%ld", ch);
	ref = gen_ref(buf);
	snprintf(buf, sizeof(buf), "vanEvent%ld", ch);
	if (msgs == NULL || ref == NULL ||
	    !cJSON_AddItemToObject(msgs, buf, ref)) {
		cJSON_Delete(ref);
		return -1;
	}
	for (k = 0; k < (ch % 2 == 0 ? 2 : 1); k++) {
		snprintf(buf, sizeof(buf), "%sVanEvent%ld",
		         k == 0 ? "on" : "send", ch);
		op = cJSON_AddObjectToObject(operations, buf);
		if (op == NULL ||
		    gen_add_str(op, "action", k == 0 ? "receive" : "send") < 0)
			return -1;
		snprintf(buf, sizeof(buf), "#/channels/%s", key);
		ref = gen_ref(buf);
		if (ref == NULL || !cJSON_AddItemToObject(op, "channel", ref)) {
			cJSON_Delete(ref);
			return -1;
		}
		arr = cJSON_AddArrayToObject(op, "messages");
		snprintf(buf, sizeof(buf), "#/channels/%s/messages/vanEvent%ld",
		         key, ch);
		ref = gen_ref(buf);
		if (arr == NULL || ref == NULL ||
		    !cJSON_AddItemToArray(arr, ref)) {
			cJSON_Delete(ref);
			return -1;
		}
	}
	return 0;
}

static cJSON *
gen_doc(const struct gen_opts *g)
{
	char name[64];
	cJSON *doc = cJSON_CreateObject();
	cJSON *x, *channels, *operations = NULL, *messages = NULL;
	long ch;

	if (doc == NULL)
		return NULL;
	if (gen_add_str(doc, "asyncapi", g->version == 2 ? "2.6.0" : "3.0.0") <
	    0)
		goto fail;
	if (gen_add_str(doc, "id", "urn:example:fleet") < 0)
		goto fail;
	x = gen_info(g);
	if (x == NULL || !cJSON_AddItemToObject(doc, "info", x)) {
		cJSON_Delete(x);
		goto fail;
	}
	if (gen_add_str(doc, "defaultContentType", "application/json") < 0)
		goto fail;
	x = gen_servers(g);
	if (x == NULL || !cJSON_AddItemToObject(doc, "servers", x)) {
		cJSON_Delete(x);
		goto fail;
	}
	channels = cJSON_AddObjectToObject(doc, "channels");
	if (channels == NULL)
		goto fail;
	if (g->version == 3) {
		operations = cJSON_AddObjectToObject(doc, "operations");
		if (operations == NULL)
			goto fail;
	}
	x = gen_components(g, &messages);
	if (x == NULL || !cJSON_AddItemToObject(doc, "components", x)) {
		cJSON_Delete(x);
		goto fail;
	}
	for (ch = 0; ch < g->channels; ch++) {
		int rc = g->version == 2
		                 ? gen_channel_v2(channels, ch)
		                 : gen_channel_v3(channels, operations, ch);

		if (rc < 0)
			goto fail;
		x = gen_message(ch, g->props);
		snprintf(name, sizeof(name), "vanEvent%ld", ch);
		if (x == NULL || !cJSON_AddItemToObject(messages, name, x)) {
			cJSON_Delete(x);
			goto fail;
		}
	}
	return doc;
fail:
	cJSON_Delete(doc);
	return NULL;
}

/*
 * 1 when s can be written as a plain YAML scalar that stays a string under
 * both YAML 1.1 and 1.2 rules: letter (or "$", for "$ref") first, a small
 * safe alphabet, no trailing space, not a boolean or null word in any case.
 */
static int
gen_yaml_plain(const char *s)
{
	static const char *const words[] = {
	        "true", "false", "null", "yes", "no", "on", "off", "y", "n"};
	const char *p;
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	      *s == '$'))
		return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.' || c == '/' || c == ' ' || c == '$'))
			return 0;
	}
	return p[-1] != ' ';
}

static void
gen_yaml_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (gen_yaml_plain(s)) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
gen_yaml_scalar(FILE *fp, const cJSON *n)
{
	if (cJSON_IsString(n))
		gen_yaml_str(fp, n->valuestring);
	else if (cJSON_IsNumber(n))
		fprintf(fp, "%.17g", n->valuedouble);
	else if (cJSON_IsBool(n))
		fputs(cJSON_IsTrue(n) ? "true" : "false", fp);
	else if (cJSON_IsObject(n))
		fputs("{}", fp);
	else if (cJSON_IsArray(n))
		fputs("[]", fp);
	else
		fputs("null", fp);
}

static int
gen_is_collection(const cJSON *n)
{
	return (cJSON_IsObject(n) || cJSON_IsArray(n)) && n->child != NULL;
}

/*
 * Block style: a mapping's members at indent, their nested collections
 * two spaces deeper; a sequence's items as "- " with mappings continued on
 * the dash's line.
 */
static void
gen_yaml_node(FILE *fp, const cJSON *n, int indent, int inline_first)
{
	const cJSON *c;
	int first = 1;

	for (c = n->child; c != NULL; c = c->next, first = 0) {
		if (!(first && inline_first))
			fprintf(fp, "%*s", indent, "");
		if (cJSON_IsObject(n)) {
			gen_yaml_str(fp, c->string);
			fputc(':', fp);
			if (gen_is_collection(c)) {
				fputc('\n', fp);
				gen_yaml_node(fp, c, indent + 2, 0);
				continue;
			}
		} else {
			fputc('-', fp);
			if (cJSON_IsObject(c) && c->child != NULL) {
				fputc(' ', fp);
				gen_yaml_node(fp, c, indent + 2, 1);
				continue;
			}
			if (gen_is_collection(c)) {
				fputc('\n', fp);
				gen_yaml_node(fp, c, indent + 2, 0);
				continue;
			}
		}
		fputc(' ', fp);
		gen_yaml_scalar(fp, c);
		fputc('\n', fp);
	}
}

static void
gen_json_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/* Two-space indented JSON, as most writers produce (cJSON indents with tabs).
 */
static void
gen_json_node(FILE *fp, const cJSON *n, int indent)
{
	const cJSON *c;
	int obj = cJSON_IsObject(n);

	if (!gen_is_collection(n)) {
		if (cJSON_IsString(n))
			gen_json_str(fp, n->valuestring);
		else
			gen_yaml_scalar(fp, n);
		return;
	}
	fputc(obj ? '{' : '[', fp);
	for (c = n->child; c != NULL; c = c->next) {
		fprintf(fp, "\n%*s", indent + 2, "");
		if (obj) {
			gen_json_str(fp, c->string);
			fputs(": ", fp);
		}
		gen_json_node(fp, c, indent + 2);
		if (c->next != NULL)
			fputc(',', fp);
	}
	fprintf(fp, "\n%*s%c", indent, "", obj ? '}' : ']');
}

/* --changes: alters message j * N / K for each j < K. 0, or -1 on ENOMEM. */
static int
gen_changes(cJSON *doc, const struct gen_opts *g)
{
	cJSON *msgs = cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetObjectItemCaseSensitive(doc, "components"), "messages");
	char name[64];
	long j;

	for (j = 0; j < g->changes && j < g->channels; j++) {
		cJSON *m, *pr, *p;

		snprintf(name, sizeof(name), "vanEvent%ld",
		         j * g->channels / g->changes);
		m = cJSON_GetObjectItemCaseSensitive(msgs, name);
		pr = cJSON_GetObjectItemCaseSensitive(
		        cJSON_GetObjectItemCaseSensitive(m, "payload"),
		        "properties");
		if (pr == NULL)
			continue;
		switch (j % 5) {
		case 0:
			cJSON_DeleteItemFromObjectCaseSensitive(pr, "field0");
			break;
		case 1:
			p = cJSON_GetObjectItemCaseSensitive(pr, "field1");
			if (p != NULL)
				cJSON_ReplaceItemInObjectCaseSensitive(
				        p, "maximum", cJSON_CreateNumber(2000));
			break;
		case 2:
			p = cJSON_GetObjectItemCaseSensitive(
			        cJSON_GetObjectItemCaseSensitive(pr, "field2"),
			        "enum");
			if (p != NULL &&
			    !cJSON_AddItemToArray(p, cJSON_CreateString("found")))
				return -1;
			break;
		case 3:
			p = cJSON_CreateObject();
			if (p == NULL || gen_add_str(p, "type", "string") < 0 ||
			    !cJSON_AddItemToObject(pr, "extra", p))
				return -1;
			break;
		default:
			cJSON_ReplaceItemInObjectCaseSensitive(
			        m, "summary",
			        cJSON_CreateString("A van did something."));
			break;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct gen_opts g;
	cJSON *doc = NULL;
	int rc = 1;

	if (gen_parse_args(&g, argc, argv) < 0) {
		gen_usage(stderr);
		return 2;
	}
	doc = gen_doc(&g);
	if (doc != NULL && gen_changes(doc, &g) < 0) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	if (doc == NULL) {
		fputs("gen: out of memory\n", stderr);
		goto out;
	}
	if (g.json) {
		gen_json_node(stdout, doc, 0);
		fputc('\n', stdout);
	} else {
		fputs("# Synthetic document written by asyncdoc's bench/gen.\n",
		      stdout);
		gen_yaml_node(stdout, doc, 0, 0);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: stdout");
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(doc);
	return rc;
}
