/*
 * dl: helpers for libraries opened on first use (see dl.h).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "util/dl.h"

int
dl_sym(void *fn, void *h, const char *name)
{
	void *p = dlsym(h, name);

	/* POSIX: a data pointer from dlsym holds a function's address */
	memcpy(fn, &p, sizeof(p));
	return p != NULL ? 0 : -1;
}

void
dl_error(char *buf, size_t n, const char *what, const char *soname)
{
	const char *e = dlerror();

	snprintf(buf, n, "cannot open %s (%s): %s", what, soname,
	         e != NULL ? e : "unknown error");
}
