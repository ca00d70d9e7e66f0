/*
 * json_load: JSON text -> cJSON tree with a position for every node.
 *
 * cJSON parses (it handles surrogate pairs and long keys that libyaml
 * rejects), then a re-scan of the text in document order records the line
 * and column (code points, 1-based, like libyaml) of every value and key,
 * and keeps each number's source text in its valuestring. Syntax errors get
 * the line:col of the offending byte. Duplicate keys are errors. Depth is
 * checked before cJSON runs (cJSON's own limit is 1000).
 *
 * Stricter than cJSON where it matters: numbers must follow RFC 8259 ("012",
 * "1." and "-.5" are errors, since their text is printed back as JSON),
 * and only space, tab, CR and LF may stand between tokens (cJSON takes any
 * byte <= 0x20, NUL included). Raw control bytes inside strings are
 * accepted, as cJSON does. Lines end at LF, CR LF or a lone CR.
 *
 * Diagnostics (rule ids), all errors: json-syntax, json-empty,
 * json-duplicate-key (at the second key), limit-depth, limit-nodes,
 * out-of-memory.
 */
#ifndef ASYNCDOC_JSON_LOAD_H
#define ASYNCDOC_JSON_LOAD_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct srcmap;
struct diag_list;
struct limits;
struct load_budget;

/* Same contract as yaml_load_buffer(). A UTF-8 BOM is skipped. */
int json_load_buffer(struct cJSON **out, const char *buf, size_t len,
		     uint32_t file, struct srcmap *map, const struct limits *lim,
		     struct load_budget *budget, struct diag_list *diags);

/* 1 when buf looks like JSON: first non-space byte after a BOM is { or [. */
int json_load_sniff(const char *buf, size_t len);

/*
 * 1 when s[0..n) is a number by RFC 8259's grammar: no sign but '-', no
 * leading zero, digits on both sides of a '.'. The one number grammar of
 * both loaders (yaml_load keeps a number's text when it passes).
 */
int json_load_number_ok(const char *s, size_t n);

#endif
