/*
 * help: the texts of --help, one per command, and the parts they share.
 * Each is a NUL-terminated constant, printed as it is.
 */
#ifndef ASYNCDOC_HELP_H
#define ASYNCDOC_HELP_H

extern const char help_main[];     /* asyncdoc --help */
extern const char help_build[];    /* build --help, then output, limits */
extern const char help_validate[]; /* validate --help, then the same */
extern const char help_serve[];    /* serve --help, then limits */
extern const char help_themes[];   /* themes --help */
extern const char help_output[];   /* the diagnostics' options */
extern const char help_limits[];   /* the loader's limits */
extern const char help_fetch[];    /* fetch --help, then limits, remote */
extern const char help_remote[];   /* remote refs' options */
extern const char help_diff[];     /* diff --help */
extern const char help_common[];   /* --config, -h */
extern const char help_init[];     /* init --help */

#endif
