/*
 * diff_kinds: the table of change kinds (see diff.h), the one place their
 * ids, effects and descriptions live: the man page, `diff --list-kinds`
 * and the tests read it.
 */
#include "diff/diff.h"

#include <string.h>

#define B DIFF_EFFECT_BREAKING
#define N DIFF_EFFECT_NON_BREAKING
#define U DIFF_EFFECT_UNCLASSIFIED
#define W DIFF_EFFECT_WIDENS
#define R DIFF_EFFECT_NARROWS

static const struct diff_kind_info kinds[] = {
        /* The document. */
        {"info-title-changed", N, "the API's title changed",
         "info.title: Parking -> Parking API"},
        {"info-version-changed", N, "the API's version changed",
         "info.version: 1.0.0 -> 1.1.0"},
        {"description-changed", N, "a description changed",
         "channel lights: description reworded"},
        {"summary-changed", N, "a summary changed",
         "operation onLight: summary reworded"},
        {"title-changed", N, "a title changed",
         "message LightMeasured: title reworded"},
        {"tags-changed", N, "tags were added or removed",
         "operation onLight: tag 'beta' added"},
        {"external-docs-changed", N, "the external documentation changed",
         "externalDocs.url: new address"},
        {"extension-changed", U,
         "an x- extension was added, removed or changed",
         "x-audience: internal -> public"},
        {"bindings-changed", U,
         "protocol bindings were added, removed or changed",
         "kafka binding: partitions 3 -> 6"},
        /* Servers. */
        {"server-removed", B, "a server was removed",
         "servers.production removed"},
        {"server-added", N, "a server was added", "servers.staging added"},
        {"server-address-changed", B,
         "a server's host, url or pathname changed",
         "host: api.example.com -> mq.example.com"},
        {"server-protocol-changed", B, "a server's protocol changed",
         "protocol: mqtt -> amqp"},
        {"server-protocol-version-changed", U,
         "a server's protocol version changed", "protocolVersion: 3.1.1 -> 5"},
        {"server-variable-added", N, "a server variable was added",
         "variables.port added"},
        {"server-variable-removed", B, "a server variable was removed",
         "variables.port removed"},
        /* Security. */
        {"security-requirement-added", B, "a security scheme is now required",
         "server production: oauth2 required"},
        {"security-requirement-removed", N,
         "a security scheme is no longer required",
         "server production: user/password no longer required"},
        {"security-scope-added", B, "a required scope was added",
         "oauth2: scope 'lights:write' required"},
        {"security-scope-removed", N, "a required scope was removed",
         "oauth2: scope 'lights:read' no longer required"},
        {"security-scheme-type-changed", B,
         "a required security scheme's type changed", "apiKey -> httpApiKey"},
        /* Channels. */
        {"channel-removed", B, "a channel was removed",
         "channel smartylighting/light/measured removed"},
        {"channel-added", N, "a channel was added",
         "channel smartylighting/light/dimmed added"},
        {"channel-address-changed", B, "a channel's address changed",
         "lightMeasured: light/measured -> lights/measured"},
        {"channel-parameter-added", B, "a channel parameter was added",
         "parameters.region added"},
        {"channel-parameter-removed", B, "a channel parameter was removed",
         "parameters.streetlightId removed"},
        {"channel-server-added", N, "a channel is available on another server",
         "channel lights: now on staging"},
        {"channel-server-removed", B,
         "a channel is no longer available on a server",
         "channel lights: no longer on production"},
        {"channel-message-added", W, "a channel carries another message",
         "channel lights: message LightDimmed added"},
        {"channel-message-removed", B, "a channel no longer carries a message",
         "channel lights: message LightMeasured removed"},
        /* Operations. */
        {"operation-removed", B, "an operation was removed",
         "operation onLightMeasured removed"},
        {"operation-added", N, "an operation was added",
         "operation turnOff added"},
        {"operation-action-changed", B,
         "an operation's action changed (send/receive, publish/subscribe)",
         "onLightMeasured: receive -> send"},
        {"operation-channel-changed", B,
         "an operation moved to another channel",
         "turnOn: channel lights/on -> lights/command"},
        {"operation-message-added", W, "an operation has another message",
         "turnOn: message TurnOnV2 added"},
        {"operation-message-removed", B, "an operation lost a message",
         "turnOn: message TurnOn removed"},
        {"operation-reply-added", N, "an operation now has a reply",
         "getStatus: reply added"},
        {"operation-reply-removed", B, "an operation no longer has a reply",
         "getStatus: reply removed"},
        /* Messages. */
        {"message-content-type-changed", B, "a message's content type changed",
         "application/json -> application/avro"},
        {"message-schema-format-changed", U,
         "a payload's schema format changed (schemas not compared)",
         "JSON Schema -> Avro"},
        {"message-name-changed", U, "a message's name changed",
         "name: lightMeasured -> LightMeasured"},
        {"message-correlation-id-changed", B,
         "a message's correlation id location changed",
         "$message.header#/id -> $message.header#/correlationId"},
        {"message-correlation-id-added", N, "a message got a correlation id",
         "correlationId added"},
        {"message-correlation-id-removed", B,
         "a message lost its correlation id", "correlationId removed"},
        {"message-examples-changed", N, "a message's examples changed",
         "examples: one added"},
        {"message-payload-added", R,
         "a message now has a payload (headers) schema",
         "payload schema added where there was none"},
        {"message-payload-removed", W,
         "a message no longer has a payload (headers) schema",
         "payload schema removed: anything goes"},
        /* JSON Schema. */
        {"schema-type-changed", B, "a schema's type changed",
         "lumens: integer -> string"},
        {"schema-type-added", W, "a schema accepts another type (or any type)",
         "lumens: integer -> [integer, null]"},
        {"schema-type-removed", R, "a schema accepts fewer types",
         "lumens: [integer, null] -> integer"},
        {"message-payload-property-removed", W, "a property was removed",
         "payload.properties.sentAt removed"},
        {"message-payload-property-added", N, "an optional property was added",
         "payload.properties.unit added"},
        {"message-payload-required-property-added", R,
         "a required property was added",
         "payload.properties.unit added, required"},
        {"schema-required-added", R, "a property became required",
         "required: + sentAt"},
        {"schema-required-removed", W, "a property became optional",
         "required: - sentAt"},
        {"schema-enum-value-added", W, "an enum allows another value",
         "enum: + dimmed"},
        {"schema-enum-value-removed", R, "an enum lost a value", "enum: - off"},
        {"schema-enum-added", R, "a schema is restricted to an enum",
         "status: enum [on, off] added"},
        {"schema-enum-removed", W, "a schema's enum was removed",
         "status: enum removed"},
        {"schema-const-added", R, "a schema is restricted to a const",
         "kind: const light"},
        {"schema-const-removed", W, "a schema's const was removed",
         "kind: const removed"},
        {"schema-const-changed", B, "a schema's const changed",
         "kind: light -> lamp"},
        {"schema-max-decreased", R,
         "an upper bound was lowered (maximum, exclusiveMaximum, maxLength, "
         "maxItems, maxProperties)",
         "maxLength: 64 -> 32"},
        {"schema-max-increased", W, "an upper bound was raised",
         "maximum: 100 -> 1000"},
        {"schema-max-added", R, "an upper bound was added",
         "maxLength: 64 added"},
        {"schema-max-removed", W, "an upper bound was removed",
         "maximum removed"},
        {"schema-min-increased", R,
         "a lower bound was raised (minimum, exclusiveMinimum, minLength, "
         "minItems, minProperties)",
         "minimum: 0 -> 1"},
        {"schema-min-decreased", W, "a lower bound was lowered",
         "minLength: 3 -> 1"},
        {"schema-min-added", R, "a lower bound was added", "minimum: 0 added"},
        {"schema-min-removed", W, "a lower bound was removed",
         "minItems removed"},
        {"schema-multiple-of-changed", U,
         "multipleOf was added, removed or changed", "multipleOf: 5 -> 10"},
        {"schema-format-added", R, "a format was added (stricter)",
         "sentAt: format date-time added"},
        {"schema-format-removed", W, "a format was dropped (looser)",
         "sentAt: format date-time removed"},
        {"schema-format-changed", B, "a format changed",
         "id: format uuid -> uri"},
        {"schema-pattern-added", R, "a pattern was added", "id: pattern added"},
        {"schema-pattern-removed", W, "a pattern was removed",
         "id: pattern removed"},
        {"schema-pattern-changed", U,
         "a pattern changed (whether it widens or narrows is not computed)",
         "id: ^[a-z]+$ -> ^[a-z0-9]+$"},
        {"schema-additional-properties-restricted", R,
         "additionalProperties became false (or a schema where any was "
         "allowed)",
         "additionalProperties: true -> false"},
        {"schema-additional-properties-allowed", W,
         "additionalProperties are allowed where they were not",
         "additionalProperties: false -> true"},
        {"schema-union-branch-added", W, "a oneOf/anyOf alternative was added",
         "oneOf: + DimCommand"},
        {"schema-union-branch-removed", R,
         "a oneOf/anyOf alternative was removed", "oneOf: - DimCommand"},
        {"schema-allof-member-added", R, "an allOf member was added",
         "allOf: + Audited"},
        {"schema-allof-member-removed", W, "an allOf member was removed",
         "allOf: - Audited"},
        {"schema-composition-changed", U,
         "a not, if/then/else or a kind of composition changed",
         "not: changed"},
        {"schema-items-changed", U, "array items changed form (tuple/list)",
         "items: schema -> [schema, schema]"},
        {"schema-default-changed", U, "a default value changed",
         "unit: default lux -> lumen"},
        {"schema-boolean-changed", B, "a boolean schema changed",
         "payload: true -> false"},
        {"schema-deprecated", N, "a schema was marked deprecated",
         "deprecated: true"},
        {"schema-text-changed", U,
         "a schema in a format not compared structurally (RAML, Protobuf...) "
         "changed",
         "RAML payload changed"},
        /* Avro. */
        {"avro-field-added", N, "an Avro record field with a default was added",
         "LightMeasured.unit (default \"lux\") added"},
        {"avro-field-added-required", R,
         "an Avro record field without a default was added",
         "LightMeasured.unit added"},
        {"avro-field-removed", W, "an Avro record field was removed",
         "LightMeasured.sentAt removed"},
        {"avro-type-changed", B, "an Avro type changed",
         "lumens: int -> string"},
        {"avro-symbol-added", W, "an Avro enum symbol was added",
         "Status: + DIMMED"},
        {"avro-symbol-removed", R, "an Avro enum symbol was removed",
         "Status: - OFF"},
};

const struct diff_kind_info *
diff_kinds(size_t *n)
{
	*n = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

const struct diff_kind_info *
diff_kind(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].id, id) == 0)
			return &kinds[i];
	return NULL;
}

static const char *const class_names[] = {"breaking", "non-breaking",
                                          "unclassified"};

const char *
diff_class_name(enum diff_class c)
{
	return class_names[c];
}

int
diff_class_from_name(enum diff_class *out, const char *name)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(class_names[i], name) == 0) {
			*out = (enum diff_class)i;
			return 0;
		}
	return -1;
}

const char *
diff_dir_name(enum diff_dir d)
{
	switch (d) {
	case DIFF_DIR_SEND:
		return "send";
	case DIFF_DIR_RECEIVE:
		return "receive";
	case DIFF_DIR_BOTH:
		return "both";
	default:
		return NULL;
	}
}
