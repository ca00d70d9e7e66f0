/*
 * model: one typed AsyncAPI model for documents 2.0-2.6 and 3.0/3.1.
 *
 * model_new() reads a loaded document and normalises it: v2 channels keyed
 * by path and v3 channels with an address; v2 publish/subscribe become
 * operations with action RECEIVE/SEND (publish = the application receives,
 * as the 2->3 converter maps it) while keeping the original keyword in
 * `keyword` for display; traits are applied as each version says (v2: JSON
 * Merge Patch of each trait over the object, in order; v3: the same, but the
 * object's own values win, as the reference parser does it: traits in
 * order, then the object over them); a message's content type falls back to
 * defaultContentType. Refs met while merging are followed, so two schemas
 * merge by content; a value merged into nothing is copied as written (refs
 * stay refs). Messages, schemas and every other kind of component are
 * first-class: they are in the model even when no operation uses them.
 *
 * Identity: an object reached through several $refs is one model object
 * (keyed by its resolved node). Every object of a kind has an id that is
 * unique within that kind, URL-safe ([a-z0-9._-], never empty, never "." or
 * ".."), and the same on every run for the same input (derived from names
 * in document order, collisions get -2, -3...). Servers and channels go by
 * key (a v2 channel's key is its address); operations by operationId (v3:
 * key), else "<channel-id>-<keyword>"; messages by components key, else
 * messageId, else v3 channel messages key, else name, else
 * "<operation-id>-message"; schemas by components key, else
 * "<message-id>-payload" / "-headers" or "<channel-id>-<parameter>";
 * security schemes by key, else type. Names the document gives get their
 * ids before derived ones, so a derived id never takes such a name.
 *
 * Values: strings are borrowed from the document's trees (numbers and
 * booleans as their source text: "2.0" stays "2.0"), NULL when absent.
 * Schemas, examples, bindings and extensions stay cJSON trees (resolved
 * through loader_deref() by who walks them). Arrays are `T **items` with a
 * count. The model borrows the loader_doc, which must outlive it; the model
 * owns every struct below, freed by model_free().
 *
 * Threads: model_new() runs on one thread (it writes the doc's via chains
 * and marks). Once it has returned, nothing writes the model: the lookups
 * below and every walk of its structs only read (the by-id indexes are
 * built in model_new), so several threads may share one model, as the
 * page writers do, provided its doc was frozen (loader_freeze) and the
 * doc lookups they make only read. model_slug() touches only its buffer.
 */
#ifndef ASYNCDOC_MODEL_H
#define ASYNCDOC_MODEL_H

#include <stddef.h>

#include "util/diag.h"

struct cJSON;
struct loader_doc;
struct loader_via;
struct model_priv;

enum model_major { MODEL_V2 = 2, MODEL_V3 = 3 };
enum model_action { MODEL_SEND, MODEL_RECEIVE };

/* What every object carries: where it is in the document. */
struct model_src {
	const struct cJSON *node;     /* resolved object (after $refs) */
	const struct loader_via *via; /* refs followed to reach it, or NULL */
};

struct model_extdoc {
	const char *url, *description;
};

struct model_tag {
	const char *name, *description;
	struct model_extdoc *external_docs; /* or NULL */
};

struct model_tags {
	struct model_tag **items;
	size_t n;
};

/* x-... members of an object, in document order. */
struct model_ext {
	const char *key;
	const struct cJSON *value;
};

struct model_exts {
	struct model_ext *items;
	size_t n;
};

/* One protocol's binding: bindings: { kafka: {...} } gives protocol "kafka". */
struct model_binding {
	const char *protocol;
	const char *version;      /* bindingVersion, or NULL */
	const struct cJSON *node; /* resolved binding object */
};

struct model_bindings {
	struct model_binding *items;
	size_t n;
};

/*
 * A schema: the JSON Schema (or Avro, OpenAPI, RAML...) tree. Component
 * schemas have a name; inline ones do not but still get an id.
 */
struct model_schema {
	const char *id;     /* component key, else "<message-id>-payload"... */
	const char *name;   /* components.schemas key, or NULL */
	const char *format; /* schemaFormat, or NULL (AsyncAPI/JSON Schema) */
	const struct cJSON
	        *schema; /* resolved schema (v3 multi-format: its "schema") */
	struct model_src src;
};

struct model_scope {
	const char *name, *description;
};

struct model_oauth_flow {
	const char *kind; /* "implicit", "password", "clientCredentials",
	                     "authorizationCode" */
	const char *authorization_url, *token_url, *refresh_url;
	struct model_scope *scopes; /* v2 "scopes" / v3 "availableScopes" */
	size_t n_scopes;
};

struct model_security_scheme {
	const char *id;
	const char *key;  /* components.securitySchemes key */
	const char *type; /* userPassword, apiKey, X509, httpApiKey, http,
	                     oauth2, openIdConnect... */
	const char *description;
	const char *name;          /* httpApiKey */
	const char *in;            /* apiKey, httpApiKey */
	const char *scheme;        /* http */
	const char *bearer_format; /* http bearer */
	const char *open_id_connect_url;
	struct model_oauth_flow **flows;
	size_t n_flows;
	const char **scopes; /* v3 "scopes" the scheme requires */
	size_t n_scopes;
	struct model_exts exts;
	struct model_src src;
};

/* One scheme required with its scopes. */
struct model_security_req {
	struct model_security_scheme *scheme;
	const char **scopes;
	size_t n_scopes;
};

/*
 * Alternatives: satisfying any one set is enough; every requirement in a set
 * is needed. v2 security arrays map 1:1; v3 arrays give one set per scheme.
 */
struct model_security_set {
	struct model_security_req *reqs;
	size_t n;
};

struct model_security {
	struct model_security_set *sets;
	size_t n;
};

struct model_server_var {
	const char *name;
	const char *description;
	const char *default_value;
	const char **enum_values;
	size_t n_enum;
	const char **examples;
	size_t n_examples;
	struct model_src src;
};

struct model_server {
	const char *id;
	const char *key;      /* servers key */
	const char *url;      /* v2 url; NULL in v3 */
	const char *host;     /* v3 host; NULL in v2 */
	const char *pathname; /* v3 pathname, or NULL */
	const char *protocol, *protocol_version;
	const char *title, *summary, *description;
	struct model_server_var **variables;
	size_t n_variables;
	struct model_security security;
	struct model_tags tags;
	struct model_extdoc *external_docs;
	struct model_bindings bindings;
	struct model_exts exts;
	struct model_src src;
};

/* A channel parameter: v2 carries a schema, v3 enum/default/examples. */
struct model_parameter {
	const char *name;
	const char *description;
	const char *location;        /* $message.payload#/user/id, or NULL */
	struct model_schema *schema; /* v2, or NULL */
	const char *default_value;   /* v3 */
	const char **enum_values;    /* v3 */
	size_t n_enum;
	const char **examples; /* v3 */
	size_t n_examples;
	struct model_src src;
};

struct model_correlation_id {
	const char *location, *description;
	struct model_src src;
};

struct model_example {
	const char *name, *summary;
	const struct cJSON *headers; /* or NULL */
	const struct cJSON *payload; /* or NULL */
	struct model_src src;
};

struct model_message {
	const char *id;
	const char
	        *key; /* components.messages or channel messages key, or NULL */
	const char *message_id; /* v2.4+ messageId, or NULL */
	const char *name, *title, *summary, *description;
	const char
	        *content_type; /* own, else trait's, else defaultContentType */
	int content_type_is_default; /* 1 when it came from defaultContentType
	                              */
	const char
	        *schema_format; /* v2 schemaFormat; v3 payload schemaFormat */
	struct model_schema *headers; /* or NULL */
	struct model_schema *payload; /* or NULL */
	struct model_correlation_id *correlation_id;
	struct model_example **examples;
	size_t n_examples;
	struct model_tags tags;
	struct model_extdoc *external_docs;
	struct model_bindings bindings;
	struct model_exts exts;
	/*
	 * Object after traits (its "traits" member removed), == src.node
	 * without traits. Values copied from traits keep their positions.
	 */
	const struct cJSON *merged;
	size_t n_traits; /* traits applied */
	struct model_src src;
};

struct model_channel;
struct model_operation;

struct model_reply {
	const char *address_location; /* reply.address.location, or NULL */
	const char *address_description;
	struct model_channel *channel; /* or NULL */
	struct model_message **messages;
	size_t n_messages;
	struct model_src src;
};

struct model_operation {
	const char *id;
	const char *key;          /* v3 operations key; NULL in v2 */
	const char *operation_id; /* v2 operationId; v3 key */
	enum model_action action;
	const char *keyword; /* as written: publish, subscribe, send, receive */
	struct model_channel *channel;
	const char *title, *summary, *description;
	struct model_security security;
	struct model_tags tags;
	struct model_extdoc *external_docs;
	struct model_bindings bindings;
	/*
	 * v2: the operation's message (oneOf: each); v3: its messages, or
	 * every message of its channel when it has no messages list.
	 */
	struct model_message **messages;
	size_t n_messages;
	struct model_reply *reply; /* v3, or NULL */
	struct model_exts exts;
	const struct cJSON *merged; /* object after traits */
	size_t n_traits;
	struct model_src src;
};

struct model_channel {
	const char *id;
	const char *key; /* v2 path / v3 channels key */
	const char *
	        address; /* v2: the key; v3: address (NULL = unknown/dynamic) */
	const char *title, *summary, *description;
	struct model_parameter **parameters;
	size_t n_parameters;
	struct model_server *
	        *servers; /* where it is available; n == 0: all servers */
	size_t n_servers;
	struct model_message *
	        *messages; /* v3 channel messages; v2 those of its operations */
	size_t n_messages;
	struct model_operation **operations; /* operations on this channel */
	size_t n_operations;
	struct model_tags tags;
	struct model_extdoc *external_docs;
	struct model_bindings bindings;
	struct model_exts exts;
	struct model_src src;
};

/* Any component, of any kind, as written under components. */
struct model_component {
	const char *kind; /* "schemas", "messages", "securitySchemes"... */
	const char *name; /* its key */
	struct model_src src;
};

struct model_info {
	const char *title, *version, *description, *terms_of_service;
	const char *contact_name, *contact_url, *contact_email;
	const char *license_name, *license_url;
	const char *id; /* top-level id */
	const char *default_content_type;
	const char *logo; /* x-logo, or NULL */
	struct model_tags tags;
	struct model_extdoc *external_docs;
	struct model_exts exts; /* of info */
};

struct model {
	const char *asyncapi; /* version as written, e.g. "2.6.0" */
	enum model_major major;
	struct model_info info;
	struct model_exts exts; /* top-level x- members */

	struct model_server **servers;
	size_t n_servers;
	struct model_channel **channels;
	size_t n_channels;
	struct model_operation **operations;
	size_t n_operations;
	struct model_message *
	        *messages; /* every message: used and components-only */
	size_t n_messages;
	struct model_schema *
	        *schemas; /* components.schemas, in document order */
	size_t n_schemas;
	struct model_security_scheme **security_schemes;
	size_t n_security_schemes;
	struct model_component **components; /* every component of every kind */
	size_t n_components;

	struct loader_doc *doc;  /* borrowed */
	struct model_priv *priv; /* internal: arena and id indexes */
};

/*
 * Builds the model of doc. Problems the model cannot work around (no or an
 * unsupported "asyncapi" version, a root that is not an object, out of
 * memory) are error diagnostics and make it return -1 with *out NULL.
 * Oddities it can work around are warnings: a member of the wrong type (a
 * channel that is not an object, a string where a list belongs...) is
 * skipped with rule model-type; a name or ref that leads to nothing the
 * model knows (an unknown security scheme or server) with model-ref.
 * Returns 0 with the model in *out otherwise.
 */
int model_new(struct model **out, struct loader_doc *doc,
              struct diag_list *diags);
void model_free(struct model *m);

/* Lookups by id (NULL when none). */
struct model_channel *model_channel_by_id(const struct model *m,
                                          const char *id);
struct model_message *model_message_by_id(const struct model *m,
                                          const char *id);
struct model_operation *model_operation_by_id(const struct model *m,
                                              const char *id);

/*
 * Display label: "PUB"/"SUB" for a v2 operation (from its own keyword),
 * "SEND"/"RECEIVE" for v3, or for v2 too when v3_labels is set.
 */
const char *model_action_label(const struct model *m,
                               const struct model_operation *op, int v3_labels);

/*
 * Writes a URL-safe slug of text into buf (size > 1): lowercase ASCII
 * letters and digits, other runs become one '-', trimmed; "item" when
 * nothing is left. Used for every id.
 */
void model_slug(char *buf, size_t size, const char *text);

#endif
