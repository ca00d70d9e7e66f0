/*
 * highlight: JSON and YAML text of a value, plain or highlighted as HTML at
 * build time (no highlighting script in the browser).
 *
 * JSON: pretty, two-space indent, members in document order, numbers as
 * their source text (as node_print: "2.0" stays "2.0"), strings escaped as
 * JSON requires (control characters as \n, \u0001...). Empty containers
 * are "{}" and "[]". No trailing newline.
 *
 * YAML: block style, two-space indent, a sequence of mappings written
 * "- key: value" compactly, empty containers as "{}" and "[]". Scalars by
 * the YAML 1.2 core schema: null, true, false and numbers (their source
 * text) plain; a string is plain only when it would read back as the same
 * string in YAML 1.2 and 1.1 parsers alike, else double-quoted with
 * escapes. Quoted: the empty string, words a parser would read as null,
 * booleans (including 1.1's yes/no/on/off/y/n) or numbers (anything
 * starting like a number, "1.0", ".5", "0x1F", "1_000", ".inf"...), text
 * starting with an indicator (- ? : , [ ] { } # & * ! | > ' " % @ `)
 * unless "-", "?" or ":" is followed by a character that is not a space,
 * "<<", "=", leading or trailing white space, ": " or " #" inside, a
 * trailing ":", control characters, U+0085, U+2028, U+2029, U+FEFF and
 * invalid UTF-8 (written as U+FFFD, the only change a value can undergo).
 * A string with line breaks and otherwise printable is a literal block
 * ("|", "|-" or "|+" chomping) unless its first non-empty line starts with
 * white space or a line is made of white space only (then quoted). Keys
 * follow the same rules; keys over 1000 bytes use the explicit "? key"
 * form (libyaml's implicit keys stop at 1024 characters). The text ends
 * with a newline (a literal block needs its line breaks).
 *
 * Both read back (cJSON_Parse, yaml_load) as the same tree: same types,
 * same strings, keys in the same order, numbers with the same text.
 *
 * HTML: the same text with every byte HTML-escaped (& < > " ' as entities)
 * and tokens wrapped in <span class="...">: hl-key (member names, with
 * their quotes in JSON), hl-str, hl-num, hl-bool, hl-null, hl-punc
 * (braces, brackets, commas, colons, "- ", "? ", block headers "|-").
 * White space and line breaks are outside spans. Meant for the inside of
 * <pre><code>...</code></pre>; safe there whatever the strings hold.
 *
 * Limits: containers nested deeper than HIGHLIGHT_MAX_DEPTH make the call
 * fail. Recursion depth is bounded by it.
 *
 * All functions append to out, return 0, or -1 (the depth limit, or out
 * of memory: out->oom) with out restored to its length before the call.
 * v is borrowed; NULL is written as null.
 */
#ifndef ASYNCDOC_HIGHLIGHT_H
#define ASYNCDOC_HIGHLIGHT_H

struct cJSON;
struct strbuf;

#define HIGHLIGHT_MAX_DEPTH 128 /* nested objects/arrays */

int highlight_json_html(struct strbuf *out, const struct cJSON *v);
int highlight_yaml_html(struct strbuf *out, const struct cJSON *v);
/* Plain text (for Markdown fenced blocks), no HTML escaping. */
int highlight_json_text(struct strbuf *out, const struct cJSON *v);
int highlight_yaml_text(struct strbuf *out, const struct cJSON *v);

#endif
