/*
 * tmplcheck: the rules an HTML template must keep so that a theme cannot
 * turn escaping off by omission (issue #13).
 *
 * ctemplate escapes values only in templates that carry the pragma
 * {{%AUTOESCAPE context="HTML"}}, and even there prints a value raw when
 * the template says {{NAME:none}}. So before a theme is used, every HTML
 * template of it (a file ending in .html.tpl, or any .tpl in its html/
 * folder) must:
 *   - start with {{%AUTOESCAPE context="HTML"}} (state="IN_TAG" may
 *     follow): blank lines and nothing else before it;
 *   - use :none only on variables whose name ends in _HTML, the ones
 *     asyncdoc fills with HTML it made and sanitised itself (highlighted
 *     code, schema trees, Markdown rendered by cmark in safe mode);
 *   - not change the marker delimiters ({{=...=}}), which would hide
 *     markers from this check.
 * A template that breaks a rule is refused with an error diagnostic at
 * its file and line (rule "theme-unescaped") saying what to add or change.
 *
 * Errors: 0 when every template keeps the rules, -1 when one does not or
 * when a file cannot be read (diagnostics appended) or memory runs out.
 * Threads: no shared state.
 */
#ifndef ASYNCDOC_TMPLCHECK_H
#define ASYNCDOC_TMPLCHECK_H

#include <stddef.h>

#include "util/diag.h"

/* Checks one template's text (len bytes); name is its file, as shown. */
int tmplcheck_text(const char *name, const char *text, size_t len,
                   struct diag_list *diags);

/*
 * Checks every HTML template below dir (sub-folders too, a few levels):
 * files ending in .html.tpl, and every .tpl when all_tpl is set (a theme's
 * html/ folder). A missing dir is fine.
 */
int tmplcheck_dir(const char *dir, int all_tpl, struct diag_list *diags);

#endif
