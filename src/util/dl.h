/*
 * dl: libraries opened with dlopen() on first use rather than linked
 * (libcurl in load/fetch.c, Graphviz in render/graph.c, libmicrohttpd in
 * serve/serve.c; #18), so that a command that needs none of them never
 * maps them nor runs their constructors. Each user keeps a table of
 * pointers filled once; these fill it and say what went wrong.
 *
 * Threads: as dlsym() and dlerror() (dlerror() is per thread: call
 * dl_error() on the thread whose dlopen() or dlsym() failed).
 */
#ifndef ASYNCDOC_DL_H
#define ASYNCDOC_DL_H

#include <stddef.h>

/*
 * *fn = the address of the symbol name in the library h, where fn points
 * to a function pointer (or a data pointer). 0, or -1 when h has no such
 * symbol.
 */
int dl_sym(void *fn, void *h, const char *name);

/*
 * "cannot open WHAT (SONAME): REASON" into buf (n bytes, always
 * terminated), REASON being dlerror()'s text (it names the file, or the
 * missing symbol).
 */
void dl_error(char *buf, size_t n, const char *what, const char *soname);

#endif
