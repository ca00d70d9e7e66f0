/* Tests of the AsyncAPI model (v2 and v3 normalised into one shape). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/diag.h"
#include "load/loader.h"
#include "model/model.h"
#include "util/node.h"
#include "load/srcmap.h"

struct fx {
	struct diag_list *d;
	struct loader_doc *doc;
	struct model *m;
};

static struct model *
load(struct fx *f, const char *name)
{
	char path[1024];

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s/model/%s", TEST_DATA, name);
	f->d = diag_list_new();
	assert_non_null(f->d);
	assert_int_equal(loader_load(&f->doc, path, NULL, f->d), 0);
	assert_int_equal(model_new(&f->m, f->doc, f->d), 0);
	assert_non_null(f->m);
	return f->m;
}

/* Loads YAML text; returns model_new's result. */
static int
load_text(struct fx *f, const char *name, const char *text)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->d = diag_list_new();
	assert_non_null(f->d);
	assert_int_equal(loader_load_buffer(&f->doc, name, text, strlen(text),
	                                    NULL, f->d),
	                 0);
	rc = model_new(&f->m, f->doc, f->d);
	if (rc != 0)
		assert_null(f->m);
	return rc;
}

static void
fx_free(struct fx *f)
{
	model_free(f->m);
	loader_doc_free(f->doc);
	diag_list_free(f->d);
}

static size_t
count_rule(const struct diag_list *d, const char *rule, enum diag_severity sev)
{
	size_t i, n = 0;
	const struct diag *g;

	for (i = 0; i < diag_count(d); i++) {
		g = diag_at(d, i);
		if (strcmp(g->rule, rule) == 0 && g->severity == sev)
			n++;
	}
	return n;
}

static struct model_message *
msg_by_key(const struct model *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n_messages; i++)
		if (m->messages[i]->key &&
		    strcmp(m->messages[i]->key, key) == 0)
			return m->messages[i];
	return NULL;
}

static const cJSON *
prop(const cJSON *schema, const char *name)
{
	return node_get(node_get(schema, "properties"), name);
}

/* ------------------------------------------------------------ v2 == v3 */

static void
v2_and_v3_map_to_the_same_model(void **state)
{
	struct fx f2, f3;
	struct model *a = load(&f2, "same-v2.yaml");
	struct model *b = load(&f3, "same-v3.yaml");
	size_t i, j;

	assert_int_equal(a->major, MODEL_V2);
	assert_int_equal(b->major, MODEL_V3);
	assert_string_equal(a->asyncapi, "2.6.0");
	assert_string_equal(b->asyncapi, "3.0.0");
	assert_int_equal(a->n_channels, 2);
	assert_int_equal(b->n_channels, 2);
	for (i = 0; i < a->n_channels; i++) {
		assert_string_equal(a->channels[i]->address,
		                    b->channels[i]->address);
		assert_int_equal(a->channels[i]->n_operations,
		                 b->channels[i]->n_operations);
		assert_int_equal(a->channels[i]->n_messages,
		                 b->channels[i]->n_messages);
		assert_int_equal(a->channels[i]->n_servers,
		                 b->channels[i]->n_servers);
		assert_int_equal(a->channels[i]->n_parameters, 1);
		assert_int_equal(b->channels[i]->n_parameters, 1);
		assert_string_equal(a->channels[i]->parameters[0]->location,
		                    b->channels[i]->parameters[0]->location);
	}
	assert_string_equal(a->channels[0]->address, "user/{userId}/signedup");
	assert_string_equal(a->channels[0]->description, "Signup events.");
	assert_string_equal(b->channels[0]->description, "Signup events.");
	assert_ptr_equal(a->channels[0]->servers[0], a->servers[0]);
	assert_ptr_equal(b->channels[0]->servers[0], b->servers[0]);
	assert_int_equal(a->n_operations, 2);
	assert_int_equal(b->n_operations, 2);
	for (i = 0; i < a->n_operations; i++) {
		struct model_operation *x = a->operations[i],
		                       *y = b->operations[i];

		assert_string_equal(x->id, y->id);
		assert_int_equal(x->action, y->action);
		assert_string_equal(x->channel->address, y->channel->address);
		assert_int_equal(x->n_messages, y->n_messages);
		for (j = 0; j < x->n_messages; j++)
			assert_string_equal(x->messages[j]->id,
			                    y->messages[j]->id);
		assert_string_equal(model_action_label(a, x, 1),
		                    model_action_label(b, y, 0));
	}
	assert_string_equal(a->operations[0]->id, "sendusersignedup");
	assert_int_equal(a->operations[0]->action, MODEL_SEND);
	assert_string_equal(a->operations[1]->id, "receiveuserdelete");
	assert_int_equal(a->operations[1]->action, MODEL_RECEIVE);
	assert_int_equal(a->n_messages, 4);
	assert_int_equal(b->n_messages, 4);
	for (i = 0; i < a->n_messages; i++) {
		struct model_message *x = a->messages[i], *y = b->messages[i];

		assert_string_equal(x->id, y->id);
		assert_string_equal(x->content_type, y->content_type);
		assert_int_equal(x->content_type_is_default,
		                 y->content_type_is_default);
		assert_string_equal(x->payload->id, y->payload->id);
	}
	assert_int_equal(a->n_schemas, 2);
	assert_int_equal(b->n_schemas, 2);
	for (i = 0; i < a->n_schemas; i++)
		assert_string_equal(a->schemas[i]->id, b->schemas[i]->id);
	assert_int_equal(a->n_components, b->n_components);
	assert_string_equal(a->servers[0]->url, "broker.example.com:{port}");
	assert_null(a->servers[0]->host);
	assert_string_equal(b->servers[0]->host, "broker.example.com:{port}");
	assert_null(b->servers[0]->url);
	assert_string_equal(a->servers[0]->id, b->servers[0]->id);
	assert_string_equal(a->servers[0]->protocol_version, "5");
	fx_free(&f2);
	fx_free(&f3);
}

static void
v2_keeps_its_keyword_and_labels(void **state)
{
	struct fx f2, f3;
	struct model *a = load(&f2, "same-v2.yaml");
	struct model *b = load(&f3, "same-v3.yaml");

	assert_string_equal(a->operations[0]->keyword, "subscribe");
	assert_string_equal(a->operations[1]->keyword, "publish");
	assert_string_equal(model_action_label(a, a->operations[0], 0), "SUB");
	assert_string_equal(model_action_label(a, a->operations[1], 0), "PUB");
	assert_string_equal(model_action_label(a, a->operations[0], 1), "SEND");
	assert_string_equal(model_action_label(a, a->operations[1], 1),
	                    "RECEIVE");
	assert_null(a->operations[0]->key);
	assert_string_equal(a->operations[0]->operation_id, "sendUserSignedUp");
	assert_string_equal(b->operations[0]->keyword, "send");
	assert_string_equal(b->operations[0]->key, "sendUserSignedUp");
	assert_string_equal(model_action_label(b, b->operations[1], 0),
	                    "RECEIVE");
	assert_string_equal(model_action_label(a, NULL, 0), "");
	fx_free(&f2);
	fx_free(&f3);
}

static void
check_info(const struct model *m)
{
	const struct model_info *i = &m->info;

	assert_string_equal(i->title, "Signup Service");
	assert_string_equal(i->version, "1.2.0");
	assert_string_equal(i->terms_of_service, "https://example.com/terms");
	assert_string_equal(i->contact_name, "Platform Team");
	assert_string_equal(i->contact_email, "platform@example.com");
	assert_null(i->contact_url);
	assert_string_equal(i->license_name, "Apache 2.0");
	assert_string_equal(i->id, "urn:example:signup");
	assert_string_equal(i->default_content_type, "application/json");
	assert_string_equal(i->logo, "https://example.com/logo.png");
	assert_int_equal(i->tags.n, 1);
	assert_string_equal(i->tags.items[0]->name, "users");
	assert_string_equal(i->tags.items[0]->description, "User lifecycle");
	assert_non_null(i->external_docs);
	assert_string_equal(i->external_docs->url, "https://example.com/docs");
	assert_int_equal(i->exts.n, 2);
	assert_string_equal(i->exts.items[0].key, "x-logo");
	assert_string_equal(i->exts.items[1].key, "x-audience");
	assert_string_equal(i->exts.items[1].value->valuestring, "internal");
	assert_int_equal(m->exts.n, 1);
	assert_string_equal(m->exts.items[0].key, "x-owner");
}

static void
info_tags_and_docs_from_either_place(void **state)
{
	struct fx f2, f3;

	check_info(load(&f2, "same-v2.yaml"));
	check_info(load(&f3, "same-v3.yaml"));
	fx_free(&f2);
	fx_free(&f3);
}

static void
check_server(const struct model *m)
{
	const struct model_server *s = m->servers[0];
	const struct model_server_var *v;
	const struct model_security_scheme *oauth;

	assert_int_equal(m->n_servers, 1);
	assert_string_equal(s->id, "production");
	assert_string_equal(s->protocol, "mqtt");
	assert_string_equal(s->description, "The broker.");
	assert_int_equal(s->n_variables, 1);
	v = s->variables[0];
	assert_string_equal(v->name, "port");
	assert_string_equal(v->default_value, "1883");
	assert_string_equal(v->description, "Plain or TLS.");
	assert_int_equal(v->n_enum, 2);
	assert_string_equal(v->enum_values[0], "1883");
	assert_string_equal(v->enum_values[1], "8883");
	/* Two alternatives, one scheme each. */
	assert_int_equal(s->security.n, 2);
	assert_int_equal(s->security.sets[0].n, 1);
	assert_string_equal(s->security.sets[0].reqs[0].scheme->key,
	                    "userPass");
	assert_string_equal(s->security.sets[0].reqs[0].scheme->type,
	                    "userPassword");
	assert_int_equal(s->security.sets[0].reqs[0].n_scopes, 0);
	assert_int_equal(s->security.sets[1].n, 1);
	oauth = s->security.sets[1].reqs[0].scheme;
	assert_string_equal(oauth->key, "oauth");
	assert_string_equal(oauth->id, "oauth");
	assert_int_equal(s->security.sets[1].reqs[0].n_scopes, 1);
	assert_string_equal(s->security.sets[1].reqs[0].scopes[0],
	                    "signup:write");
	assert_int_equal(oauth->n_flows, 1);
	assert_string_equal(oauth->flows[0]->kind, "clientCredentials");
	assert_string_equal(oauth->flows[0]->token_url,
	                    "https://auth.example.com/token");
	assert_int_equal(oauth->flows[0]->n_scopes, 1);
	assert_string_equal(oauth->flows[0]->scopes[0].name, "signup:write");
	assert_string_equal(oauth->flows[0]->scopes[0].description,
	                    "Publish signups");
	assert_int_equal(m->n_security_schemes, 2);
	assert_ptr_equal(m->security_schemes[1], oauth);
}

static void
server_variables_and_security_with_scopes(void **state)
{
	struct fx f2, f3;

	check_server(load(&f2, "same-v2.yaml"));
	check_server(load(&f3, "same-v3.yaml"));
	fx_free(&f2);
	fx_free(&f3);
}

static void
content_type_falls_back_to_default(void **state)
{
	struct fx f, t;
	struct model *m = load(&f, "same-v2.yaml");
	struct model *tm = load(&t, "traits-v2.yaml");
	struct model_message *g;

	g = msg_by_key(m, "userSignedUp");
	assert_string_equal(g->content_type, "application/json");
	assert_int_equal(g->content_type_is_default, 1);
	g = msg_by_key(m, "userDeleteSoft");
	assert_string_equal(g->content_type, "application/x-msgpack");
	assert_int_equal(g->content_type_is_default, 0);
	/* A trait's content type is the message's own, not the default. */
	g = msg_by_key(tm, "reading");
	assert_string_equal(g->content_type, "application/avro");
	assert_int_equal(g->content_type_is_default, 0);
	g = msg_by_key(tm, "plain");
	assert_string_equal(g->content_type, "application/json");
	assert_int_equal(g->content_type_is_default, 1);
	fx_free(&f);
	fx_free(&t);
}

static void
message_fields(void **state)
{
	struct fx f;
	struct model *m = load(&f, "same-v3.yaml");
	struct model_message *g = msg_by_key(m, "userSignedUp");

	assert_string_equal(g->name, "UserSignedUp");
	assert_string_equal(g->title, "User signed up");
	assert_non_null(g->correlation_id);
	assert_string_equal(g->correlation_id->location,
	                    "$message.header#/correlationId");
	assert_int_equal(g->n_examples, 1);
	assert_string_equal(g->examples[0]->name, "alice");
	assert_string_equal(g->examples[0]->summary, "Alice signs up.");
	assert_string_equal(node_get_str(g->examples[0]->payload, "email"),
	                    "alice@example.com");
	assert_null(g->examples[0]->headers);
	assert_ptr_equal(g->merged, g->src.node);
	assert_int_equal(g->n_traits, 0);
	/* The payload is the component schema object itself. */
	assert_ptr_equal(g->payload, m->schemas[0]);
	assert_string_equal(g->payload->name, "User");
	assert_null(g->headers);
	fx_free(&f);
}

static void
components_only_message_and_schema_are_listed(void **state)
{
	struct fx f;
	struct model *m = load(&f, "same-v2.yaml");
	struct model_message *audit = msg_by_key(m, "auditTrail");
	size_t i, j;

	assert_non_null(audit);
	assert_ptr_equal(m->messages[m->n_messages - 1], audit);
	assert_string_equal(audit->id, "audittrail");
	assert_string_equal(audit->summary, "Only in components.");
	for (i = 0; i < m->n_operations; i++)
		for (j = 0; j < m->operations[i]->n_messages; j++)
			assert_ptr_not_equal(m->operations[i]->messages[j],
			                     audit);
	assert_string_equal(m->schemas[1]->name, "Unused");
	assert_string_equal(m->schemas[1]->id, "unused");
	assert_string_equal(node_get_str(m->schemas[1]->schema, "type"),
	                    "integer");
	/* Every component of every kind, in document order. */
	assert_int_equal(m->n_components, 9);
	assert_string_equal(m->components[0]->kind, "schemas");
	assert_string_equal(m->components[0]->name, "User");
	assert_string_equal(m->components[2]->kind, "messages");
	assert_string_equal(m->components[2]->name, "userSignedUp");
	assert_string_equal(m->components[6]->kind, "parameters");
	assert_string_equal(m->components[8]->kind, "securitySchemes");
	assert_string_equal(m->components[8]->name, "oauth");
	assert_ptr_equal(m->components[2]->src.node,
	                 msg_by_key(m, "userSignedUp")->src.node);
	fx_free(&f);
}

static void
message_reached_by_several_refs_is_one(void **state)
{
	struct fx f;
	struct model *m = load(&f, "shared-v2.yaml");
	struct model_message *g;
	char *via;
	size_t i;

	assert_int_equal(m->n_messages, 1);
	g = m->messages[0];
	assert_string_equal(g->id, "event");
	assert_string_equal(g->key, "event");
	assert_int_equal(m->n_operations, 3);
	for (i = 0; i < m->n_operations; i++) {
		assert_int_equal(m->operations[i]->n_messages, 1);
		assert_ptr_equal(m->operations[i]->messages[0], g);
		assert_int_equal(m->channels[i]->n_messages, 1);
		assert_ptr_equal(m->channels[i]->messages[0], g);
	}
	/* First reached through the ref to the other file. */
	assert_non_null(g->src.via);
	via = loader_via_text(f.doc, g->src.via);
	assert_non_null(via);
	assert_non_null(strstr(via, "shared/messages.yaml"));
	free(via);
	fx_free(&f);
}

static void
oneof_gives_several_messages(void **state)
{
	struct fx f;
	struct model *m = load(&f, "same-v2.yaml");
	struct model_operation *op =
	        model_operation_by_id(m, "receiveuserdelete");

	assert_non_null(op);
	assert_int_equal(op->n_messages, 2);
	assert_string_equal(op->messages[0]->id, "userdelete");
	assert_string_equal(op->messages[1]->id, "userdeletesoft");
	assert_string_equal(op->messages[0]->payload->id, "userdelete-payload");
	assert_null(op->messages[0]->payload->name);
	assert_int_equal(op->channel->n_messages, 2);
	assert_ptr_equal(op->channel->operations[0], op);
	fx_free(&f);
}

/* ------------------------------------------------------------ traits */

static void
v2_traits_win_over_the_object(void **state)
{
	struct fx f;
	struct model *m = load(&f, "traits-v2.yaml");
	struct model_message *g = msg_by_key(m, "reading");
	struct model_operation *op = model_operation_by_id(m, "readsensor");
	const cJSON *summary;
	const struct srcpos *pos;

	assert_int_equal(g->n_traits, 1);
	assert_ptr_not_equal(g->merged, g->src.node);
	assert_null(node_get(g->merged, "traits"));
	assert_string_equal(g->summary, "Trait summary.");
	assert_string_equal(g->name, "reading");
	/* Objects merge member by member. */
	assert_non_null(prop(g->headers->schema, "own"));
	assert_non_null(prop(g->headers->schema, "traceId"));
	assert_int_equal(g->tags.n, 1);
	assert_string_equal(g->tags.items[0]->name, "traced");
	/* A merged value keeps the position it has in the trait. */
	summary = node_get(g->merged, "summary");
	pos = loader_pos(f.doc, summary);
	assert_non_null(pos);
	assert_int_equal(pos->line, 46);
	assert_int_equal(op->n_traits, 2);
	assert_string_equal(op->description, "Second trait description.");
	assert_string_equal(op->summary, "Trait op summary.");
	assert_int_equal(op->bindings.n, 1);
	assert_string_equal(op->bindings.items[0].protocol, "kafka");
	assert_string_equal(op->bindings.items[0].version, "0.4.0");
	assert_string_equal(op->operation_id, "readSensor");
	assert_string_equal(msg_by_key(m, "plain")->title, "Plain title");
	fx_free(&f);
}

static void
v3_object_wins_over_its_traits(void **state)
{
	struct fx f;
	struct model *m = load(&f, "traits-v3.yaml");
	struct model_message *g = msg_by_key(m, "reading");
	struct model_operation *op = model_operation_by_id(m, "readsensor");

	assert_int_equal(g->n_traits, 1);
	assert_null(node_get(g->merged, "traits"));
	assert_string_equal(g->content_type, "application/json");
	assert_int_equal(g->content_type_is_default, 0);
	assert_string_equal(g->summary, "Own summary.");
	assert_non_null(prop(g->headers->schema, "own"));
	assert_non_null(prop(g->headers->schema, "traceId"));
	assert_int_equal(g->tags.n, 1);
	assert_int_equal(op->n_traits, 2);
	assert_string_equal(op->description, "Own description.");
	assert_string_equal(op->summary, "Trait op summary.");
	assert_string_equal(op->bindings.items[0].version, "0.4.0");
	assert_ptr_equal(op->messages[0], g);
	assert_string_equal(msg_by_key(m, "plain")->title, "Plain title");
	fx_free(&f);
}

static void
circular_schemas_merged_by_traits_finish(void **state)
{
	struct fx f;
	clock_t t0 = clock();
	struct model *m = load(&f, "circular-traits.yaml");

	/* Generous bound: without the caps this never ends. */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_int_equal(m->n_messages, 1);
	assert_int_equal(m->messages[0]->n_traits, 1);
	assert_non_null(prop(m->messages[0]->headers->schema, "extra"));
	fx_free(&f);
}

/* ------------------------------------------------------------ v3 */

static void
v3_reply_and_dynamic_channel(void **state)
{
	struct fx f;
	struct model *m = load(&f, "reply-v3.yaml");
	struct model_operation *op = model_operation_by_id(m, "sendping");
	struct model_operation *rcv = model_operation_by_id(m, "receiveping");
	struct model_channel *pong = model_channel_by_id(m, "pong");
	struct model_message *ping = model_message_by_id(m, "ping");
	struct model_reply *r;

	assert_non_null(op);
	assert_non_null(pong);
	assert_non_null(ping);
	assert_string_equal(m->asyncapi, "3.1.0");
	r = op->reply;
	assert_non_null(r);
	assert_string_equal(r->address_location, "$message.header#/replyTo");
	assert_string_equal(r->address_description, "Where the pong goes.");
	assert_ptr_equal(r->channel, pong);
	assert_null(pong->address);
	assert_int_equal(r->n_messages, 1);
	assert_string_equal(r->messages[0]->id, "pong");
	/* Multi-format schema: the format and the schema inside. */
	assert_string_equal(r->messages[0]->schema_format,
	                    "application/vnd.apache.avro;version=1.9.0");
	assert_string_equal(r->messages[0]->payload->format,
	                    "application/vnd.apache.avro;version=1.9.0");
	assert_string_equal(
	        node_get_str(r->messages[0]->payload->schema, "type"),
	        "record");
	/* ping and pingAgain lead to one message, listed once. */
	assert_int_equal(m->n_messages, 2);
	assert_int_equal(op->n_messages, 1);
	assert_ptr_equal(op->messages[0], ping);
	assert_int_equal(op->channel->n_messages, 1);
	/* No messages list: the channel's messages. */
	assert_int_equal(rcv->n_messages, 1);
	assert_ptr_equal(rcv->messages[0], ping);
	assert_null(rcv->reply);
	assert_int_equal(op->channel->n_servers, 1);
	assert_string_equal(op->channel->servers[0]->host, "ws.example.com");
	assert_string_equal(op->channel->servers[0]->pathname, "/v1");
	assert_string_equal(op->channel->servers[0]->title, "WebSocket");
	assert_string_equal(op->channel->servers[0]->summary,
	                    "Public endpoint.");
	assert_int_equal(op->channel->n_operations, 2);
	fx_free(&f);
}

static void
parameters_v2_schema_v3_values(void **state)
{
	struct fx f, g;
	struct model *m = load(&f, "same-v2.yaml");
	struct model_parameter *p = m->channels[0]->parameters[0];
	static const char v3[] = "asyncapi: 3.0.0\n"
	                         "info: {title: t, version: '1'}\n"
	                         "channels:\n"
	                         "  c:\n"
	                         "    address: 'item/{kind}'\n"
	                         "    parameters:\n"
	                         "      kind:\n"
	                         "        enum: [book, 12, true]\n"
	                         "        default: book\n"
	                         "        examples: [book]\n"
	                         "        location: $message.payload#/kind\n";

	assert_string_equal(p->name, "userId");
	assert_string_equal(p->description, "The user.");
	assert_string_equal(p->location, "$message.payload#/id");
	assert_non_null(p->schema);
	assert_string_equal(p->schema->id, "user-userid-signedup-userid");
	assert_string_equal(node_get_str(p->schema->schema, "type"), "string");
	/* Both channels use the same parameter: one schema object. */
	assert_ptr_equal(m->channels[1]->parameters[0]->schema, p->schema);
	assert_int_equal(load_text(&g, "p.yaml", v3), 0);
	p = g.m->channels[0]->parameters[0];
	assert_null(p->schema);
	assert_string_equal(p->default_value, "book");
	assert_int_equal(p->n_enum, 3);
	assert_string_equal(p->enum_values[1], "12");
	assert_string_equal(p->enum_values[2], "true");
	assert_int_equal(p->n_examples, 1);
	assert_string_equal(p->location, "$message.payload#/kind");
	fx_free(&f);
	fx_free(&g);
}

static void
v3_operation_on_a_component_channel(void **state)
{
	struct fx f;
	static const char text[] =
	        "asyncapi: 3.0.0\n"
	        "info: {title: t, version: '1'}\n"
	        "operations:\n"
	        "  op:\n"
	        "    action: send\n"
	        "    channel: {$ref: '#/components/channels/hidden'}\n"
	        "components:\n"
	        "  channels:\n"
	        "    hidden:\n"
	        "      address: h\n"
	        "      messages:\n"
	        "        m: {payload: {type: string}}\n";
	struct model *m;

	assert_int_equal(load_text(&f, "c.yaml", text), 0);
	m = f.m;
	assert_int_equal(m->n_channels, 1);
	assert_string_equal(m->channels[0]->id, "hidden");
	assert_string_equal(m->channels[0]->address, "h");
	assert_ptr_equal(m->operations[0]->channel, m->channels[0]);
	assert_int_equal(m->operations[0]->n_messages, 1);
	assert_string_equal(m->operations[0]->messages[0]->id, "m");
	assert_string_equal(m->operations[0]->messages[0]->payload->id,
	                    "m-payload");
	assert_int_equal(m->n_components, 1);
	assert_string_equal(m->components[0]->kind, "channels");
	fx_free(&f);
}

/* ------------------------------------------------------------ ids */

static void
ids_are_slugs_numbered_on_collision(void **state)
{
	struct fx f;
	struct model *m = load(&f, "ids-v2.yaml");
	static const char *const chans[] = {"a-b", "a-b-2", "a-b-3", "item",
	                                    "n-code"};
	static const char *const ops[] = {"a-b-publish-2", "a-b-2-subscribe",
	                                  "a-b-publish", "item-subscribe"};
	static const char *const msgs[] = {
	        "a-b-publish-2-message", "a-b-2-subscribe-message",
	        "a-b-2-subscribe-message-2", "thing-2", "thing"};
	size_t i;

	assert_int_equal(m->n_channels, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(m->channels[i]->id, chans[i]);
	assert_int_equal(m->n_operations, 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(m->operations[i]->id, ops[i]);
	assert_int_equal(m->n_messages, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(m->messages[i]->id, msgs[i]);
	/* A component schema keeps its key; the derived id moves on. */
	assert_string_equal(m->schemas[0]->id, "a-b-publish-2-message-payload");
	assert_string_equal(m->messages[0]->payload->id,
	                    "a-b-publish-2-message-payload-2");
	assert_ptr_equal(model_channel_by_id(m, "a-b-3"), m->channels[2]);
	assert_ptr_equal(model_message_by_id(m, "thing"), m->messages[4]);
	assert_ptr_equal(model_operation_by_id(m, "item-subscribe"),
	                 m->operations[3]);
	assert_null(model_channel_by_id(m, "nope"));
	assert_null(model_message_by_id(m, NULL));
	fx_free(&f);
}

static int
id_ok(const char *id)
{
	const char *p;

	if (!id || !*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || *p == '_'))
			return 0;
	return 1;
}

/* Every id valid and unique in its kind. */
static void
check_ids(const struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->n_channels; i++) {
		assert_true(id_ok(m->channels[i]->id));
		for (j = 0; j < i; j++)
			assert_string_not_equal(m->channels[i]->id,
			                        m->channels[j]->id);
	}
	for (i = 0; i < m->n_operations; i++) {
		assert_true(id_ok(m->operations[i]->id));
		for (j = 0; j < i; j++)
			assert_string_not_equal(m->operations[i]->id,
			                        m->operations[j]->id);
	}
	for (i = 0; i < m->n_messages; i++) {
		assert_true(id_ok(m->messages[i]->id));
		for (j = 0; j < i; j++)
			assert_string_not_equal(m->messages[i]->id,
			                        m->messages[j]->id);
		if (m->messages[i]->payload)
			assert_true(id_ok(m->messages[i]->payload->id));
	}
	for (i = 0; i < m->n_servers; i++)
		assert_true(id_ok(m->servers[i]->id));
	for (i = 0; i < m->n_schemas; i++)
		assert_true(id_ok(m->schemas[i]->id));
	for (i = 0; i < m->n_security_schemes; i++)
		assert_true(id_ok(m->security_schemes[i]->id));
}

static void
ids_are_unique_and_stable(void **state)
{
	static const char *const files[] = {
	        "same-v2.yaml",   "same-v3.yaml",     "traits-v2.yaml",
	        "traits-v3.yaml", "reply-v3.yaml",    "ids-v2.yaml",
	        "shared-v2.yaml", "badtypes-v2.yaml", "badtypes-v3.yaml"};
	struct fx a, b;
	size_t i, k;

	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		load(&a, files[k]);
		load(&b, files[k]);
		check_ids(a.m);
		assert_int_equal(a.m->n_messages, b.m->n_messages);
		for (i = 0; i < a.m->n_messages; i++)
			assert_string_equal(a.m->messages[i]->id,
			                    b.m->messages[i]->id);
		for (i = 0; i < a.m->n_operations; i++)
			assert_string_equal(a.m->operations[i]->id,
			                    b.m->operations[i]->id);
		for (i = 0; i < a.m->n_channels; i++)
			assert_string_equal(a.m->channels[i]->id,
			                    b.m->channels[i]->id);
		fx_free(&a);
		fx_free(&b);
	}
}

static void
slug_rules(void **state)
{
	char buf[64], small[4];

	model_slug(buf, sizeof(buf), "user/{id}/signedup");
	assert_string_equal(buf, "user-id-signedup");
	model_slug(buf, sizeof(buf), "  Hello, World!  ");
	assert_string_equal(buf, "hello-world");
	model_slug(buf, sizeof(buf), "smartylighting.streetlights.1.0");
	assert_string_equal(buf, "smartylighting-streetlights-1-0");
	model_slug(buf, sizeof(buf), "");
	assert_string_equal(buf, "item");
	model_slug(buf, sizeof(buf), NULL);
	assert_string_equal(buf, "item");
	model_slug(buf, sizeof(buf), "../..");
	assert_string_equal(buf, "item");
	model_slug(buf, sizeof(buf),
	           "\xc3\xbc"
	           "ber");
	assert_string_equal(buf, "ber");
	model_slug(small, sizeof(small), "abcdef");
	assert_string_equal(small, "abc");
	/* Never a trailing dash when cut. */
	model_slug(small, sizeof(small), "ab cd");
	assert_string_equal(small, "ab");
	model_slug(small, 2, "xyz");
	assert_string_equal(small, "x");
}

/* 5000 v3 channels whose keys all slug to "a", each with an operation. */
static char *
big_spec(size_t n)
{
	static const char punct[] = "._-+";
	size_t cap = n * 400 + 256, len = 0, i, k;
	char *s = malloc(cap), key[32], *p;

	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len,
	                        "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":"
	                        "\"Big\",\"version\":\"1\"},\"channels\":{");
	for (i = 0; i < n; i++) {
		p = key;
		*p++ = 'a';
		for (k = i + 1; k; k /= 4)
			*p++ = punct[k % 4];
		*p = '\0';
		len += (size_t)snprintf(
		        s + len, cap - len,
		        "%s\"%s\":{\"address\":\"a/%zu\",\"messages\":{\"m\":"
		        "{\"payload\":{\"type\":\"object\",\"properties\":{"
		        "\"id\":{\"type\":\"integer\"}}}}}}",
		        i ? "," : "", key, i);
	}
	len += (size_t)snprintf(s + len, cap - len, "},\"operations\":{");
	for (i = 0; i < n; i++) {
		p = key;
		*p++ = 'a';
		for (k = i + 1; k; k /= 4)
			*p++ = punct[k % 4];
		*p = '\0';
		len += (size_t)snprintf(
		        s + len, cap - len,
		        "%s\"op%zu\":{\"action\":\"send\",\"channel\":{\"$"
		        "ref\":"
		        "\"#/channels/%s\"},\"messages\":[{\"$ref\":"
		        "\"#/channels/%s/messages/m\"}]}",
		        i ? "," : "", i, key, key);
	}
	snprintf(s + len, cap - len, "}}");
	return s;
}

static void
five_thousand_colliding_channels_stay_fast(void **state)
{
	struct fx f;
	char *text = big_spec(5000);
	clock_t t0;
	struct model *m;

	memset(&f, 0, sizeof(f));
	f.d = diag_list_new();
	assert_int_equal(loader_load_buffer(&f.doc, "big.json", text,
	                                    strlen(text), NULL, f.d),
	                 0);
	t0 = clock();
	assert_int_equal(model_new(&f.m, f.doc, f.d), 0);
	/* Generous bound: a quadratic model takes far longer. */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	m = f.m;
	assert_int_equal(m->n_channels, 5000);
	assert_int_equal(m->n_operations, 5000);
	assert_int_equal(m->n_messages, 5000);
	assert_string_equal(m->channels[0]->id, "a");
	assert_string_equal(m->channels[4999]->id, "a-5000");
	assert_string_equal(m->messages[4999]->id, "m-5000");
	assert_string_equal(m->messages[4999]->payload->id, "m-5000-payload");
	assert_ptr_equal(model_channel_by_id(m, "a-2500"), m->channels[2499]);
	assert_ptr_equal(m->operations[4321]->channel, m->channels[4321]);
	assert_ptr_equal(m->operations[4321]->messages[0], m->messages[4321]);
	assert_ptr_equal(model_operation_by_id(m, "op4321"),
	                 m->operations[4321]);
	fx_free(&f);
	free(text);
}

/*
 * A v3 spec whose n_msgs messages each take one trait of 2 * n_props + 2
 * header nodes: the traits copy about n_msgs times that.
 */
static char *
trait_spec(size_t n_msgs, size_t n_props)
{
	size_t cap = n_msgs * 160 + n_props * 48 + 512, len = 0, i;
	char *s = malloc(cap);

	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len,
	                        "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":"
	                        "\"T\",\"version\":\"1\"},\"components\":{"
	                        "\"messageTraits\":{\"big\":{\"headers\":{"
	                        "\"type\":\"object\",\"properties\":{");
	for (i = 0; i < n_props; i++)
		len += (size_t)snprintf(s + len, cap - len,
		                        "%s\"h%zu\":{\"type\":\"string\"}",
		                        i ? "," : "", i);
	len += (size_t)snprintf(s + len, cap - len, "}}}},\"messages\":{");
	for (i = 0; i < n_msgs; i++)
		len += (size_t)snprintf(
		        s + len, cap - len,
		        "%s\"m%zu\":{\"payload\":{\"type\":\"string\"},"
		        "\"traits\":[{\"$ref\":"
		        "\"#/components/messageTraits/big\"}]}",
		        i ? "," : "", i);
	snprintf(s + len, cap - len, "}}}");
	return s;
}

/*
 * Traits may copy a fixed million nodes plus twice the document's: a
 * trait bomb stops there with a model-limit warning, and a spec under it
 * gets every trait.
 */
static void
traits_copy_at_most_the_budget(void **state)
{
	struct fx f;
	char *text;
	size_t i, n;

	(void)state;
	/* 100 x ~4,000 nodes: 0.4 M, under 1 M + 2 x ~5,000 */
	text = trait_spec(100, 2000);
	assert_int_equal(load_text(&f, "under.json", text), 0);
	assert_int_equal(count_rule(f.d, "model-limit", DIAG_WARNING), 0);
	n = 0;
	for (i = 0; i < f.m->n_messages; i++)
		n += f.m->messages[i]->headers != NULL;
	assert_int_equal(n, 100);
	fx_free(&f);
	free(text);
	/* 300 x ~4,000 nodes: 1.2 M, over 1 M + 2 x ~10,000 */
	text = trait_spec(300, 2000);
	assert_int_equal(load_text(&f, "over.json", text), 0);
	assert_true(count_rule(f.d, "model-limit", DIAG_WARNING) > 0);
	fx_free(&f);
	free(text);
}

/* ------------------------------------------------------------ bad input */

static void
wrong_types_warn_and_are_skipped_v2(void **state)
{
	struct fx f;
	struct model *m = load(&f, "badtypes-v2.yaml");

	assert_int_equal(diag_count_at_least(f.d, DIAG_ERROR), 0);
	assert_int_equal(count_rule(f.d, "model-type", DIAG_WARNING), 34);
	assert_int_equal(count_rule(f.d, "model-ref", DIAG_WARNING), 1);
	assert_null(m->info.title);
	assert_null(m->info.default_content_type);
	assert_int_equal(m->info.tags.n, 0);
	assert_int_equal(m->n_servers, 1);
	assert_int_equal(m->servers[0]->n_variables, 0);
	assert_int_equal(m->n_channels, 3);
	assert_string_equal(m->channels[0]->key, "ok/channel");
	assert_null(m->channels[0]->description);
	assert_string_equal(m->channels[1]->key, "bad/op");
	assert_string_equal(m->channels[2]->key, "null/channel");
	assert_int_equal(m->n_operations, 2);
	assert_int_equal(m->operations[0]->security.n, 2);
	assert_int_equal(m->operations[0]->security.sets[0].n, 0);
	assert_int_equal(m->operations[0]->security.sets[1].n, 1);
	assert_int_equal(m->operations[0]->security.sets[1].reqs[0].n_scopes,
	                 0);
	assert_int_equal(m->operations[0]->n_messages, 1);
	assert_null(m->operations[0]->messages[0]->payload);
	assert_null(m->operations[0]->messages[0]->headers);
	assert_int_equal(m->operations[0]->messages[0]->n_traits, 1);
	assert_int_equal(m->operations[1]->n_messages, 0);
	assert_int_equal(m->n_messages, 2);
	assert_int_equal(m->messages[1]->tags.n, 1);
	assert_null(m->messages[1]->tags.items[0]->name);
	assert_int_equal(m->messages[1]->n_examples, 1);
	assert_null(m->messages[1]->examples[0]->name);
	fx_free(&f);
}

static void
wrong_types_warn_and_are_skipped_v3(void **state)
{
	struct fx f;
	struct model *m = load(&f, "badtypes-v3.yaml");

	assert_int_equal(diag_count_at_least(f.d, DIAG_ERROR), 0);
	assert_int_equal(count_rule(f.d, "model-type", DIAG_WARNING), 14);
	assert_int_equal(count_rule(f.d, "model-ref", DIAG_WARNING), 3);
	assert_int_equal(count_rule(f.d, "model-value", DIAG_WARNING), 2);
	assert_string_equal(m->info.version, "1");
	assert_int_equal(m->n_channels, 2);
	assert_null(m->channels[0]->address);
	assert_int_equal(m->channels[1]->n_servers, 0);
	assert_int_equal(m->n_operations, 3);
	assert_string_equal(m->operations[0]->keyword, "jump");
	assert_int_equal(m->operations[0]->action, MODEL_SEND);
	assert_null(m->operations[0]->reply);
	assert_null(m->operations[1]->channel);
	assert_null(m->operations[2]->channel);
	assert_non_null(m->operations[2]->reply);
	assert_null(m->operations[2]->reply->address_location);
	assert_ptr_equal(m->operations[2]->reply->channel, m->channels[1]);
	assert_int_equal(m->operations[2]->reply->n_messages, 0);
	/* An inline scheme in v3 security is a scheme too. */
	assert_int_equal(m->servers[0]->security.n, 1);
	assert_string_equal(m->servers[0]->security.sets[0].reqs[0].scheme->id,
	                    "http");
	fx_free(&f);
}

static void
version_is_checked(void **state)
{
	static const char *const bad[] = {
	        "asyncapi: 4.0.0\ninfo: {title: t, version: '1'}\n",
	        "asyncapi: 1.2.0\n",
	        "asyncapi: 2.7.0\n",
	        "asyncapi: 3.0.0-rc1\n",
	        "asyncapi: {v: 3}\n",
	        "info: {title: t, version: '1'}\n",
	};
	const struct diag *d;
	struct fx f;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(load_text(&f, "v.yaml", bad[i]), -1);
		assert_int_equal(
		        count_rule(f.d, "asyncapi-version", DIAG_ERROR), 1);
		d = diag_at(f.d, diag_count(f.d) - 1);
		assert_non_null(
		        strstr(d->message, "2.0.0 to 2.6.0, 3.0.0 and 3.1.0"));
		fx_free(&f);
	}
	/* An unquoted 2.0 is a number: its text, with a warning. */
	assert_int_equal(load_text(&f, "v.yaml", "asyncapi: 2.0\n"), 0);
	assert_string_equal(f.m->asyncapi, "2.0");
	assert_int_equal(f.m->major, MODEL_V2);
	assert_int_equal(count_rule(f.d, "model-type", DIAG_WARNING), 1);
	fx_free(&f);
	assert_int_equal(load_text(&f, "v.yaml", "asyncapi: 2.0.0\n"), 0);
	assert_int_equal(f.m->major, MODEL_V2);
	assert_int_equal(f.m->n_channels, 0);
	fx_free(&f);
	assert_int_equal(load_text(&f, "v.yaml", "asyncapi: '3.1.0'\n"), 0);
	assert_int_equal(f.m->major, MODEL_V3);
	fx_free(&f);
	assert_int_equal(load_text(&f, "v.yaml", "[1, 2]\n"), -1);
	assert_int_equal(count_rule(f.d, "model-type", DIAG_ERROR), 1);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(v2_and_v3_map_to_the_same_model),
	        cmocka_unit_test(v2_keeps_its_keyword_and_labels),
	        cmocka_unit_test(info_tags_and_docs_from_either_place),
	        cmocka_unit_test(server_variables_and_security_with_scopes),
	        cmocka_unit_test(content_type_falls_back_to_default),
	        cmocka_unit_test(message_fields),
	        cmocka_unit_test(components_only_message_and_schema_are_listed),
	        cmocka_unit_test(message_reached_by_several_refs_is_one),
	        cmocka_unit_test(oneof_gives_several_messages),
	        cmocka_unit_test(v2_traits_win_over_the_object),
	        cmocka_unit_test(v3_object_wins_over_its_traits),
	        cmocka_unit_test(circular_schemas_merged_by_traits_finish),
	        cmocka_unit_test(v3_reply_and_dynamic_channel),
	        cmocka_unit_test(parameters_v2_schema_v3_values),
	        cmocka_unit_test(v3_operation_on_a_component_channel),
	        cmocka_unit_test(ids_are_slugs_numbered_on_collision),
	        cmocka_unit_test(ids_are_unique_and_stable),
	        cmocka_unit_test(slug_rules),
	        cmocka_unit_test(five_thousand_colliding_channels_stay_fast),
	        cmocka_unit_test(traits_copy_at_most_the_budget),
	        cmocka_unit_test(wrong_types_warn_and_are_skipped_v2),
	        cmocka_unit_test(wrong_types_warn_and_are_skipped_v3),
	        cmocka_unit_test(version_is_checked),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
