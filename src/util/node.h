/*
 * node: small helpers over cJSON trees as the loader builds them.
 *
 * Loader conventions every module relies on:
 * - member lookup is case-sensitive (cJSON_GetObjectItem is not: never use it);
 * - a number node keeps its source text in valuestring ("2.0", "1.10",
 *   "12345678901234567890"), so it can be shown exactly as written;
 * - object keys are always strings, duplicates are rejected by the loader.
 */
#ifndef ASYNCDOC_NODE_H
#define ASYNCDOC_NODE_H

#include <stddef.h>

struct cJSON;

/* Member key of obj, or NULL when obj is not an object or has none. */
const struct cJSON *node_get(const struct cJSON *obj, const char *key);
/*
 * node_get() of two keys in one walk over obj's members: *a gets member
 * ka, *b member kb (each NULL when absent).
 */
void node_get2(const struct cJSON *obj, const char *ka, const struct cJSON **a,
               const char *kb, const struct cJSON **b);
/* The string value of member key, or NULL when absent or not a string. */
const char *node_get_str(const struct cJSON *obj, const char *key);
/* 1 when the member exists and is true, 0 otherwise. */
int node_get_bool(const struct cJSON *obj, const char *key);

/*
 * Scalar text as written: a string's value, a number's source text (or a
 * shortest round-trip rendering when it has none), "true"/"false"/"null".
 * NULL for objects and arrays. The returned pointer is borrowed from the
 * node, or points into buf (size >= 32) for numbers without source text
 * and literals. With buf NULL such a number gives NULL (text as written
 * only).
 */
const char *node_text(const struct cJSON *n, char *buf, size_t size);

/* Number of members or items; 0 for scalars. */
size_t node_size(const struct cJSON *n);

/*
 * JSON text of a tree, numbers printed from their source text, keys in
 * document order. pretty indents with two spaces. Caller frees with free().
 * NULL when out of memory.
 */
char *node_print(const struct cJSON *n, int pretty);

/* Sets a number node's source text (copied). Returns 0 or -1. */
int node_set_number_text(struct cJSON *n, const char *text, size_t len);

#endif
