/*
 * Tests of the semantic rules: for every rule a document that breaks it
 * (rule id, severity and line:col of the one finding) and the clean
 * documents that use the same feature correctly (no finding).
 */
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

#include "util/diag.h"
#include "helpers.h"
#include "load/loader.h"
#include "model/model.h"
#include "check/rules.h"

struct run {
	struct diag_list *load; /* loader and model diagnostics */
	struct diag_list *d;    /* rules_check's */
	struct loader_doc *doc;
	struct model *m;
	int rc; /* rules_check's return */
	size_t work; /* rules_check_work's count */
};

static void
run_model(struct run *x)
{
	x->d = diag_list_new();
	assert_non_null(x->d);
	assert_int_equal(model_new(&x->m, x->doc, x->load), 0);
	x->rc = rules_check_work(&x->work, x->m, x->d);
}

/* Loads tests/data/rules/<name> and runs the rules on it. */
static void
run_file(struct run *x, const char *name)
{
	char path[1024];

	memset(x, 0, sizeof(*x));
	snprintf(path, sizeof(path), "%s/rules/%s", TEST_DATA, name);
	x->load = diag_list_new();
	assert_non_null(x->load);
	assert_int_equal(loader_load(&x->doc, path, NULL, x->load), 0);
	run_model(x);
}

static void
run_text(struct run *x, const char *text)
{
	memset(x, 0, sizeof(*x));
	x->load = diag_list_new();
	assert_non_null(x->load);
	assert_int_equal(loader_load_buffer(&x->doc, "mem.yaml", text,
	                                    strlen(text), NULL, x->load),
	                 0);
	run_model(x);
}

static void
run_free(struct run *x)
{
	model_free(x->m);
	loader_doc_free(x->doc);
	diag_list_free(x->load);
	diag_list_free(x->d);
}

/* The copy lives in tests/helpers.c. */
#define count_rule helpers_count_rule

/* The copy lives in tests/helpers.c. */
#define find_rule helpers_find_rule

/* The file breaks rule exactly once, at line:col, with severity sev. */
static void
expect_one(const char *file, const char *rule, enum diag_severity sev,
           uint32_t line, uint32_t col)
{
	const struct diag *g;
	struct run x;

	run_file(&x, file);
	if (count_rule(x.d, rule) != 1)
		fail_msg("%s: %zu findings of %s, expected 1", file,
		         count_rule(x.d, rule), rule);
	g = find_rule(x.d, rule);
	assert_int_equal(g->severity, sev);
	if (g->line != line || g->col != col)
		fail_msg("%s: %s at %u:%u, expected %u:%u (%s)", file, rule,
		         g->line, g->col, line, col, g->message);
	assert_non_null(g->file);
	assert_non_null(strstr(g->file, file));
	assert_true(strlen(g->message) > 0);
	run_free(&x);
}

/* The file does not break rule. */
static void
expect_none(const char *file, const char *rule)
{
	struct run x;

	run_file(&x, file);
	if (count_rule(x.d, rule) != 0)
		fail_msg("%s: unexpected %s: %s", file, rule,
		         find_rule(x.d, rule)->message);
	run_free(&x);
}

/* The message of the single finding of rule in file contains text. */
static void
expect_message(const char *file, const char *rule, const char *text)
{
	const struct diag *g;
	struct run x;

	run_file(&x, file);
	g = find_rule(x.d, rule);
	assert_non_null(g);
	if (!strstr(g->message, text))
		fail_msg("%s: '%s' lacks '%s'", file, g->message, text);
	run_free(&x);
}

/* ------------------------------------------------------------ cases */

static void
clean_documents_have_no_findings(void **state)
{
	static const char *const files[] = {"clean-v2.yaml", "clean-v3.yaml"};
	struct run x;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		run_file(&x, files[i]);
		if (diag_count(x.d) != 0)
			fail_msg("%s: %s: %s", files[i], diag_at(x.d, 0)->rule,
			         diag_at(x.d, 0)->message);
		assert_int_equal(x.rc, 0);
		run_free(&x);
	}
}

static void
returns_the_number_of_errors(void **state)
{
	struct run x;

	(void)state;
	/* One error; the warnings and infos do not count. */
	run_file(&x, "server-variables-defined-v3.yaml");
	assert_int_equal(x.rc, 1);
	run_free(&x);
	run_file(&x, "info-hints-v2.yaml");
	assert_int_equal(x.rc, 0);
	assert_int_equal(diag_count(x.d), 3);
	run_free(&x);
}

static void
rules_list_is_consistent(void **state)
{
	const struct rules_info *r;
	size_t n, i, j;
	const char *p;

	(void)state;
	r = rules_list(&n);
	assert_true(n >= 30);
	for (i = 0; i < n; i++) {
		assert_non_null(r[i].id);
		assert_true(strlen(r[i].description) > 10);
		for (p = r[i].id; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') ||
			            (*p >= '0' && *p <= '9') || *p == '-');
		for (j = 0; j < i; j++)
			assert_string_not_equal(r[i].id, r[j].id);
	}
}

static void
operation_id_unique(void **state)
{
	(void)state;
	expect_one("operation-id-unique-v2.yaml", "operation-id-unique",
	           DIAG_ERROR, 14, 20);
	expect_message("operation-id-unique-v2.yaml", "operation-id-unique",
	               "(line 8)");
	expect_none("clean-v2.yaml", "operation-id-unique");
}

static void
message_id_unique(void **state)
{
	(void)state;
	expect_one("message-id-unique-v2.yaml", "message-id-unique", DIAG_ERROR,
	           21, 18);
	/* clean-v2 uses one message with a messageId in two operations. */
	expect_none("clean-v2.yaml", "message-id-unique");
}

static void
channel_parameters_defined(void **state)
{
	(void)state;
	expect_one("channel-parameters-defined-v2.yaml",
	           "channel-parameters-defined", DIAG_ERROR, 6, 3);
	expect_message("channel-parameters-defined-v2.yaml",
	               "channel-parameters-defined",
	               "parameter 'orderId' is used in address "
	               "'users/{userId}/orders/{orderId}' but not defined");
	expect_one("channel-parameters-defined-v3.yaml",
	           "channel-parameters-defined", DIAG_ERROR, 7, 14);
	expect_none("clean-v2.yaml", "channel-parameters-defined");
	expect_none("clean-v3.yaml", "channel-parameters-defined");
}

static void
channel_parameters_used(void **state)
{
	(void)state;
	expect_one("channel-parameters-used-v2.yaml", "channel-parameters-used",
	           DIAG_WARNING, 11, 7);
	expect_one("channel-parameters-used-v3.yaml", "channel-parameters-used",
	           DIAG_WARNING, 9, 7);
	expect_none("clean-v2.yaml", "channel-parameters-used");
	expect_none("clean-v3.yaml", "channel-parameters-used");
}

static void
channel_parameter_enum(void **state)
{
	(void)state;
	expect_one("channel-parameter-enum-v3.yaml", "channel-parameter-enum",
	           DIAG_WARNING, 11, 18);
	expect_none("clean-v3.yaml", "channel-parameter-enum");
}

static void
parameter_location(void **state)
{
	(void)state;
	expect_one("parameter-location-v2.yaml", "parameter-location",
	           DIAG_ERROR, 9, 19);
	expect_one("parameter-location-v3.yaml", "parameter-location",
	           DIAG_ERROR, 10, 19);
	expect_none("clean-v2.yaml", "parameter-location");
	expect_none("clean-v3.yaml", "parameter-location");
}

static void
server_variables_defined(void **state)
{
	(void)state;
	expect_one("server-variables-defined-v2.yaml",
	           "server-variables-defined", DIAG_ERROR, 7, 10);
	expect_one("server-variables-defined-v3.yaml",
	           "server-variables-defined", DIAG_ERROR, 8, 15);
	expect_none("clean-v2.yaml", "server-variables-defined");
	expect_none("clean-v3.yaml", "server-variables-defined");
}

static void
server_variables_used(void **state)
{
	(void)state;
	expect_one("server-variables-used-v2.yaml", "server-variables-used",
	           DIAG_WARNING, 10, 7);
	expect_one("server-variables-used-v3.yaml", "server-variables-used",
	           DIAG_WARNING, 12, 7);
	expect_none("clean-v2.yaml", "server-variables-used");
	expect_none("clean-v3.yaml", "server-variables-used");
}

static void
server_variable_enum(void **state)
{
	(void)state;
	expect_one("server-variable-enum-v2.yaml", "server-variable-enum",
	           DIAG_WARNING, 13, 28);
	expect_one("server-variable-enum-v3.yaml", "server-variable-enum",
	           DIAG_WARNING, 12, 18);
	expect_none("clean-v2.yaml", "server-variable-enum");
	expect_none("clean-v3.yaml", "server-variable-enum");
}

static void
address_empty_expression(void **state)
{
	(void)state;
	expect_one("address-empty-expression-v2.yaml",
	           "address-empty-expression", DIAG_WARNING, 7, 10);
	expect_one("address-empty-expression-v3.yaml",
	           "address-empty-expression", DIAG_WARNING, 7, 14);
	/* An empty {} is no variable and no parameter to define. */
	expect_none("address-empty-expression-v2.yaml",
	            "server-variables-defined");
	expect_none("address-empty-expression-v3.yaml",
	            "channel-parameters-defined");
	expect_none("clean-v2.yaml", "address-empty-expression");
	expect_none("clean-v3.yaml", "address-empty-expression");
}

static void
security_scheme_defined(void **state)
{
	(void)state;
	expect_one("security-scheme-defined-v2.yaml", "security-scheme-defined",
	           DIAG_ERROR, 11, 9);
	expect_none("clean-v2.yaml", "security-scheme-defined");
	expect_none("clean-v3.yaml", "security-scheme-defined");
}

static void
security_scopes_defined(void **state)
{
	(void)state;
	expect_one("security-scopes-defined-v2.yaml", "security-scopes-defined",
	           DIAG_ERROR, 9, 34);
	expect_one("security-scopes-defined-v3.yaml", "security-scopes-defined",
	           DIAG_ERROR, 20, 16);
	/* Only oauth2 and openIdConnect schemes take scopes (v2). */
	expect_one("security-scopes-empty-v2.yaml", "security-scopes-defined",
	           DIAG_ERROR, 10, 18);
	/* clean-v2 lists openIdConnect scopes: they cannot be checked. */
	expect_none("clean-v2.yaml", "security-scopes-defined");
	expect_none("clean-v3.yaml", "security-scopes-defined");
}

static void
operation_channel_ref(void **state)
{
	(void)state;
	expect_one("operation-channel-ref-v3.yaml", "operation-channel-ref",
	           DIAG_ERROR, 15, 13);
	expect_none("clean-v3.yaml", "operation-channel-ref");
}

static void
operation_messages_of_channel(void **state)
{
	(void)state;
	expect_one("operation-messages-of-channel-v3.yaml",
	           "operation-messages-of-channel", DIAG_ERROR, 23, 15);
	/* The channel's message, but not through the channel. */
	expect_one("operation-messages-direct-v3.yaml",
	           "operation-messages-of-channel", DIAG_ERROR, 17, 15);
	expect_message("operation-messages-direct-v3.yaml",
	               "operation-messages-of-channel", "directly");
	/* Reply messages belong to the reply channel. */
	expect_one("reply-messages-of-channel-v3.yaml",
	           "operation-messages-of-channel", DIAG_ERROR, 27, 17);
	expect_none("clean-v3.yaml", "operation-messages-of-channel");
}

static void
channel_servers_ref(void **state)
{
	(void)state;
	expect_one("channel-servers-ref-v2.yaml", "channel-servers-ref",
	           DIAG_ERROR, 11, 27);
	expect_one("channel-servers-ref-v3.yaml", "channel-servers-ref",
	           DIAG_ERROR, 14, 15);
	expect_none("clean-v2.yaml", "channel-servers-ref");
	expect_none("clean-v3.yaml", "channel-servers-ref");
}

static void
channel_address_no_query(void **state)
{
	(void)state;
	expect_one("channel-address-no-query-v2.yaml",
	           "channel-address-no-query", DIAG_ERROR, 6, 3);
	expect_one("channel-address-no-query-v3.yaml",
	           "channel-address-no-query", DIAG_ERROR, 7, 14);
	expect_none("clean-v2.yaml", "channel-address-no-query");
	expect_none("clean-v3.yaml", "channel-address-no-query");
}

static void
tag_names_unique(void **state)
{
	(void)state;
	/* In a message trait: reported once, where it is written. */
	expect_one("tag-names-unique-v2.yaml", "tag-names-unique", DIAG_ERROR,
	           19, 17);
	expect_one("tag-names-unique-v3.yaml", "tag-names-unique", DIAG_ERROR,
	           7, 13);
	expect_none("clean-v2.yaml", "tag-names-unique");
	expect_none("clean-v3.yaml", "tag-names-unique");
}

static void
reply_address_location(void **state)
{
	(void)state;
	expect_one("reply-address-location-v3.yaml", "reply-address-location",
	           DIAG_ERROR, 15, 19);
	expect_none("clean-v3.yaml", "reply-address-location");
}

static void
correlation_id_location(void **state)
{
	(void)state;
	expect_one("correlation-id-location-v2.yaml", "correlation-id-location",
	           DIAG_ERROR, 10, 21);
	expect_one("correlation-id-location-v3.yaml", "correlation-id-location",
	           DIAG_ERROR, 8, 17);
	expect_none("clean-v2.yaml", "correlation-id-location");
	expect_none("clean-v3.yaml", "correlation-id-location");
}

static void
message_examples_valid(void **state)
{
	(void)state;
	/* Two problems in the example (type, format): one finding, the
	 * first, at the offending value. */
	expect_one("message-examples-valid-v2.yaml", "message-examples-valid",
	           DIAG_ERROR, 28, 17);
	expect_message("message-examples-valid-v2.yaml",
	               "message-examples-valid",
	               "payload of example 'wrongType' of message "
	               "'UserSignedUp' does not match its schema: at '/id': "
	               "must be integer");
	/* Headers too (v3). */
	expect_one("message-examples-valid-v3.yaml", "message-examples-valid",
	           DIAG_ERROR, 20, 15);
	expect_none("clean-v2.yaml", "message-examples-valid");
	expect_none("clean-v3.yaml", "message-examples-valid");
}

/*
 * Media types are case-insensitive and an empty schemaFormat is the
 * default: both are JSON Schema, so their examples are checked (the schema
 * view and the generated examples already treated them so).
 */
static void
message_examples_format_case(void **state)
{
	struct run x;

	(void)state;
	expect_one("message-examples-format-case-v2.yaml",
	           "message-examples-valid", DIAG_ERROR, 25, 17);
	run_text(&x, "asyncapi: '2.6.0'\n"
	             "info: {title: t, version: '1'}\n"
	             "channels:\n"
	             "  a:\n"
	             "    subscribe:\n"
	             "      message:\n"
	             "        schemaFormat: ''\n"
	             "        payload: {type: integer}\n"
	             "        examples:\n"
	             "          - payload: one\n");
	assert_int_equal(count_rule(x.d, "message-examples-valid"), 1);
	run_free(&x);
}

static void
message_examples_closest_branch(void **state)
{
	const struct diag *g;
	struct run x;

	(void)state;
	expect_one("message-examples-oneof-v2.yaml", "message-examples-valid",
	           DIAG_ERROR, 17, 22);
	run_file(&x, "message-examples-oneof-v2.yaml");
	g = find_rule(x.d, "message-examples-valid");
	assert_non_null(g->hint);
	assert_non_null(strstr(g->hint, "'Update'"));
	run_free(&x);
}

static void
message_examples_skip_other_formats(void **state)
{
	(void)state;
	expect_none("message-examples-avro-v2.yaml", "message-examples-valid");
	expect_none("message-examples-avro-v2.yaml", "schema-examples-valid");
}

static void
message_examples_across_files(void **state)
{
	const struct diag *g;
	struct run x;

	(void)state;
	run_file(&x, "multi/asyncapi.yaml");
	assert_int_equal(count_rule(x.d, "message-examples-valid"), 1);
	g = find_rule(x.d, "message-examples-valid");
	assert_non_null(strstr(g->file, "messages/user.yaml"));
	assert_int_equal(g->line, 7);
	assert_int_equal(g->col, 11);
	assert_non_null(g->via);
	assert_non_null(strstr(g->via, "asyncapi.yaml:10:15"));
	assert_non_null(strstr(g->message, "must be integer"));
	run_free(&x);
}

static void
schema_examples_valid(void **state)
{
	(void)state;
	expect_one("schema-examples-valid-v2.yaml", "schema-examples-valid",
	           DIAG_WARNING, 14, 26);
	expect_one("schema-examples-valid-v3.yaml", "schema-examples-valid",
	           DIAG_WARNING, 12, 11);
	expect_none("clean-v2.yaml", "schema-examples-valid");
	expect_none("clean-v3.yaml", "schema-examples-valid");
}

static void
schema_default_valid(void **state)
{
	(void)state;
	expect_one("schema-default-valid-v2.yaml", "schema-default-valid",
	           DIAG_WARNING, 14, 24);
	expect_one("schema-default-valid-v3.yaml", "schema-default-valid",
	           DIAG_WARNING, 10, 16);
	expect_none("clean-v2.yaml", "schema-default-valid");
	expect_none("clean-v3.yaml", "schema-default-valid");
}

static void
component_unused(void **state)
{
	(void)state;
	/* Id is used by a message, apiKey by name in a security list. */
	expect_one("component-unused-v2.yaml", "component-unused", DIAG_INFO,
	           20, 5);
	/* A schema that only refers to itself is unused. */
	expect_one("component-unused-v3.yaml", "component-unused", DIAG_INFO,
	           13, 5);
	expect_none("clean-v2.yaml", "component-unused");
	expect_none("clean-v3.yaml", "component-unused");
}

static void
info_hints(void **state)
{
	(void)state;
	expect_one("info-hints-v2.yaml", "info-description", DIAG_WARNING, 2,
	           1);
	expect_one("info-hints-v3.yaml", "info-description", DIAG_WARNING, 2,
	           1);
	expect_one("info-hints-v2.yaml", "info-contact", DIAG_INFO, 2, 1);
	expect_one("info-hints-v3.yaml", "info-contact", DIAG_INFO, 2, 1);
	expect_one("info-hints-v2.yaml", "info-license", DIAG_INFO, 2, 1);
	expect_one("info-hints-v3.yaml", "info-license", DIAG_INFO, 2, 1);
	expect_none("clean-v2.yaml", "info-description");
	expect_none("clean-v3.yaml", "info-contact");
	expect_none("clean-v3.yaml", "info-license");
}

static void
operation_hints(void **state)
{
	(void)state;
	expect_one("operation-hints-v2.yaml", "operation-id-present", DIAG_INFO,
	           7, 5);
	expect_one("operation-hints-v2.yaml", "operation-summary", DIAG_INFO, 7,
	           5);
	expect_one("operation-hints-v3.yaml", "operation-summary", DIAG_INFO,
	           13, 3);
	expect_none("clean-v2.yaml", "operation-id-present");
	expect_none("clean-v2.yaml", "operation-summary");
	expect_none("clean-v3.yaml", "operation-summary");
}

static void
message_description(void **state)
{
	(void)state;
	expect_one("operation-hints-v3.yaml", "message-description", DIAG_INFO,
	           9, 7);
	/* The v2 message has a summary. */
	expect_none("operation-hints-v2.yaml", "message-description");
	expect_none("clean-v3.yaml", "message-description");
}

static void
trailing_slashes(void **state)
{
	(void)state;
	expect_one("trailing-slash-v2.yaml", "channel-address-trailing-slash",
	           DIAG_WARNING, 10, 3);
	expect_one("trailing-slash-v3.yaml", "channel-address-trailing-slash",
	           DIAG_WARNING, 7, 14);
	expect_one("trailing-slash-v2.yaml", "server-url-trailing-slash",
	           DIAG_WARNING, 7, 10);
	expect_none("clean-v2.yaml", "channel-address-trailing-slash");
	expect_none("clean-v2.yaml", "server-url-trailing-slash");
	expect_none("clean-v3.yaml", "channel-address-trailing-slash");
}

/*
 * A security requirement may be a ref: the list goes on with the next
 * requirement, not with what follows the target; one that leads nowhere
 * (a partial document) is unknown.
 */
static void
security_requirement_refs(void **state)
{
	static const char text[] =
	        "asyncapi: '2.6.0'\n"
	        "info: {title: t, version: '1'}\n"
	        "servers:\n"
	        "  s:\n"
	        "    url: example.com\n"
	        "    protocol: mqtt\n"
	        "    security:\n"
	        "      - $ref: '#/x-req'\n"
	        "      - $ref: '#/x-nowhere'\n"
	        "      - missing: []\n"
	        "x-req: {userPass: []}\n"
	        "x-other: {alsoMissing: []}\n"
	        "channels: {}\n"
	        "components:\n"
	        "  securitySchemes: {userPass: {type: userPassword}}\n";
	struct loader_opts o = LOADER_OPTS_INIT;
	const struct diag *g;
	struct run x;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.load = diag_list_new();
	assert_non_null(x.load);
	o.partial = 1;
	assert_int_equal(loader_load_buffer(&x.doc, "mem.yaml", text,
	                                    strlen(text), &o, x.load),
	                 -1);
	assert_non_null(x.doc);
	run_model(&x);
	assert_int_equal(count_rule(x.d, "security-scheme-defined"), 1);
	g = find_rule(x.d, "security-scheme-defined");
	assert_non_null(strstr(g->message, "'missing'"));
	run_free(&x);
}

/* Members of the wrong type are the schema's business: no crash here. */
static void
odd_types_are_skipped(void **state)
{
	struct run x;

	(void)state;
	run_text(&x, "asyncapi: '2.6.0'\n"
	             "info: {title: t, version: '1', description: d,\n"
	             "  contact: {name: n}, license: {name: l}}\n"
	             "tags: 7\n"
	             "servers:\n"
	             "  s: {url: 'a{b}', protocol: ws, variables: [1],\n"
	             "      security: {x: 1}}\n"
	             "  t: 5\n"
	             "channels:\n"
	             "  'a/{p}':\n"
	             "    parameters: nope\n"
	             "    servers: [1, {}]\n"
	             "    subscribe:\n"
	             "      operationId: 3\n"
	             "      summary: s\n"
	             "      security: [[], {k: 5}, 3]\n"
	             "      tags: [1, {name: 2}, {name: 2}]\n"
	             "      message:\n"
	             "        summary: s\n"
	             "        payload: 5\n"
	             "        examples: [3, {payload: 1}]\n"
	             "components:\n"
	             "  schemas: []\n"
	             "  securitySchemes: {k: {type: oauth2, flows: 3}}\n");
	/* What they can still say, they say. */
	assert_int_equal(count_rule(x.d, "server-variables-defined"), 1);
	assert_int_equal(count_rule(x.d, "channel-parameters-defined"), 1);
	run_free(&x);
	run_text(&x, "asyncapi: 3.0.0\n"
	             "info: {title: t, version: '1', description: d,\n"
	             "  contact: {name: n}, license: {name: l}, tags: {}}\n"
	             "channels:\n"
	             "  c: {address: 7, parameters: [], servers: 3,\n"
	             "      messages: {m: 1}}\n"
	             "operations:\n"
	             "  o: {action: send, summary: s, channel: 3,\n"
	             "      messages: {}, reply: {address: 4}}\n"
	             "  p: 4\n"
	             "components: {replyAddresses: {r: {location: 5}}}\n");
	assert_int_equal(x.rc, 0);
	run_free(&x);
}

/*
 * A channel with n address parameters, all defined; a server variable
 * with n enum values and n examples (in reverse order), unused.
 */
static char *
large_lists(size_t n)
{
	size_t cap = n * 120 + 4096, len = 0, i;
	char *text = malloc(cap);

	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len,
	                        "asyncapi: 3.0.0\n"
	                        "info: {title: t, version: '1'}\n"
	                        "channels:\n  c:\n    address: '");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "{p%zu}/", i);
	len += (size_t)snprintf(text + len, cap - len, "x'\n    parameters:\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(
		        text + len, cap - len,
		        "      p%zu: {enum: [a, b], default: a}\n", i);
	len += (size_t)snprintf(
	        text + len, cap - len,
	        "servers:\n  s:\n    host: h\n    protocol: "
	        "ws\n    variables:\n      v:\n        enum:\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len,
		                        "          - 'e%zu'\n", i);
	len += (size_t)snprintf(text + len, cap - len, "        examples:\n");
	for (i = 0; i < n && len + 64 < cap; i++)
		len += (size_t)snprintf(text + len, cap - len,
		                        "          - 'e%zu'\n", n - 1 - i);
	assert_true(len + 64 < cap);
	return text;
}

/* Hostile sizes stay linear: no scan of one list per item of another. */
static void
large_lists_stay_linear(void **state)
{
	char *text = large_lists(5000);
	size_t small;
	struct run x;

	(void)state;
	run_text(&x, text);
	small = x.work;
	run_free(&x);
	free(text);
	text = large_lists(20000);
	run_text(&x, text);
	/* Every parameter is defined and used; the variable is unused. */
	assert_int_equal(count_rule(x.d, "channel-parameters-defined"), 0);
	assert_int_equal(count_rule(x.d, "channel-parameters-used"), 0);
	assert_int_equal(count_rule(x.d, "server-variable-enum"), 0);
	assert_int_equal(count_rule(x.d, "server-variables-used"), 1);
	/* the rules' work (hash-map slots), exact on any machine */
	helpers_assert_linear(small, x.work, "rules work");
	run_free(&x);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(clean_documents_have_no_findings),
	        cmocka_unit_test(returns_the_number_of_errors),
	        cmocka_unit_test(rules_list_is_consistent),
	        cmocka_unit_test(operation_id_unique),
	        cmocka_unit_test(message_id_unique),
	        cmocka_unit_test(channel_parameters_defined),
	        cmocka_unit_test(channel_parameters_used),
	        cmocka_unit_test(channel_parameter_enum),
	        cmocka_unit_test(parameter_location),
	        cmocka_unit_test(server_variables_defined),
	        cmocka_unit_test(server_variables_used),
	        cmocka_unit_test(server_variable_enum),
	        cmocka_unit_test(address_empty_expression),
	        cmocka_unit_test(security_scheme_defined),
	        cmocka_unit_test(security_scopes_defined),
	        cmocka_unit_test(operation_channel_ref),
	        cmocka_unit_test(operation_messages_of_channel),
	        cmocka_unit_test(channel_servers_ref),
	        cmocka_unit_test(channel_address_no_query),
	        cmocka_unit_test(tag_names_unique),
	        cmocka_unit_test(reply_address_location),
	        cmocka_unit_test(correlation_id_location),
	        cmocka_unit_test(message_examples_valid),
	        cmocka_unit_test(message_examples_format_case),
	        cmocka_unit_test(message_examples_closest_branch),
	        cmocka_unit_test(message_examples_skip_other_formats),
	        cmocka_unit_test(message_examples_across_files),
	        cmocka_unit_test(schema_examples_valid),
	        cmocka_unit_test(schema_default_valid),
	        cmocka_unit_test(component_unused),
	        cmocka_unit_test(info_hints),
	        cmocka_unit_test(operation_hints),
	        cmocka_unit_test(message_description),
	        cmocka_unit_test(trailing_slashes),
	        cmocka_unit_test(security_requirement_refs),
	        cmocka_unit_test(odd_types_are_skipped),
	        cmocka_unit_test(large_lists_stay_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
