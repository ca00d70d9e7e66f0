/*
 * Tests of snippet: golden command lines for every protocol
 * (tests/data/snippet/protocols.*), and a hostile document whose snippets
 * are run by a real bash with every tool replaced by a function that
 * prints its arguments: each argument must be exactly the value intended
 * and nothing may run (no CANARY file appears).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/snippet.h"
#include "util/diag.h"
#include "util/shell.h"
#include "util/strbuf.h"

#define DATA TEST_DATA "/snippet/"

struct fx {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
};

static void
fx_load(struct fx *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->diags = diag_list_new();
	assert_non_null(f->diags);
	assert_int_equal(loader_load(&f->doc, name, NULL, f->diags), 0);
	assert_int_equal(model_new(&f->m, f->doc, f->diags), 0);
}

static void
fx_free(struct fx *f)
{
	model_free(f->m);
	loader_doc_free(f->doc);
	diag_list_free(f->diags);
}

/* Every snippet of every operation, as the golden file holds them. */
static char *
all_snippets(const struct model *m)
{
	struct strbuf b = STRBUF_INIT;
	struct snippet_list *l;
	size_t i, j;

	for (i = 0; i < m->n_operations; i++) {
		assert_int_equal(snippet_list_new(&l, m, m->operations[i]), 0);
		for (j = 0; j < l->n; j++)
			strbuf_printf(&b, "## %s %s %s (%s, server %s)\n%s\n\n",
			              m->operations[i]->id, l->items[j].label,
			              l->items[j].dir == SNIPPET_SEND ? "send"
			                                              : "receive",
			              l->items[j].tool ? l->items[j].tool : "-",
			              l->items[j].server->id,
			              l->items[j].text ? l->items[j].text
			                               : "(no snippet)");
		snippet_list_free(l);
	}
	return strbuf_take(&b);
}

static void
test_shell_quote(void **state)
{
	struct strbuf b = STRBUF_INIT;

	(void)state;
	shell_quote(&b, "it's");
	strbuf_putc(&b, ' ');
	shell_quote(&b, "");
	strbuf_putc(&b, ' ');
	shell_quote(&b, NULL);
	strbuf_putc(&b, ' ');
	shell_quote(&b, "''");
	assert_string_equal(b.p, "'it'\\''s' '' '' ''\\'''\\'''");
	strbuf_free(&b);
}

/* SNIPPET_UPDATE=1 rewrites the golden file (review the diff). */
static void
test_golden(void **state)
{
	struct fx f;
	char *got, *want;

	(void)state;
	fx_load(&f, DATA "protocols.yaml");
	got = all_snippets(f.m);
	assert_non_null(got);
	if (getenv("SNIPPET_UPDATE") != NULL)
		helpers_write_file(DATA, "protocols.expected", got);
	want = helpers_read_file(DATA, "protocols.expected", NULL);
	assert_non_null(want);
	assert_string_equal(got, want);
	free(got);
	free(want);
	fx_free(&f);
}

/* Every server listed on no channel: all servers; none at all: no list. */
static void
test_no_servers(void **state)
{
	static const char text[] = "asyncapi: 3.0.0\n"
	                           "info: {title: t, version: '1'}\n"
	                           "channels: {c: {address: a}}\n"
	                           "operations:\n"
	                           "  o: {action: send, channel: {$ref: "
	                           "'#/channels/c'}}\n";
	struct fx f;
	struct snippet_list *l;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.diags = diag_list_new();
	assert_int_equal(loader_load_buffer(&f.doc, "t.yaml", text,
	                                    strlen(text), NULL, f.diags),
	                 0);
	assert_int_equal(model_new(&f.m, f.doc, f.diags), 0);
	assert_int_equal(snippet_list_new(&l, f.m, f.m->operations[0]), 0);
	assert_int_equal(l->n, 0);
	snippet_list_free(l);
	fx_free(&f);
}

/* ------------------------------------------------------------ hostile */

#define H   "a'b\"c$(touch CANARY)`touch CANARY`;d|e&f *g\\h!i"
#define A   H "/x'\n$(touch CANARY)"
#define P   "{\"x\":\"a'b\\\"c$(touch CANARY)`touch CANARY`;d|e&f *g\\\\h!i\"}"
#define IN  "<stdin>"
#define SEC "-X", "security.protocol=SASL_PLAINTEXT", "-X", \
	"sasl.mechanisms=PLAIN", "-X", "sasl.username=u", "-X", \
	"sasl.password=p"

struct want {
	const char *op, *label;
	const char *argv[32];
};

static const struct want wants[] = {
        {"listen", "MQTT", {"mosquitto_sub", "-h", H, "-t", A, "-u", "u",
                            "-P", "p", "-v"}},
        {"listen", "Kafka", {"kcat", "-C", "-b", H, SEC, "-t", A}},
        {"listen", "AMQP 0-9-1", {"amqp-consume", "-s", H, "--username",
                                  "u", "--password", "p", "-e", H, "-r", A,
                                  "cat"}},
        {"listen", "WebSocket", {"websocat", "--basic-auth", "u:p",
                                 "ws://" H "/" A}},
        {"listen", "HTTP", {"curl", "-N", "-X", "GET", "http://" H "/" A,
                            "-u", "u:p"}},
        {"listen", "NATS", {"nats", "sub", "--server", "nats://" H, A,
                            "--queue", H, "--user", "u", "--password",
                            "p"}},
        {"listen", "Redis", {"redis-cli", "-h", H, "--user", "u", "--pass",
                             "p", "SUBSCRIBE", A}},
        {"feed", "MQTT", {"mosquitto_pub", "-h", H, "-t", A, "-u", "u",
                          "-P", "p", "-m", P}},
        {"feed", "Kafka", {"kcat", "-P", "-b", H, SEC, "-t", A, "-k", H,
                           "-H", "k=" H, IN P}},
        {"feed", "AMQP 0-9-1", {"amqp-publish", "-s", H, "--username", "u",
                                "--password", "p", "-e", H, "-r", A, "-b",
                                P}},
        {"feed", "WebSocket", {"websocat", "--basic-auth", "u:p",
                               "ws://" H "/" A, IN P}},
        {"feed", "HTTP", {"curl", "-X", H, "http://" H "/" A, "-u", "u:p",
                          "-H", "k: " H, "--data-raw", P}},
        {"feed", "NATS", {"nats", "pub", "--server", "nats://" H, A, P,
                          "-H", "k:" H, "--user", "u", "--password", "p"}},
        {"feed", "Redis", {"redis-cli", "-h", H, "--user", "u", "--pass",
                           "p", "PUBLISH", A, P}},
};

/* Each tool a function printing its name, arguments and stdin lines. */
static const char stubs[] =
        "stub() { printf '%s\\0' \"$@\"; "
        "while IFS= read -r l || [ -n \"$l\" ]; do "
        "printf '<stdin>%s\\0' \"$l\"; done; }\n"
        "mosquitto_sub() { stub mosquitto_sub \"$@\"; }\n"
        "mosquitto_pub() { stub mosquitto_pub \"$@\"; }\n"
        "kcat() { stub kcat \"$@\"; }\n"
        "amqp-consume() { stub amqp-consume \"$@\"; }\n"
        "amqp-publish() { stub amqp-publish \"$@\"; }\n"
        "websocat() { stub websocat \"$@\"; }\n"
        "curl() { stub curl \"$@\"; }\n"
        "nats() { stub nats \"$@\"; }\n"
        "redis-cli() { stub redis-cli \"$@\"; }\n";

/* Runs text in bash in dir; its NUL-separated output in *out (*len). */
static void
run_bash(char **out, size_t *len, const char *dir, const char *text)
{
	struct strbuf script = STRBUF_INIT, cmd = STRBUF_INIT, res = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *p;

	strbuf_puts(&script, stubs);
	strbuf_puts(&script, text);
	strbuf_putc(&script, '\n');
	helpers_write_file(dir, "snippet.sh", script.p);
	strbuf_printf(&cmd,
	              "cd '%s' && env -i PATH=/nonexistent USERNAME=u "
	              "PASSWORD=p /bin/bash --norc --noprofile snippet.sh "
	              "</dev/null",
	              dir);
	p = popen(cmd.p, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_putn(&res, buf, n);
	assert_int_equal(pclose(p), 0);
	*len = res.len;
	*out = res.p != NULL ? strbuf_take(&res) : strdup("");
	strbuf_free(&script);
	strbuf_free(&cmd);
}

static void
check_argv(const struct want *w, const char *got, size_t len)
{
	size_t i, at = 0;

	for (i = 0; w->argv[i] != NULL; i++) {
		if (at >= len)
			fail_msg("%s %s: argument %zu missing (want [%s])",
			         w->op, w->label, i, w->argv[i]);
		if (strcmp(got + at, w->argv[i]) != 0)
			fail_msg("%s %s: argument %zu is [%s], want [%s]",
			         w->op, w->label, i, got + at, w->argv[i]);
		at += strlen(got + at) + 1;
	}
	if (at != len)
		fail_msg("%s %s: extra argument [%s]", w->op, w->label,
		         got + at);
}

static void
test_hostile(void **state)
{
	char dir[] = "/tmp/asyncdoc-snippet.XXXXXX";
	struct snippet_list *l;
	struct stat st;
	char *got, canary[64];
	size_t i, j, len, checked = 0;
	struct fx f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(canary, sizeof(canary), "%s/CANARY", dir);
	fx_load(&f, DATA "hostile.yaml");
	for (i = 0; i < f.m->n_operations; i++) {
		assert_int_equal(snippet_list_new(&l, f.m, f.m->operations[i]),
		                 0);
		assert_int_equal(l->n, 7);
		for (j = 0; j < sizeof(wants) / sizeof(wants[0]); j++) {
			const struct snippet *s;
			size_t k;

			if (strcmp(wants[j].op, f.m->operations[i]->id) != 0)
				continue;
			for (k = 0, s = NULL; k < l->n; k++)
				if (strcmp(l->items[k].label,
				           wants[j].label) == 0)
					s = &l->items[k];
			assert_non_null(s);
			assert_non_null(s->text);
			run_bash(&got, &len, dir, s->text);
			check_argv(&wants[j], got, len);
			assert_int_not_equal(stat(canary, &st), 0);
			free(got);
			checked++;
		}
		snippet_list_free(l);
	}
	assert_int_equal(checked, sizeof(wants) / sizeof(wants[0]));
	unlink(canary);
	snprintf(canary, sizeof(canary), "%s/snippet.sh", dir);
	unlink(canary);
	rmdir(dir);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_shell_quote),
	        cmocka_unit_test(test_golden),
	        cmocka_unit_test(test_no_servers),
	        cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
