/*
 * snippet: the command lines that put an operation's message on the wire,
 * or take it off, one per protocol of the operation's servers.
 *
 * Direction: the operation is the application's; the reader does the
 * other side. An operation where the application sends (v3 send, v2
 * subscribe) gives the command that receives the message; one where it
 * receives (v3 receive, v2 publish) gives the command that sends it.
 *
 * Protocols and tools (the protocol as the server writes it, any case):
 * - mqtt, mqtts, secure-mqtt, mqtt5: mosquitto_sub / mosquitto_pub
 *   (QoS and retain from the operation's mqtt binding);
 * - kafka, kafka-secure: kcat -C / -P (topic from the channel binding,
 *   else the address; key from the message binding's key schema, headers
 *   from the example, consumer group from the operation binding);
 * - amqp, amqps: amqp-consume / amqp-publish of amqp-tools (AMQP 0-9-1:
 *   exchange, queue, routing key and vhost from the channel binding, cc
 *   and deliveryMode from the operation binding);
 * - ws, wss: websocat;
 * - http, https: curl (method from the operation's http binding, else GET
 *   to receive and POST to send);
 * - nats: nats sub / nats pub (queue from the operation binding);
 * - redis: redis-cli SUBSCRIBE / PUBLISH.
 * Any other protocol gives an entry with no text and a note that says so.
 * Servers sharing a family (mqtt and mqtts) give one entry: the first
 * server, in the channel's order (all servers of the document when the
 * channel names none).
 *
 * Values filled in: the server's URL (or v3 host and pathname) with each
 * variable's default, else its first enum value, else its first example;
 * the channel address with each parameter's first example, else first
 * enum value, else default (v2: those of its schema), else a visible
 * placeholder "<name>"; the message's first example payload (and headers),
 * else a generated one (example.h), as compact JSON (a string payload as
 * its text); the content type. Security is never a value: schemes give
 * placeholders the shell expands, "$USERNAME", "$PASSWORD", "$TOKEN",
 * "$API_KEY", client.crt/client.key files.
 *
 * Shell safety: every value that comes from the document is one single-
 * quoted word (shell_quote()), so no address, key or payload can run
 * anything or split into more words; only our own fixed text is
 * unquoted. A snippet is one line unless a value holds a newline (then
 * inside its quotes).
 *
 * Output is deterministic (document order, no clock).
 */
#ifndef ASYNCDOC_SNIPPET_H
#define ASYNCDOC_SNIPPET_H

#include <stddef.h>

struct model;
struct model_operation;
struct model_server;

/* Which side the reader's command is on. */
enum snippet_dir { SNIPPET_RECEIVE, SNIPPET_SEND };

struct snippet {
	const char *label;  /* family, static: "MQTT", "Kafka"... or the
	                       protocol as written for unsupported ones */
	const char *tool;   /* static: "mosquitto_sub"...; NULL when none */
	const struct model_server *server; /* borrowed */
	enum snippet_dir dir;
	char *text; /* the command line (owned), NULL when no snippet */
};

struct snippet_list {
	struct snippet *items;
	size_t n, cap;
};

/*
 * The snippets of op (a member of m) into *out, freed with
 * snippet_list_free(); an operation with no channel or no server gives an
 * empty list. Returns 0, or -1 with *out NULL when out of memory.
 */
int snippet_list_new(struct snippet_list **out, const struct model *m,
                     const struct model_operation *op);
void snippet_list_free(struct snippet_list *list);

#endif
