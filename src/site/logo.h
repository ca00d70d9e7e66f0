/*
 * logo: an x-logo that names a local file (a path relative to the spec,
 * e.g. "logo.svg") goes into the site's assets/, so that a site whose
 * logo lives beside its spec loads nothing remote. URLs (http:, https:,
 * data:) and absolute paths stay as written.
 *
 * Threads: no shared state.
 */
#ifndef ASYNCDOC_LOGO_H
#define ASYNCDOC_LOGO_H

#include "render/theme.h"
#include "util/diag.h"

/* The asset's rel (render.c shows the logo from it: LOGO). */
#define LOGO_ASSET_REL "x-logo"

/*
 * When logo is a relative path to a regular file inside the spec's folder
 * (or anywhere with allow_outside), fills *out (rel LOGO_ASSET_REL, src
 * the file, out "x-logo-<name>"; free with logo_asset_clear()) and returns
 * 1. Returns 0 when logo is not a local path; -1 with a warning
 * (logo-missing) when it is one but names no file there, or out of memory.
 */
int logo_asset(struct theme_asset *out, const char *spec, const char *logo,
               int allow_outside, struct diag_list *diags);

void logo_asset_clear(struct theme_asset *a);

#endif
