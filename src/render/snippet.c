/*
 * snippet: command lines per protocol for an operation (see snippet.h).
 *
 * Each command is built in a strbuf: our fixed words are put as they are,
 * every value from the document through word() (shell_quote), so the
 * safety rule lives in one place.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "model/model.h"
#include "render/example.h"
#include "render/snippet.h"
#include "util/array.h"
#include "util/node.h"
#include "util/shell.h"
#include "util/strbuf.h"

/* -------------------------------------------------- what a snippet uses */

enum sec_kind { SEC_NONE, SEC_USERPASS, SEC_TOKEN, SEC_APIKEY, SEC_CERT };

/* Everything the protocol writers need, resolved once per snippet. */
struct wire {
	const struct model *m;
	const struct model_operation *op;
	const struct model_server *srv;
	const struct model_message *msg; /* first message, or NULL */
	enum snippet_dir dir;
	char *scheme; /* "mqtt", or NULL when the URL has none */
	char *host;
	char *port; /* NULL when the URL has none */
	char *path; /* "" or "/..." */
	char *address; /* channel address, parameters filled in */
	char *payload; /* compact JSON (or the string), or NULL */
	cJSON *headers; /* example headers object (owned), or NULL */
	enum sec_kind sec;
	const char *sec_name; /* apiKey header/parameter name, or NULL */
	int oom;
};

/* The binding of protocol in bs, or NULL. */
static const cJSON *
binding(const struct model_bindings *bs, const char *protocol)
{
	size_t i;

	for (i = 0; i < bs->n; i++)
		if (bs->items[i].protocol != NULL &&
		    strcmp(bs->items[i].protocol, protocol) == 0)
			return bs->items[i].node;
	return NULL;
}

/* Scalar text of member key of obj, or NULL (objects, arrays, absent). */
static const char *
scalar(const cJSON *obj, const char *key, char *buf, size_t size)
{
	const cJSON *n = node_get(obj, key);

	return n != NULL ? node_text(n, buf, size) : NULL;
}

/* The first of a string list, or NULL. */
static const char *
first(const char **v, size_t n)
{
	return n > 0 ? v[0] : NULL;
}

/* A value of a (v2) parameter schema: examples, enum, default. */
static const char *
schema_value(const cJSON *schema, char *buf, size_t size)
{
	const cJSON *n;
	const char *v;

	if (schema == NULL)
		return NULL;
	n = node_get(schema, "examples");
	if (cJSON_IsArray(n) && n->child != NULL &&
	    (v = node_text(n->child, buf, size)) != NULL)
		return v;
	n = node_get(schema, "enum");
	if (cJSON_IsArray(n) && n->child != NULL &&
	    (v = node_text(n->child, buf, size)) != NULL)
		return v;
	if ((v = scalar(schema, "default", buf, size)) != NULL)
		return v;
	if ((v = scalar(schema, "const", buf, size)) != NULL)
		return v;
	return scalar(schema, "example", buf, size);
}

/* {name} in text replaced by lookup(name), else "<name>", appended to b. */
typedef const char *(*lookup_fn)(const void *arg, const char *name,
                                 size_t len, char *buf, size_t size);

static void
fill_template(struct strbuf *b, const char *text, lookup_fn lookup,
              const void *arg)
{
	const char *p = text, *open, *close;
	char buf[64];
	const char *v;

	while ((open = strchr(p, '{')) != NULL &&
	       (close = strchr(open + 1, '}')) != NULL) {
		strbuf_putn(b, p, (size_t)(open - p));
		v = lookup(arg, open + 1, (size_t)(close - open - 1), buf,
		           sizeof(buf));
		if (v != NULL) {
			strbuf_puts(b, v);
		} else {
			strbuf_putc(b, '<');
			strbuf_putn(b, open + 1, (size_t)(close - open - 1));
			strbuf_putc(b, '>');
		}
		p = close + 1;
	}
	strbuf_puts(b, p);
}

static int
name_is(const char *name, const char *s, size_t len)
{
	return name != NULL && strlen(name) == len && memcmp(name, s, len) == 0;
}

static const char *
server_var(const void *arg, const char *name, size_t len, char *buf,
           size_t size)
{
	const struct model_server *s = arg;
	const struct model_server_var *v;
	size_t i;

	(void)buf;
	(void)size;
	for (i = 0; i < s->n_variables; i++) {
		v = s->variables[i];
		if (!name_is(v->name, name, len))
			continue;
		if (v->default_value != NULL)
			return v->default_value;
		if (first(v->enum_values, v->n_enum) != NULL)
			return v->enum_values[0];
		return first(v->examples, v->n_examples);
	}
	return NULL;
}

static const char *
channel_param(const void *arg, const char *name, size_t len, char *buf,
              size_t size)
{
	const struct model_channel *ch = arg;
	const struct model_parameter *p;
	size_t i;

	for (i = 0; i < ch->n_parameters; i++) {
		p = ch->parameters[i];
		if (!name_is(p->name, name, len))
			continue;
		if (first(p->examples, p->n_examples) != NULL)
			return p->examples[0];
		if (first(p->enum_values, p->n_enum) != NULL)
			return p->enum_values[0];
		if (p->default_value != NULL)
			return p->default_value;
		return p->schema != NULL
		               ? schema_value(p->schema->schema, buf, size)
		               : NULL;
	}
	return NULL;
}

/* Splits the server's URL into scheme, host, port and path. */
static void
split_url(struct wire *w)
{
	struct strbuf b = STRBUF_INIT;
	const char *u, *sep, *host, *end, *colon;
	const struct model_server *s = w->srv;

	fill_template(&b, s->url != NULL ? s->url : s->host ? s->host : "",
	              server_var, s);
	if (s->url == NULL && s->pathname != NULL)
		fill_template(&b, s->pathname, server_var, s);
	if (b.oom || (u = b.p) == NULL) {
		w->oom = b.oom;
		strbuf_free(&b);
		return;
	}
	sep = strstr(u, "://");
	host = sep != NULL ? sep + 3 : u;
	if (sep != NULL)
		w->scheme = strndup(u, (size_t)(sep - u));
	end = host + strcspn(host, "/?#");
	/* [v6]:port */
	colon = host[0] == '[' ? strchr(host, ']') : host;
	colon = colon != NULL && colon < end ? memchr(colon, ':',
	                                              (size_t)(end - colon))
	                                     : NULL;
	w->host = strndup(host, (size_t)((colon != NULL ? colon : end) - host));
	if (colon != NULL && colon + 1 < end)
		w->port = strndup(colon + 1, (size_t)(end - colon - 1));
	w->path = strdup(*end == '/' ? end : "");
	if (w->host == NULL || w->path == NULL ||
	    (sep != NULL && w->scheme == NULL))
		w->oom = 1;
	strbuf_free(&b);
}

/* A value as text: a string as it is, anything else compact JSON. */
static char *
value_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return strdup(v->valuestring);
	return node_print(v, 0);
}

/* The message's example payload and headers, given or generated. */
static void
find_example(struct wire *w)
{
	const struct model_message *msg = w->msg;
	cJSON *payload = NULL;

	if (msg == NULL)
		return;
	if (msg->n_examples > 0) {
		if (example_copy(&payload, w->m->doc, msg->examples[0]->payload,
		                 NULL) != 0 ||
		    example_copy(&w->headers, w->m->doc,
		                 msg->examples[0]->headers, NULL) != 0)
			w->oom = 1;
	}
	if (payload == NULL && msg->payload != NULL &&
	    msg->payload->schema != NULL &&
	    example_generate(&payload, w->m->doc, msg->payload->schema,
	                     msg->schema_format, NULL) != 0)
		w->oom = 1;
	if (w->headers == NULL && msg->headers != NULL &&
	    msg->headers->schema != NULL &&
	    example_generate(&w->headers, w->m->doc, msg->headers->schema,
	                     NULL, NULL) != 0)
		w->oom = 1;
	if (payload != NULL && (w->payload = value_text(payload)) == NULL)
		w->oom = 1;
	if (!cJSON_IsObject(w->headers)) {
		cJSON_Delete(w->headers);
		w->headers = NULL;
	}
	cJSON_Delete(payload);
}

/* The kind of credentials the operation (else its server) asks for. */
static void
find_security(struct wire *w)
{
	const struct model_security *sec = w->op->security.n > 0
	                                           ? &w->op->security
	                                           : &w->srv->security;
	const struct model_security_scheme *s;
	const char *t;

	if (sec->n == 0 || sec->sets[0].n == 0 ||
	    (s = sec->sets[0].reqs[0].scheme) == NULL || s->type == NULL)
		return;
	t = s->type;
	if (strcmp(t, "X509") == 0) {
		w->sec = SEC_CERT;
	} else if (strcmp(t, "httpApiKey") == 0 || strcmp(t, "apiKey") == 0) {
		w->sec = SEC_APIKEY;
		w->sec_name = s->name;
	} else if (strcmp(t, "oauth2") == 0 ||
	           strcmp(t, "openIdConnect") == 0 ||
	           (strcmp(t, "http") == 0 && s->scheme != NULL &&
	            strcmp(s->scheme, "bearer") == 0)) {
		w->sec = SEC_TOKEN;
	} else {
		/* userPassword, plain, scramSha*, gssapi, http basic... */
		w->sec = SEC_USERPASS;
	}
}

/* ------------------------------------------------------- the commands */

/* A value from the document: always one quoted word, after a space. */
static void
word(struct strbuf *b, const char *s)
{
	strbuf_putc(b, ' ');
	shell_quote(b, s);
}

/* "flag 'value'" when value is set. */
static void
opt(struct strbuf *b, const char *flag, const char *value)
{
	if (value == NULL)
		return;
	/* not strbuf_printf: a few options on every operation page */
	strbuf_putc(b, ' ');
	strbuf_puts(b, flag);
	word(b, value);
}

/* "printf '%s\n' 'payload' | " for tools reading messages on stdin. */
static void
pipe_payload(struct strbuf *b, const struct wire *w)
{
	strbuf_puts(b, "printf '%s\\n'");
	word(b, w->payload != NULL ? w->payload : "");
	strbuf_puts(b, " | ");
}

/* scheme://host[:port]path, scheme from the URL else def. */
static void
url_word(struct strbuf *b, const struct wire *w, const char *def,
         const char *extra)
{
	struct strbuf u = STRBUF_INIT;

	strbuf_printf(&u, "%s://%s", w->scheme != NULL ? w->scheme : def,
	              w->host);
	if (w->port != NULL) {
		strbuf_putc(&u, ':');
		strbuf_puts(&u, w->port);
	}
	strbuf_puts(&u, w->path);
	if (extra != NULL) {
		if (u.len > 0 && u.p[u.len - 1] == '/' && extra[0] == '/')
			extra++;
		else if (extra[0] != '/' && extra[0] != '\0')
			strbuf_putc(&u, '/');
		strbuf_puts(&u, extra);
	}
	if (u.oom)
		strbuf_puts(b, " ''");
	else
		word(b, u.p);
	strbuf_free(&u);
}

static void
mqtt(struct strbuf *b, const struct wire *w, int tls)
{
	const cJSON *ob = binding(&w->op->bindings, "mqtt");
	char buf[32];
	const char *qos = scalar(ob, "qos", buf, sizeof(buf));

	strbuf_puts(b, w->dir == SNIPPET_SEND ? "mosquitto_pub" : "mosquitto_sub");
	opt(b, "-h", w->host);
	opt(b, "-p", w->port);
	if (tls)
		strbuf_puts(b, " --capath /etc/ssl/certs");
	opt(b, "-t", w->address);
	if (qos != NULL && strlen(qos) == 1 && qos[0] >= '0' && qos[0] <= '2') {
		strbuf_puts(b, " -q ");
		strbuf_puts(b, qos);
	}
	if (w->sec == SEC_USERPASS)
		strbuf_puts(b, " -u \"$USERNAME\" -P \"$PASSWORD\"");
	else if (w->sec == SEC_TOKEN || w->sec == SEC_APIKEY)
		strbuf_puts(b, " -u \"$USERNAME\" -P \"$TOKEN\"");
	else if (w->sec == SEC_CERT)
		strbuf_puts(b, " --cert client.crt --key client.key");
	if (w->dir == SNIPPET_SEND) {
		if (node_get_bool(ob, "retain"))
			strbuf_puts(b, " -r");
		opt(b, "-m", w->payload != NULL ? w->payload : "");
	} else {
		strbuf_puts(b, " -v");
	}
}

/* A schema's example as text (a key, a group id), or NULL. */
static char *
schema_example(struct wire *w, const cJSON *schema)
{
	cJSON *v = NULL;
	char *text = NULL;

	if (schema == NULL)
		return NULL;
	if (example_generate(&v, w->m->doc, schema, NULL, NULL) != 0 ||
	    (v != NULL && (text = value_text(v)) == NULL))
		w->oom = 1;
	cJSON_Delete(v);
	return text;
}

/* Each header member as one word "<name><sep><value>". */
static void
header_words(struct strbuf *b, struct wire *w, const char *flag,
             const char *sep)
{
	const cJSON *h;
	struct strbuf kv = STRBUF_INIT;
	char *v;

	for (h = w->headers != NULL ? w->headers->child : NULL; h != NULL;
	     h = h->next) {
		if ((v = value_text(h)) == NULL) {
			w->oom = 1;
			break;
		}
		strbuf_free(&kv);
		strbuf_printf(&kv, "%s%s%s", h->string, sep, v);
		free(v);
		if (!kv.oom)
			opt(b, flag, kv.p);
	}
	strbuf_free(&kv);
}

static void
kafka(struct strbuf *b, struct wire *w, int tls)
{
	const cJSON *cb = binding(&w->op->channel->bindings, "kafka");
	const cJSON *ob = binding(&w->op->bindings, "kafka");
	const cJSON *mb =
	        w->msg != NULL ? binding(&w->msg->bindings, "kafka") : NULL;
	const char *topic = node_get_str(cb, "topic");
	struct strbuf broker = STRBUF_INIT;
	char *text = NULL;

	if (topic == NULL)
		topic = w->address;
	if (w->dir == SNIPPET_SEND)
		pipe_payload(b, w);
	else
		text = schema_example(w, node_get(ob, "groupId"));
	/* a consumer group: kcat's balanced consumer, -G group topic */
	strbuf_puts(b, w->dir == SNIPPET_SEND ? "kcat -P"
	               : text != NULL         ? "kcat"
	                                      : "kcat -C");
	strbuf_puts(&broker, w->host);
	if (w->port != NULL) {
		strbuf_putc(&broker, ':');
		strbuf_puts(&broker, w->port);
	}
	opt(b, "-b", broker.oom ? "" : broker.p);
	strbuf_free(&broker);
	if (tls || w->sec != SEC_NONE)
		strbuf_printf(b, " -X security.protocol=%s",
		              w->sec == SEC_NONE || w->sec == SEC_CERT
		                      ? "SSL"
		              : tls ? "SASL_SSL"
		                    : "SASL_PLAINTEXT");
	if (w->sec == SEC_USERPASS || w->sec == SEC_APIKEY)
		strbuf_puts(b, " -X sasl.mechanisms=PLAIN"
		               " -X sasl.username=\"$USERNAME\""
		               " -X sasl.password=\"$PASSWORD\"");
	else if (w->sec == SEC_TOKEN)
		strbuf_puts(b, " -X sasl.mechanisms=OAUTHBEARER");
	else if (w->sec == SEC_CERT)
		strbuf_puts(b, " -X ssl.certificate.location=client.crt"
		               " -X ssl.key.location=client.key");
	if (w->dir == SNIPPET_RECEIVE) {
		if (text != NULL) {
			opt(b, "-G", text);
			word(b, topic);
		} else {
			opt(b, "-t", topic);
		}
		free(text);
		return;
	}
	opt(b, "-t", topic);
	text = schema_example(w, node_get(mb, "key"));
	opt(b, "-k", text);
	free(text);
	header_words(b, w, "-H", "=");
}

static void
amqp(struct strbuf *b, const struct wire *w, int tls)
{
	const cJSON *cb = binding(&w->op->channel->bindings, "amqp");
	const cJSON *ob = binding(&w->op->bindings, "amqp");
	const cJSON *ex = node_get(cb, "exchange"), *q = node_get(cb, "queue");
	const cJSON *cc = node_get(ob, "cc");
	const char *is = node_get_str(cb, "is");
	const char *exchange = node_get_str(ex, "name");
	const char *vhost = node_get_str(ex, "vhost");
	const char *queue = node_get_str(q, "name");
	const char *key = w->address, *mode;
	char buf[32];

	if (vhost == NULL)
		vhost = node_get_str(q, "vhost");
	if (is != NULL && strcmp(is, "queue") == 0 && queue == NULL)
		queue = w->address;
	if (cJSON_IsArray(cc) && cJSON_IsString(cc->child))
		key = cc->child->valuestring;
	strbuf_puts(b, w->dir == SNIPPET_SEND ? "amqp-publish" : "amqp-consume");
	opt(b, "-s", w->host);
	opt(b, "--port", w->port);
	if (tls)
		strbuf_puts(b, " --ssl");
	opt(b, "--vhost", vhost);
	if (w->sec != SEC_NONE && w->sec != SEC_CERT)
		strbuf_puts(b, " --username \"$USERNAME\""
		               " --password \"$PASSWORD\"");
	else if (w->sec == SEC_CERT)
		strbuf_puts(b, " --cert client.crt --key client.key");
	if (w->dir == SNIPPET_RECEIVE && queue != NULL) {
		opt(b, "-q", queue);
		strbuf_puts(b, " cat");
		return;
	}
	opt(b, "-e", exchange);
	opt(b, "-r", key);
	if (w->dir == SNIPPET_RECEIVE) {
		strbuf_puts(b, " cat");
		return;
	}
	if (w->msg != NULL)
		opt(b, "-C", w->msg->content_type);
	mode = scalar(ob, "deliveryMode", buf, sizeof(buf));
	if (mode != NULL && strcmp(mode, "2") == 0)
		strbuf_puts(b, " -p");
	opt(b, "-b", w->payload != NULL ? w->payload : "");
}

/* An Authorization (or API key) header for HTTP and WebSocket. */
static void
auth_header(struct strbuf *b, const struct wire *w)
{
	if (w->sec == SEC_USERPASS) {
		strbuf_puts(b, " -u \"$USERNAME:$PASSWORD\"");
	} else if (w->sec == SEC_TOKEN) {
		strbuf_puts(b, " -H \"Authorization: Bearer $TOKEN\"");
	} else if (w->sec == SEC_APIKEY) {
		strbuf_puts(b, " -H ");
		/* the name quoted, then the placeholder expanded */
		shell_quote(b, w->sec_name != NULL ? w->sec_name
		                                   : "X-API-Key");
		strbuf_puts(b, "\": $API_KEY\"");
	} else if (w->sec == SEC_CERT) {
		strbuf_puts(b, " --cert client.crt --key client.key");
	}
}

static void
websocket(struct strbuf *b, struct wire *w, int tls)
{
	if (w->dir == SNIPPET_SEND)
		pipe_payload(b, w);
	strbuf_puts(b, "websocat");
	if (w->sec == SEC_TOKEN || w->sec == SEC_APIKEY) {
		/* websocat takes -H too; no -u */
		auth_header(b, w);
	} else if (w->sec == SEC_USERPASS) {
		strbuf_puts(b, " --basic-auth \"$USERNAME:$PASSWORD\"");
	}
	url_word(b, w, tls ? "wss" : "ws", w->address);
}

static void
http(struct strbuf *b, struct wire *w, int tls)
{
	const cJSON *ob = binding(&w->op->bindings, "http");
	const char *method = node_get_str(ob, "method");

	strbuf_puts(b, "curl");
	if (w->dir == SNIPPET_RECEIVE)
		strbuf_puts(b, " -N");
	opt(b, "-X",
	    method != NULL ? method
	                   : w->dir == SNIPPET_SEND ? "POST" : "GET");
	url_word(b, w, tls ? "https" : "http", w->address);
	auth_header(b, w);
	if (w->dir == SNIPPET_RECEIVE)
		return;
	if (w->msg != NULL && w->msg->content_type != NULL) {
		struct strbuf h = STRBUF_INIT;

		strbuf_printf(&h, "Content-Type: %s", w->msg->content_type);
		if (!h.oom)
			opt(b, "-H", h.p);
		strbuf_free(&h);
	}
	header_words(b, w, "-H", ": ");
	opt(b, "--data-raw", w->payload != NULL ? w->payload : "");
}

static void
nats(struct strbuf *b, struct wire *w)
{
	const cJSON *ob = binding(&w->op->bindings, "nats");

	strbuf_puts(b, w->dir == SNIPPET_SEND ? "nats pub" : "nats sub");
	strbuf_puts(b, " --server");
	url_word(b, w, "nats", NULL);
	word(b, w->address);
	if (w->dir == SNIPPET_SEND) {
		word(b, w->payload != NULL ? w->payload : "");
		header_words(b, w, "-H", ":");
	} else {
		opt(b, "--queue", node_get_str(ob, "queue"));
	}
	if (w->sec != SEC_NONE && w->sec != SEC_CERT)
		strbuf_puts(b, " --user \"$USERNAME\" --password \"$PASSWORD\"");
}

static void
redis(struct strbuf *b, const struct wire *w)
{
	strbuf_puts(b, "redis-cli");
	opt(b, "-h", w->host);
	opt(b, "-p", w->port);
	if (w->sec != SEC_NONE && w->sec != SEC_CERT)
		strbuf_puts(b, " --user \"$USERNAME\" --pass \"$PASSWORD\"");
	strbuf_puts(b, w->dir == SNIPPET_SEND ? " PUBLISH" : " SUBSCRIBE");
	word(b, w->address);
	if (w->dir == SNIPPET_SEND)
		word(b, w->payload != NULL ? w->payload : "");
}

/* ------------------------------------------------------ the families */

enum family { F_MQTT, F_KAFKA, F_AMQP, F_WS, F_HTTP, F_NATS, F_REDIS, F_NONE };

struct proto {
	const char *name; /* the protocol as servers write it (any case) */
	enum family family;
	int tls;
};

static const struct proto protos[] = {
        {"mqtt", F_MQTT, 0},         {"mqtt5", F_MQTT, 0},
        {"mqtts", F_MQTT, 1},        {"secure-mqtt", F_MQTT, 1},
        {"kafka", F_KAFKA, 0},       {"kafka-secure", F_KAFKA, 1},
        {"amqp", F_AMQP, 0},         {"amqps", F_AMQP, 1},
        {"ws", F_WS, 0},             {"wss", F_WS, 1},
        {"http", F_HTTP, 0},         {"https", F_HTTP, 1},
        {"nats", F_NATS, 0},         {"redis", F_REDIS, 0},
};

static const char *const labels[] = {"MQTT", "Kafka",  "AMQP 0-9-1",
                                     "WebSocket", "HTTP", "NATS",
                                     "Redis"};

/* [family][dir]: the tool named in the tab */
static const char *const tools[][2] = {
        {"mosquitto_sub", "mosquitto_pub"}, {"kcat", "kcat"},
        {"amqp-consume", "amqp-publish"},   {"websocat", "websocat"},
        {"curl", "curl"},                   {"nats", "nats"},
        {"redis-cli", "redis-cli"}};

static const struct proto *
proto_of(const char *protocol)
{
	size_t i;

	for (i = 0; protocol != NULL && i < sizeof(protos) / sizeof(protos[0]);
	     i++)
		if (strcasecmp(protocol, protos[i].name) == 0)
			return &protos[i];
	return NULL;
}

static void
wire_free(struct wire *w)
{
	free(w->scheme);
	free(w->host);
	free(w->port);
	free(w->path);
	free(w->address);
	free(w->payload);
	cJSON_Delete(w->headers);
}

/* The command for server srv in protocol p into *out (NULL: none). */
static int
build(char **out, const struct model *m, const struct model_operation *op,
      const struct model_server *srv, const struct proto *p)
{
	struct wire w = {.m = m, .op = op, .srv = srv};
	struct strbuf b = STRBUF_INIT, addr = STRBUF_INIT;
	const struct model_channel *ch = op->channel;

	*out = NULL;
	w.dir = op->action == MODEL_SEND ? SNIPPET_RECEIVE : SNIPPET_SEND;
	w.msg = op->n_messages > 0 ? op->messages[0] : NULL;
	split_url(&w);
	if (ch->address != NULL)
		fill_template(&addr, ch->address, channel_param, ch);
	else
		strbuf_puts(&addr, "<address>");
	w.address = strbuf_take(&addr);
	if (w.address == NULL)
		w.oom = 1;
	if (!w.oom) {
		find_example(&w);
		find_security(&w);
	}
	if (!w.oom) {
		switch (p->family) {
		case F_MQTT: mqtt(&b, &w, p->tls); break;
		case F_KAFKA: kafka(&b, &w, p->tls); break;
		case F_AMQP: amqp(&b, &w, p->tls); break;
		case F_WS: websocket(&b, &w, p->tls); break;
		case F_HTTP: http(&b, &w, p->tls); break;
		case F_NATS: nats(&b, &w); break;
		case F_REDIS: redis(&b, &w); break;
		case F_NONE: break;
		}
	}
	if (!w.oom && !b.oom)
		*out = strbuf_take(&b);
	strbuf_free(&b);
	wire_free(&w);
	return *out != NULL ? 0 : -1;
}

/* Index in list of the entry for family (or unsupported label), or n. */
static size_t
find_entry(const struct snippet_list *list, const char *label)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcasecmp(list->items[i].label, label) == 0)
			return i;
	return list->n;
}

static int
add_server(struct snippet_list *list, const struct model *m,
           const struct model_operation *op, const struct model_server *srv)
{
	const struct proto *p = proto_of(srv->protocol);
	const char *label = p != NULL ? labels[p->family] : srv->protocol;
	struct snippet *s;

	if (label == NULL || find_entry(list, label) < list->n)
		return 0;
	if (ARRAY_RESERVE(list->items, list->n + 1, list->cap) != 0)
		return -1;
	s = &list->items[list->n];
	memset(s, 0, sizeof(*s));
	s->label = label;
	s->server = srv;
	s->dir = op->action == MODEL_SEND ? SNIPPET_RECEIVE : SNIPPET_SEND;
	if (p != NULL) {
		s->tool = tools[p->family][s->dir];
		if (build(&s->text, m, op, srv, p) != 0)
			return -1;
	}
	list->n++;
	return 0;
}

int
snippet_list_new(struct snippet_list **out, const struct model *m,
                 const struct model_operation *op)
{
	struct snippet_list *list = calloc(1, sizeof(*list));
	const struct model_channel *ch = op->channel;
	size_t i;

	*out = NULL;
	if (list == NULL)
		return -1;
	if (ch != NULL && ch->n_servers > 0) {
		for (i = 0; i < ch->n_servers; i++)
			if (add_server(list, m, op, ch->servers[i]) != 0)
				goto fail;
	} else if (ch != NULL) {
		for (i = 0; i < m->n_servers; i++)
			if (add_server(list, m, op, m->servers[i]) != 0)
				goto fail;
	}
	*out = list;
	return 0;
fail:
	snippet_list_free(list);
	return -1;
}

void
snippet_list_free(struct snippet_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++)
		free(list->items[i].text);
	free(list->items);
	free(list);
}
