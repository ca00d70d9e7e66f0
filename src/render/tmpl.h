/*
 * tmpl: a C interface to Google ctemplate (the shim in tmpl.cc is the only
 * C++ in the program; no C++ exception ever crosses it).
 *
 * A tmpl_cache is a template search path plus the templates parsed from it.
 * The first directory added is searched first, so a user theme added before
 * the default theme overrides single files (partials) and falls back to the
 * default for the rest. Templates may also come from strings.
 *
 * A tmpl_dict holds the values of one expansion. Sections and includes are
 * child dictionaries owned by their parent; only the root is freed.
 * Lookups in a section fall back to the parent's values (so give every
 * level its own variable names, e.g. SERVER_DESCRIPTION, or a missing value
 * shows the parent's), while an included template sees only its own
 * dictionary and the globals (tmpl_set_global). These are ctemplate's
 * rules; the dictionaries are the shim's own (ctemplate's keep every value
 * of a page at once), which also gives lazy sections: long lists whose
 * repetitions are built one at a time while the page is expanded
 * (tmpl_section_lazy), and expansion straight to a writer (tmpl_expand_to),
 * so that neither the values nor the text of a big page sit in memory.
 *
 * Escaping is the templates' job: every HTML template starts with
 * {{%AUTOESCAPE context="HTML"}} and values are set raw. Only sanitised
 * HTML (cmark output) may be printed with the :none modifier.
 *
 * Errors: building a dictionary never fails visibly: the setters take NULL
 * dictionaries and NULL values (both ignored), and an allocation failure is
 * remembered by the root and makes tmpl_expand() fail. Fallible calls
 * return 0 or -1 and leave a one-line message for tmpl_error(). ctemplate
 * writes its own messages to std::cerr: the shim captures them (per thread)
 * into that message, so nothing reaches the terminal.
 *
 * Threads: expansion through one cache is thread-safe; a dictionary belongs
 * to one thread. A cache with no directory resolves file names against the
 * current directory (ctemplate's default): always add one.
 */
#ifndef ASYNCDOC_TMPL_H
#define ASYNCDOC_TMPL_H

#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tmpl_cache;
struct tmpl_dict;

enum tmpl_strip {
	TMPL_KEEP,        /* the template as written */
	TMPL_STRIP_BLANK, /* drop blank lines */
	TMPL_STRIP_SPACE  /* also leading and trailing blanks of each line */
};

/* A cache with no directory, or NULL when out of memory. */
struct tmpl_cache *tmpl_cache_new(void);
/* Frees the cache and every template it parsed. NULL is fine. */
void tmpl_cache_free(struct tmpl_cache *cache);

/*
 * Appends dir to the search path (the first call sets the main root, later
 * calls add fallbacks searched in order). Returns -1 when dir is not a
 * readable directory (ctemplate itself accepts anything) or on ENOMEM.
 */
int tmpl_cache_add_dir(struct tmpl_cache *cache, const char *dir);

/*
 * Parses text as the template named key (used like a file name, also by
 * includes). Returns -1 on a syntax error or when key is already taken.
 */
int tmpl_cache_add_string(struct tmpl_cache *cache, const char *key,
                          const char *text, size_t len);

/*
 * Where name resolves on the search path: a path the caller frees with
 * free(), in *out. Returns -1 with *out NULL when no directory has it.
 */
int tmpl_cache_find(char **out, const struct tmpl_cache *cache,
                    const char *name);

/* Makes the next expansions re-read template files that changed. */
void tmpl_cache_reload(struct tmpl_cache *cache);

/*
 * Loads name (and checks its syntax) without expanding it, so that errors
 * show up before any output is written. Returns 0 or -1.
 */
int tmpl_cache_load(struct tmpl_cache *cache, const char *name,
                    enum tmpl_strip strip);

/* A new root dictionary (name is for debugging), or NULL on ENOMEM. */
struct tmpl_dict *tmpl_dict_new(const char *name);
/* Frees a root dictionary and all its children. NULL is fine. */
void tmpl_dict_free(struct tmpl_dict *dict);

/*
 * Empties dict: no value, section or include (their memory stays with the
 * root until it is freed), for a caller that fills it again. dict must not
 * be in an expansion.
 */
void tmpl_dict_clear(struct tmpl_dict *dict);

/*
 * Sets var (var_len bytes) to a copy of val (len bytes). NULL val: no-op.
 * tmpl_set() and tmpl_setn() below are this call with strlen(var), inline
 * so that a name written as a literal is measured by the compiler, not
 * once per value of every page (#18).
 */
void tmpl_setkn(struct tmpl_dict *dict, const char *var, size_t var_len,
                const char *val, size_t len);

/* Sets var to a copy of val (NUL-terminated / len bytes). NULL: no-op. */
static inline void
tmpl_setn(struct tmpl_dict *dict, const char *var, const char *val, size_t len)
{
	tmpl_setkn(dict, var, strlen(var), val, len);
}

static inline void
tmpl_set(struct tmpl_dict *dict, const char *var, const char *val)
{
	if (val != NULL)
		tmpl_setkn(dict, var, strlen(var), val, strlen(val));
}

void tmpl_set_int(struct tmpl_dict *dict, const char *var, long val);
/* A value every template of the expansion sees, includes too. */
void tmpl_set_global(struct tmpl_dict *dict, const char *var, const char *val);

/* tmpl_show() and tmpl_section_add() with the name's length given. */
void tmpl_showk(struct tmpl_dict *dict, const char *section, size_t len);
struct tmpl_dict *tmpl_section_addk(struct tmpl_dict *dict, const char *section,
                                    size_t len);

/* Shows {{#section}} once, with the values of dict. */
static inline void
tmpl_show(struct tmpl_dict *dict, const char *section)
{
	tmpl_showk(dict, section, strlen(section));
}

/*
 * Adds one repetition of {{#section}} and returns its dictionary (owned by
 * dict), or NULL when dict is NULL or out of memory.
 */
static inline struct tmpl_dict *
tmpl_section_add(struct tmpl_dict *dict, const char *section)
{
	return tmpl_section_addk(dict, section, strlen(section));
}

/*
 * Adds one expansion of {{>marker}} with template file (a name on the
 * search path or a string key) and returns its dictionary (owned by dict),
 * or NULL when dict is NULL or out of memory.
 */
struct tmpl_dict *tmpl_include_add(struct tmpl_dict *dict, const char *marker,
                                   const char *file);

/*
 * Adds one expansion of {{>marker}} whose text is already made: text (len
 * bytes) is emitted as it is, in place of expanding a template (the
 * include's modifiers, if any, still apply). The text must come from
 * tmpl_expand_include() of a dictionary of the template the marker names,
 * through the same cache and strip mode as the expansions of dict, and
 * must read nothing from outside it (*outside 0): then the page is the
 * same byte for byte, and escaping stays the templates' (the text is what
 * they made). text is borrowed: it must outlive every expansion of dict.
 * Failures are remembered as for the setters.
 */
void tmpl_include_text(struct tmpl_dict *dict, const char *marker,
                       const char *text, size_t len);

/*
 * Expands the include dictionary include (from tmpl_include_add()) alone,
 * as its {{>marker}} would expand it with no modifier: its template,
 * with cache and strip, into *out (freed with free()) and its length in
 * *len, for tmpl_include_text(). *outside is 1 when the expansion looked
 * up a value that include and its sections do not hold (a global, a
 * built-in or an unset name): then the text depends on the page too.
 * include must be complete (no lazy section in it) and may belong to a
 * page being expanded on this thread. Returns 0, or -1 with *out NULL as
 * tmpl_expand().
 */
int tmpl_expand_include(char **out, size_t *len, int *outside,
                        struct tmpl_cache *cache, enum tmpl_strip strip,
                        const struct tmpl_dict *include);

/*
 * Fills the dictionary d of repetition i of a lazy section (see
 * tmpl_section_lazy), with the tmpl_set* and tmpl_*_add calls. d and its
 * children are freed when the expansion moves on: keep no pointer to them.
 */
typedef void (*tmpl_fill_fn)(struct tmpl_dict *d, size_t i, void *arg);

/*
 * Adds n repetitions of {{#section}} whose dictionaries do not exist until
 * an expansion reaches them: each one is then made by head(d, i, arg) and
 * freed before the next, so that a list of any length costs the memory of
 * one repetition. body(d, i, arg) (NULL for none) adds the other values of
 * d the first time the expansion looks up in d a name (value, section or
 * include) that head did not set, so that a list shown twice, once as a
 * table of contents that uses only what head sets, runs body once per
 * repetition. body must not set a name that head set. The callbacks run
 * inside tmpl_expand*, once per repetition and use of the section in the
 * templates; arg must stay valid as long as dict. Repetitions of the same
 * section added by tmpl_section_add come before or after these, in the
 * order of the calls. NULL dict: no-op.
 */
void tmpl_section_lazy(struct tmpl_dict *dict, const char *section, size_t n,
                       tmpl_fill_fn head, tmpl_fill_fn body, void *arg);

/*
 * A memo of expanded section repetitions, for the pages of one build: a
 * repetition given a key (tmpl_section_lazy_memo) is expanded once and
 * its text used again wherever a repetition of that key comes back, on any
 * page and thread, instead of expanding it again. ctemplate makes a
 * repetition's text from the template, the answers of its lookups and
 * whether it is its section's last ({{#NAME_separator}} shows in every
 * one but the last) only, so the memo keeps, with the text, the lookups
 * the expansion answered from outside the repetition (its parents'
 * values, the globals, sections and includes found missing there), a
 * text for the last place and one for the others, and uses a text only
 * where the lookups answer the same: the output is the same as without
 * the memo, whatever the template.
 * Never used:
 *   - for a repetition whose expansion found a section or include outside
 *     itself (it would read dictionaries the check does not cover);
 *   - inside another memoised repetition;
 *   - when a template of the cache includes with modifiers ({{>NAME:h}},
 *     expanded by ctemplate into a string of its own) or changes the
 *     marker delimiters: the cache's folders and strings are read for
 *     that when added and at each tmpl_cache_reload(), which also makes
 *     the records made before unusable.
 * Threads: any number of expansions may use one memo at once (a key's
 * record is set once, by the first expansion to finish it).
 */
struct tmpl_memo;

/*
 * A memo for keys 0..n_keys-1: 0, or -1 with *out NULL when out of memory.
 * Free it after the last expansion that uses it; NULL is fine.
 */
int tmpl_memo_new(struct tmpl_memo **out, size_t n_keys);
void tmpl_memo_free(struct tmpl_memo *memo);

/* Repetitions replayed from the memo, and records made (tests, bench). */
void tmpl_memo_stats(const struct tmpl_memo *memo, size_t *hits,
                     size_t *records);

/* The memo key of lazy repetition i (tmpl_section_lazy_memo). */
typedef size_t (*tmpl_key_fn)(size_t i, void *arg);

/*
 * tmpl_section_lazy() whose repetitions are memoised in memo: key(i, arg)
 * is repetition i's key (the memo's n_keys or more: none). The caller
 * promises that every repetition given a key, on any page, is made the
 * same by head and body (values, sections and includes below it): only
 * what the expansion reads outside the repetition is checked. The
 * repetitions the memo has are neither made (no head, no body) nor
 * expanded: their text is copied. NULL memo: tmpl_section_lazy().
 */
void tmpl_section_lazy_memo(struct tmpl_dict *dict, const char *section,
                            size_t n, tmpl_fill_fn head, tmpl_fill_fn body,
                            void *arg, struct tmpl_memo *memo, tmpl_key_fn key);

/*
 * Receives the expanded text, in order, in pieces. Returns 0, or -1 to
 * stop the expansion (which then fails).
 */
typedef int (*tmpl_write_fn)(void *arg, const char *data, size_t len);

/*
 * Expands template name with dict, handing the text to write(arg, ...) in
 * pieces of at most TMPL_CHUNK bytes as it is made, so that the text is
 * never held whole. Loads the template (and its includes) from the search
 * path if needed. Returns 0, or -1 when a template is missing or invalid,
 * when building dict ran out of memory or when write returned -1 (no more
 * calls are then made, and lazy sections stop); some text may have been
 * written before a failure.
 */
#define TMPL_CHUNK ((size_t)64 << 10)
int tmpl_expand_to(tmpl_write_fn write, void *arg, struct tmpl_cache *cache,
                   const char *name, enum tmpl_strip strip,
                   const struct tmpl_dict *dict);

/*
 * Expands template name with dict into a NUL-terminated buffer the caller
 * frees with free(): *out, and its length in *len (may be NULL). Loads the
 * template (and its includes) from the search path if needed. Returns 0,
 * or -1 with *out NULL when a template is missing or invalid, or when
 * building dict ran out of memory.
 */
int tmpl_expand(char **out, size_t *len, struct tmpl_cache *cache,
                const char *name, enum tmpl_strip strip,
                const struct tmpl_dict *dict);

/*
 * The message of the last failure in this thread ("" when none). Valid
 * until the next tmpl_ call in this thread.
 */
const char *tmpl_error(void);

#ifdef __cplusplus
}
#endif

#endif
