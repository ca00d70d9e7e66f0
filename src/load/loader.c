/*
 * loader: files -> trees with positions and a resolved $ref graph (see
 * loader.h).
 *
 * Load runs in passes, none of which recurses:
 * 1. scan: walk the root file's tree for refs; split each ref into file
 *    part and fragment, and load every distinct file (keyed by realpath)
 *    the first time a ref names it;
 * 2. pointers: evaluate each new fragment in its target tree. A pointer
 *    that runs into a ref object lacking the next token goes on from that
 *    ref's final target (as the reference tools do), so a ref can wait for
 *    another: an explicit work stack resolves dependencies first and finds
 *    refs that need themselves. Then scan each new target's subtree (1.)
 *    and repeat until no ref is new: only what refs reach is searched;
 * 3. chains: follow every ref to its first non-ref node (memoised); a chain
 *    that meets itself is a pure ref loop, an error;
 * 4. cycles: a depth-first search over ref targets (grey/black colours,
 *    explicit stack) marks each ref whose target is being expanded as
 *    circular. Each target is walked once, so DAG-shaped documents stay
 *    linear, and only where refs are: pass 1 marks every ref and its
 *    ancestors, and subtrees without refs are skipped.
 * The passes keep their per-node state in marks on the nodes themselves
 * (see "marks" below), cleared before the document is handed out.
 *
 * Paths: the root is shown as given; a referenced file is shown as the
 * containing file's directory joined with the ref's file part, normalised
 * lexically (a/./b/../c -> a/c, the way URL resolution works in the
 * reference tools). Its realpath decides whether two refs name the same
 * file and whether the file lies inside the root document's directory, and
 * is what gets opened, so the file checked is the file read.
 */
#include "util/ascii.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/array.h"
#include "util/diag.h"
#include "util/hmap.h"
#include "load/json_load.h"
#include "load/loader.h"
#include "load/refroot.h"
#include "load/remote.h"
#include "load/srcmap.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "load/yaml_load.h"

#define NOFILE UINT32_MAX
/* Containers at least this big get hashed member lookups. */
#define SMALL_CONTAINER 16
/* Longest via chain shown in full; longer ones show both ends. */
#define VIA_SHOWN 16
#define VIA_TAIL  (VIA_SHOWN / 2)
/* Refs listed in a loop diagnostic before "...". */
#define LOOP_SHOWN 12

enum ref_state { R_NEW, R_BUSY, R_DONE, R_FAIL };

/* Results of evaluating a pointer or chasing a chain. */
enum { EV_FAIL = -1, EV_DONE = 0, EV_BLOCKED = 1 };

struct lref {
	const cJSON *node;   /* the {"$ref": ...} object */
	const cJSON *target; /* direct target (maybe a ref), when done */
	const cJSON *final;  /* first non-ref node down the chain */
	const char *frag;    /* raw fragment after '#', NULL for none */
	const char *ptr;     /* decoded pointer while resolving: frag itself
	                        when it has no '%', else owned (own_ptr) */
	const cJSON *cursor; /* where a blocked evaluation resumes */
	size_t tokoff;       /* offset in ptr of the token to resume at */
	uint32_t file;       /* file holding the ref */
	uint32_t tfile;      /* file pointed into, NOFILE when unknown */
	uint32_t stamp;      /* last chase that met this ref */
	uint32_t depth;      /* refs from this one to final, itself included
	                        (0 until chased) */
	uint32_t tail;       /* when depth > VIA_TAIL: the ref VIA_TAIL refs
	                        before final, where a shortened via text
	                        resumes */
	unsigned char state; /* enum ref_state */
	unsigned char circular;
	unsigned char crossed; /* the pointer went through a ref: the target
	                          may lie in another file than tfile */
	unsigned char own_ptr; /* ptr was allocated */
};

struct lfile {
	char *path;  /* as shown to the user */
	char *dir;   /* directory of path, "" for none */
	char *real;  /* realpath, NULL when unknown */
	cJSON *root; /* NULL when it could not be loaded */
	int scanned; /* whole tree searched for refs */
	int remote;  /* read from its URL (path), through opts.remote */
	uint32_t id; /* srcmap file id */
};

/*
 * Index of a big container's members, for lookups that would otherwise
 * walk its list: an object's children by key (the first of equal keys
 * wins, as in a linear walk), an array's by position.
 */
struct cindex {
	struct hmap keys;     /* object: key (the child's own string) -> child */
	const cJSON **items;  /* array: position -> child */
};

struct via_chunk {
	struct via_chunk *next;
	size_t used, cap;
	struct loader_via v[];
};

struct at {
	const char *file;
	uint32_t line, col;
	/*
	 * When set and file is NULL, the position is this ref's, looked up
	 * only when a problem is reported: a lookup indexes the whole
	 * position map, which a load without problems never needs.
	 */
	const cJSON *ref;
};

struct loader_doc {
	struct loader_opts opts;
	struct srcmap *map;
	struct lfile *files;
	size_t nfiles, files_cap;
	uint32_t *byid; /* srcmap file id -> index in files */
	size_t nbyid;
	char *root_real; /* the ref root (realpath), see refroot.h */
	enum refroot_how root_how;
	struct lref *refs;
	size_t nrefs, refs_cap;
	struct hmap reftab; /* ref node -> index in refs */
	struct hmap sized;  /* container -> member count */
	cJSON **marked;     /* containers with marks, while loading */
	size_t nmarked, marked_cap;
	struct hmap members; /* big container -> its struct cindex */
	struct cindex **cindexes; /* the indexes members points to (owned) */
	size_t ncindexes, cindexes_cap;
	struct hmap reals; /* realpath (the file's real) -> file, while loading */
	struct hmap parts; /* part_key() -> file, while loading */
	char **part_keys;  /* keys of parts (owned) */
	size_t nparts, parts_cap;
	cJSON **adopted;
	size_t nadopted, adopted_cap;
	struct via_chunk *vias;
	struct strbuf tok;       /* scratch for pointer tokens */
	/*
	 * The last pointer walk's parent of its target, for the next pointer
	 * into the same file with the same parent: the 1500 refs
	 * "#/components/messages/X" of a big spec walk the two tokens before
	 * X once (#18). Set only from a walk that met no ref on the way,
	 * which is the walk any pointer with that prefix would make.
	 */
	struct {
		const char *ptr; /* a ref's pointer (lives as long as doc) */
		size_t len;      /* ptr[0..len) leads to node, len > 0 */
		uint32_t file;
		const cJSON *node;
	} walk;
	struct diag_list *diags; /* while loading */
	struct load_budget budget; /* nodes left, parser work */
	size_t errors;     /* error diagnostics while loading */
	size_t ref_errors; /* of which broken refs (rules ref-...) */
	uint32_t stamp;
	size_t ref_steps; /* work of following refs, see loader_ref_steps() */
	size_t cycle_steps; /* work of mark_circular, see loader_cycle_steps() */
	int oom;
	int files_full; /* limit-files reported */
	int steps_full; /* limit-ref-steps reported */
	size_t nremote; /* remote documents read */
};

/* Longest ref string or path quoted whole in a message. */
#define CLIP_MAX 240

/* Length of s[0..n) cut to at most max bytes at a UTF-8 boundary. */
static size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Puts s[0..n), cut with "..." when longer than CLIP_MAX. */
static void
sb_put_clipped_n(struct strbuf *b, const char *s, size_t n)
{
	size_t k = utf8_cut(s, n, CLIP_MAX);

	strbuf_putn(b, s, k);
	if (k < n)
		strbuf_puts(b, "...");
}

static void
sb_put_clipped(struct strbuf *b, const char *s)
{
	sb_put_clipped_n(b, s, strlen(s));
}

/* s clipped for a message, or NULL when out of memory. Free it. */
static char *
clipped(const char *s)
{
	struct strbuf b = {0};

	sb_put_clipped(&b, s);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ------------------------------------------------------------ indexes */

/*
 * The loader's maps hold uint32 indexes (into refs or files) or counts as
 * hmap values, stored in the pointer itself.
 */
static int
idx_get(const struct hmap *m, const void *k, uint32_t *out)
{
	void *v;

	if (k == NULL || !hmap_find_ptr(m, k, &v))
		return 0;
	*out = (uint32_t)(uintptr_t)v;
	return 1;
}

/* Inserts or replaces. 0, or -1 when out of memory. */
static int
idx_put(struct hmap *m, const void *k, uint32_t v)
{
	return hmap_put_ptr(m, k, (void *)(uintptr_t)v);
}

static int
idx_get_str(const struct hmap *m, const char *k, uint32_t *out)
{
	void *v;

	if (!hmap_find_str(m, k, &v))
		return 0;
	*out = (uint32_t)(uintptr_t)v;
	return 1;
}

/* ------------------------------------------------------------ helpers */

static void
nomem(struct loader_doc *doc)
{
	doc->oom = 1;
}

/* Appends an error diagnostic (and its hint) while loading. */
static struct at ref_at(const struct loader_doc *doc, const cJSON *ref);
static void report(struct loader_doc *doc, const struct at *at,
                   const char *rule, const char *hint, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static void
report(struct loader_doc *doc, const struct at *at, const char *rule,
       const char *hint, const char *fmt, ...)
{
	struct strbuf b = {0};
	struct at pos = {NULL, 0, 0, NULL};
	va_list ap;

	if (at != NULL)
		pos = at->file == NULL && at->ref != NULL ? ref_at(doc, at->ref)
		                                          : *at;
	doc->errors++;
	if (strncmp(rule, "ref-", 4) == 0)
		doc->ref_errors++;
	va_start(ap, fmt);
	strbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.oom || diag_add(doc->diags, DIAG_ERROR, pos.file, pos.line,
	                      pos.col, rule, "%s", b.p) < 0)
		nomem(doc);
	else if (hint != NULL && diag_set_hint(doc->diags, "%s", hint) < 0)
		nomem(doc);
	free(b.p);
}

static const cJSON *
ref_member(const cJSON *n)
{
	const cJSON *c;

	if (n == NULL || !cJSON_IsObject(n))
		return NULL;
	for (c = n->child; c != NULL; c = c->next)
		if (c->string != NULL && c->string[0] == '$' &&
		    strcmp(c->string, "$ref") == 0)
			return c;
	return NULL;
}

/* Position of a ref: its "$ref" string, else the object, else nothing. */
static struct at
ref_at(const struct loader_doc *doc, const cJSON *ref)
{
	const struct srcpos *p = srcmap_get(doc->map, ref_member(ref));
	struct at at = {NULL, 0, 0, NULL};

	if (p == NULL)
		p = srcmap_get(doc->map, ref);
	if (p != NULL) {
		at.file = srcmap_file_path(doc->map, p->file);
		at.line = p->line;
		at.col = p->col;
	}
	return at;
}

static void
sb_put_at(struct strbuf *b, const struct at *at)
{
	if (at->file == NULL)
		strbuf_puts(b, "?");
	else if (at->line == 0)
		strbuf_puts(b, at->file);
	else
		strbuf_printf(b, "%s:%u:%u", at->file, (unsigned)at->line,
		              (unsigned)at->col);
}

static int
ends_with_json(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".json") == 0;
}

/* ------------------------------------------------------------ doc */

/* A limit of 0 means its default. */
static void
limit_or(size_t v, size_t def, size_t *out)
{
	*out = v ? v : def;
}

static struct loader_doc *
doc_new(const struct loader_opts *opts, struct diag_list *diags)
{
	struct loader_opts def = LOADER_OPTS_INIT;
	struct loader_doc *doc = calloc(1, sizeof(*doc));

	if (doc == NULL)
		return NULL;
	doc->opts = opts ? *opts : def;
	limit_or(doc->opts.limits.max_depth, LIMITS_DEFAULT_MAX_DEPTH,
	         &doc->opts.limits.max_depth);
	limit_or(doc->opts.limits.max_nodes, LIMITS_DEFAULT_MAX_NODES,
	         &doc->opts.limits.max_nodes);
	limit_or(doc->opts.limits.max_file_size, LIMITS_DEFAULT_MAX_FILE_SIZE,
	         &doc->opts.limits.max_file_size);
	limit_or(doc->opts.limits.max_files, LIMITS_DEFAULT_MAX_FILES,
	         &doc->opts.limits.max_files);
	limit_or(doc->opts.limits.max_ref_steps,
	         doc->opts.limits.max_nodes <= SIZE_MAX / 4
	                 ? doc->opts.limits.max_nodes * 4
	                 : SIZE_MAX,
	         &doc->opts.limits.max_ref_steps);
	doc->budget.nodes_left = doc->opts.limits.max_nodes;
	doc->diags = diags;
	doc->map = srcmap_new();
	if (doc->map == NULL) {
		free(doc);
		return NULL;
	}
	return doc;
}

/* Drops what only loading needs. */
static void
doc_trim(struct loader_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nrefs; i++) {
		if (doc->refs[i].own_ptr)
			free((char *)doc->refs[i].ptr);
		doc->refs[i].ptr = NULL;
		doc->refs[i].own_ptr = 0;
		doc->refs[i].cursor = NULL;
	}
	hmap_free(&doc->reals);
	hmap_free(&doc->parts);
	for (i = 0; i < doc->nparts; i++)
		free(doc->part_keys[i]);
	free(doc->part_keys);
	doc->part_keys = NULL;
	doc->nparts = doc->parts_cap = 0;
	free(doc->tok.p);
	memset(&doc->tok, 0, sizeof(doc->tok));
	memset(&doc->walk, 0, sizeof(doc->walk)); /* its ptr may be freed */
	doc->diags = NULL;
}

void
loader_doc_free(struct loader_doc *doc)
{
	struct via_chunk *c, *next;
	size_t i;

	if (doc == NULL)
		return;
	doc_trim(doc);
	for (i = 0; i < doc->nfiles; i++) {
		cJSON_Delete(doc->files[i].root);
		free(doc->files[i].path);
		free(doc->files[i].dir);
		free(doc->files[i].real);
	}
	free(doc->files);
	free(doc->byid);
	for (i = 0; i < doc->nadopted; i++)
		cJSON_Delete(doc->adopted[i]);
	free(doc->adopted);
	for (c = doc->vias; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(doc->refs);
	hmap_free(&doc->reftab);
	hmap_free(&doc->sized);
	free(doc->marked);
	hmap_free(&doc->members);
	for (i = 0; i < doc->ncindexes; i++) {
		hmap_free(&doc->cindexes[i]->keys);
		free(doc->cindexes[i]->items);
		free(doc->cindexes[i]);
	}
	free(doc->cindexes);
	free(doc->root_real);
	srcmap_free(doc->map);
	free(doc);
}

/* ------------------------------------------------------------ lookups */

/* Indexes the n members of big container c. 0, or -1 when out of memory. */
static int
index_members(struct loader_doc *doc, const cJSON *c, size_t n)
{
	struct cindex *ci;
	const cJSON *k;
	size_t i = 0;

	if (ARRAY_RESERVE(doc->cindexes, doc->ncindexes + 1,
	                  doc->cindexes_cap) < 0 ||
	    (ci = calloc(1, sizeof(*ci))) == NULL)
		return -1;
	doc->cindexes[doc->ncindexes++] = ci;
	if (cJSON_IsArray(c)) {
		if ((ci->items = calloc(n, sizeof(*ci->items))) == NULL)
			return -1;
		for (k = c->child; k != NULL && i < n; k = k->next)
			ci->items[i++] = k;
	} else {
		for (k = c->child; k != NULL; k = k->next)
			if (k->string != NULL &&
			    hmap_add_str(&ci->keys, k->string, (void *)k) < 0)
				return -1;
	}
	return hmap_put_ptr(&doc->members, c, ci);
}

/*
 * Member count of a container, indexing it when big. A container that
 * cannot be indexed (out of memory) is looked up linearly: slower, right.
 */
static size_t
container_size(struct loader_doc *doc, const cJSON *c)
{
	const cJSON *k;
	uint32_t v;
	size_t n = 0;
	int indexed = 1;

	if (idx_get(&doc->sized, c, &v))
		return v == UINT32_MAX ? SMALL_CONTAINER - 1 : v;
	for (k = c->child; k != NULL; k = k->next)
		n++;
	if (n >= SMALL_CONTAINER && index_members(doc, c, n) < 0)
		indexed = 0;
	if (n > UINT32_MAX - 1)
		n = UINT32_MAX - 1;
	/* A half-built index is never trusted: mark it "linear". */
	if (idx_put(&doc->sized, c, indexed ? (uint32_t)n : UINT32_MAX) < 0)
		return SMALL_CONTAINER - 1;
	return indexed ? n : SMALL_CONTAINER - 1;
}

/* Member key of object c (key NULL: item idx of array c), or NULL. */
static const cJSON *
child_of(struct loader_doc *doc, const cJSON *c, const char *key, size_t idx)
{
	const struct cindex *ci;
	const cJSON *k;
	size_t n, i;

	n = container_size(doc, c);
	if (n < SMALL_CONTAINER ||
	    (ci = hmap_get_ptr(&doc->members, c)) == NULL) {
		for (k = c->child, i = 0; k != NULL; k = k->next, i++) {
			if (key == NULL ? i == idx
			                : k->string != NULL &&
			                          strcmp(k->string, key) == 0)
				return k;
		}
		return NULL;
	}
	if (key != NULL)
		return hmap_get_str(&ci->keys, key);
	return ci->items != NULL && idx < n ? ci->items[idx] : NULL;
}

/* ------------------------------------------------------------ files */

/* The name a file is known by: realpath, or with opts.read a lexical one. */
static char *
file_real(const struct loader_doc *doc, const char *shown)
{
	char *abs, *r;

	if (doc->opts.read == NULL)
		return realpath(shown, NULL);
	/* Under a virtual "/", so that the outside-root check still works. */
	abs = malloc(strlen(shown) + 2);
	if (abs == NULL)
		return NULL;
	abs[0] = '/';
	strcpy(abs + 1, shown);
	r = path_norm(abs);
	free(abs);
	return r;
}

/* read_file() through opts.read, NUL-terminated. */
static int
read_through(char **out, size_t *len, struct loader_doc *doc,
             const char *shown, const struct at *at)
{
	char *buf = NULL, *nbuf;
	size_t n = 0;

	errno = 0;
	if (doc->opts.read(&buf, &n, shown, doc->opts.read_arg) != 0) {
		report(doc, at, "io", NULL, "cannot read '%s': %s", shown,
		       strerror(errno != 0 ? errno : EIO));
		return -1;
	}
	if (n > doc->opts.limits.max_file_size) {
		report(doc, at, "limit-file-size", NULL,
		       "'%s' is %zu bytes, over the limit of %zu bytes", shown,
		       n, doc->opts.limits.max_file_size);
		free(buf);
		return -1;
	}
	nbuf = realloc(buf, n + 1);
	if (nbuf == NULL) {
		free(buf);
		nomem(doc);
		return -1;
	}
	nbuf[n] = '\0';
	*out = nbuf;
	*len = n;
	return 0;
}

/*
 * Reads a regular file whole (NUL-terminated) within the size limit.
 * Problems are reported at *at, naming the path as shown.
 */
static int
read_file(char **out, size_t *len, struct loader_doc *doc,
          const char *open_path, const char *shown, const struct at *at)
{
	size_t max = doc->opts.limits.max_file_size, got = 0;
	struct stat st;
	char *buf = NULL;
	ssize_t r;
	int fd, rc = -1;

	*out = NULL;
	*len = 0;
	if (doc->opts.read != NULL)
		return read_through(out, len, doc, shown, at);
	fd = open(open_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		report(doc, at, "io-error", NULL, "cannot read '%s': %s", shown,
		       strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		report(doc, at, "io-error", NULL, "cannot read '%s': %s", shown,
		       strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		report(doc, at, "io-error", NULL, "cannot read '%s': %s", shown,
		       S_ISDIR(st.st_mode) ? strerror(EISDIR)
		                           : "not a regular file");
		goto out;
	}
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		report(doc, at, "limit-file-size", NULL,
		       "'%s' is %jd bytes, over the limit of %zu bytes", shown,
		       (intmax_t)st.st_size, max);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		nomem(doc);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			report(doc, at, "io-error", NULL, "cannot read '%s': %s",
			       shown, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/*
 * Adds a file entry (shown and real are copied; real may be NULL) with no
 * tree yet. An entry is kept even when its file cannot be read or parsed,
 * so that other refs to it do not report it again. Its index goes to *out.
 */
static int
add_entry(uint32_t *out, struct loader_doc *doc, const char *shown,
          const char *real)
{
	struct lfile *f;

	if (ARRAY_RESERVE(doc->files, doc->nfiles + 1, doc->files_cap) < 0)
		goto fail;
	f = &doc->files[doc->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = strdup(shown);
	f->dir = path_dir(shown);
	f->real = real ? strdup(real) : NULL;
	if (f->path == NULL || f->dir == NULL || (real && f->real == NULL) ||
	    srcmap_add_file(&f->id, doc->map, shown) < 0)
		goto fail_entry;
	if (f->real != NULL &&
	    hmap_put_str(&doc->reals, f->real,
	                 (void *)(uintptr_t)doc->nfiles) < 0)
		goto fail_entry;
	if (f->id >= doc->nbyid) {
		uint32_t *b =
		        realloc(doc->byid, ((size_t)f->id + 1) * sizeof(*b));

		if (b == NULL)
			goto fail_entry;
		while (doc->nbyid <= f->id)
			b[doc->nbyid++] = NOFILE;
		doc->byid = b;
	}
	doc->byid[f->id] = (uint32_t)doc->nfiles;
	*out = (uint32_t)doc->nfiles++;
	return 0;
fail_entry:
	free(f->path);
	free(f->dir);
	free(f->real);
fail:
	nomem(doc);
	return -1;
}

/* Parses buf as file fi: JSON for .json or JSON-looking text, else YAML. */
static void
parse_file(struct loader_doc *doc, uint32_t fi, const char *buf, size_t len)
{
	struct lfile *f = &doc->files[fi];
	cJSON *root = NULL;
	const char *nul = memchr(buf, '\0', len);
	int rc;

	/*
	 * A NUL is in no YAML or JSON text: one error for the whole file
	 * rather than one per byte the parsers trip over (and no excerpt of
	 * binary bytes under it).
	 */
	if (nul != NULL) {
		struct at at = {f->path, 0, 0, NULL};

		report(doc, &at, "not-text",
		       "give a YAML or JSON file (SPEC and every $ref)",
		       "'%s' is not a text file (a NUL byte at offset %zu)",
		       f->path, (size_t)(nul - buf));
		return;
	}
	if (ends_with_json(f->path) || json_load_sniff(buf, len))
		rc = json_load_buffer(&root, buf, len, f->id, doc->map,
		                      &doc->opts.limits, &doc->budget,
		                      doc->diags);
	else
		rc = yaml_load_buffer(&root, buf, len, f->id, doc->map,
		                      &doc->opts.limits, &doc->budget,
		                      doc->diags);
	if (rc < 0 || root == NULL) {
		/* the parser reported why */
		doc->errors++;
		cJSON_Delete(root);
		root = NULL;
	}
	f->root = root;
}

/* ------------------------------------------------------------ pass 1 */

/* Length of the URI scheme at the start of s (before ':'), or 0. */
static size_t
scheme_len(const char *s)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		char c = s[i];

		if (c == ':')
			return i;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			return 0;
	}
	return 0;
}

/*
 * Checks a decoded pointer: "" or "/..." with ~ followed by 0 or 1 only.
 * Returns NULL when fine, else the problem.
 */
static const char *
pointer_problem(const char *p)
{
	if (p[0] != '\0' && p[0] != '/')
		return "is not a JSON Pointer (it must be empty or start "
		       "with '/')";
	for (; *p != '\0'; p++)
		if (p[0] == '~' && p[1] != '0' && p[1] != '1')
			return "has a '~' not followed by 0 or 1";
	return NULL;
}

/*
 * Finds the remote document that s[0..plen) (a ref's part before '#', not
 * decoded) names, resolved against file fi's URL when fi is remote, and
 * reads it through opts.remote the first time. Problems are reported at
 * *at. Returns the file index, or NOFILE.
 */
static uint32_t
load_remote(struct loader_doc *doc, uint32_t fi, const char *s, size_t plen,
            const char *ref, const struct at *at)
{
	struct remote_body body = {0};
	char *part = strndup(s, plen), *url = NULL, *curl = NULL;
	uint32_t idx = NOFILE, v;

	if (part == NULL ||
	    remote_resolve(&url, doc->files[fi].remote ? doc->files[fi].path
	                                               : NULL,
	                   part) < 0 ||
	    (curl = clipped(url)) == NULL) {
		nomem(doc);
		goto out;
	}
	if (!remote_is_http(url)) {
		report(doc, at, "ref-syntax", NULL,
		       "$ref '%s' in a remote document names '%s': only http "
		       "and https are read from there, never the local disk",
		       ref, curl);
		goto out;
	}
	if (idx_get_str(&doc->reals, url, &v)) {
		idx = v;
		goto out;
	}
	if (doc->nremote >= remote_max_docs(doc->opts.remote) ||
	    doc->nfiles >= doc->opts.limits.max_files) {
		report(doc, at, "limit-files", NULL,
		       "$ref '%s' would read '%s', over the limit of %zu "
		       "remote documents or %zu files",
		       ref, curl, remote_max_docs(doc->opts.remote),
		       doc->opts.limits.max_files);
		goto out;
	}
	/* the URL is its own "realpath": refs to it meet this entry */
	if (add_entry(&v, doc, url, url) < 0)
		goto out;
	doc->files[v].remote = 1;
	doc->nremote++;
	idx = v;
	if (remote_get(&body, doc->opts.remote, url) < 0) {
		if (body.error == NULL)
			nomem(doc);
		else
			report(doc, at, body.rule, body.hint, "%s", body.error);
	} else if (body.len > doc->opts.limits.max_file_size) {
		report(doc, at, "limit-file-size", NULL,
		       "'%s' is %zu bytes, over the limit of %zu bytes", curl,
		       body.len, doc->opts.limits.max_file_size);
	} else {
		parse_file(doc, v, body.body, body.len);
	}
out:
	remote_body_clear(&body);
	free(curl);
	free(url);
	free(part);
	return idx;
}

/*
 * Finds the file that file part `part` (decoded) of a ref in file fi names,
 * loading it the first time. Problems are reported at *at. Returns the file
 * index, or NOFILE.
 */
static uint32_t
resolve_file(struct loader_doc *doc, uint32_t fi, const char *part,
             const char *ref, const struct at *at)
{
	struct strbuf key = {0};
	char *shown = NULL, *real = NULL, *buf = NULL, *cshown = NULL;
	uint32_t idx = NOFILE, v;
	size_t len;

	/*
	 * Cache key: the containing file's directory and the file part. The
	 * directory's length comes first, so that no two pairs give one key.
	 */
	strbuf_printf(&key, "%zu:%s%s", strlen(doc->files[fi].dir),
	              doc->files[fi].dir, part);
	if (key.oom) {
		nomem(doc);
		goto out;
	}
	if (idx_get_str(&doc->parts, key.p, &v)) {
		idx = v;
		goto out;
	}
	shown = path_resolve(doc->files[fi].dir, part);
	if (shown == NULL) {
		nomem(doc);
		goto out;
	}
	real = file_real(doc, shown);
	if (real == NULL) {
		int err = errno;

		cshown = clipped(shown);
		if (cshown == NULL || err == ENOMEM)
			nomem(doc);
		else if (err == ENOENT || err == ENOTDIR)
			report(doc, at, "ref-file-missing", NULL,
			       "$ref '%s' names a missing file '%s'", ref,
			       cshown);
		else
			report(doc, at, "io-error", NULL, "cannot read '%s': %s",
			       cshown, strerror(err));
		goto out;
	}
	if (!doc->opts.allow_outside_root &&
	    (doc->root_real == NULL ||
	     !refroot_contains(doc->root_real, real))) {
		report(doc, at, "ref-outside-root",
		       "pass --allow-outside-refs to allow it",
		       "$ref '%s' reads '%s' outside the ref root '%s' (%s)",
		       ref, real,
		       doc->root_real ? doc->root_real : "(unknown)",
		       refroot_how_text(doc->root_how));
		goto out;
	}
	if (!idx_get_str(&doc->reals, real, &v)) {
		if (doc->nfiles >= doc->opts.limits.max_files) {
			if (!doc->files_full)
				report(doc, at, "limit-files", NULL,
				       "$ref '%s' would load '%s', over the "
				       "limit of %zu files",
				       ref, shown, doc->opts.limits.max_files);
			else
				doc->errors++;
			doc->files_full = 1;
			goto out;
		}
		if (add_entry(&v, doc, shown, real) < 0)
			goto out;
		if (read_file(&buf, &len, doc, real, shown, at) == 0)
			parse_file(doc, v, buf, len);
	}
	if (ARRAY_RESERVE(doc->part_keys, doc->nparts + 1, doc->parts_cap) <
	            0 ||
	    hmap_put_str(&doc->parts, key.p, (void *)(uintptr_t)v) < 0) {
		nomem(doc);
		goto out;
	}
	/* The map borrows its keys: the doc keeps them. */
	doc->part_keys[doc->nparts++] = key.p;
	key.p = NULL;
	idx = v;
out:
	free(key.p);
	free(cshown);
	free(shown);
	free(real);
	free(buf);
	return idx;
}

/* ------------------------------------------------------------ marks */

/*
 * While loading, the passes keep a few bits per container in its valueint,
 * which cJSON leaves unused on objects and arrays (both parsers leave it
 * 0): a flag read while walking a node costs nothing, a hash lookup per
 * node was most of the time of these passes. Only containers are marked
 * (valueint means something on numbers). Every node marked is listed in
 * doc->marked and reset to 0 by clear_marks() before the document is
 * handed out, so no mark outlives the load.
 */
enum {
	M_SCANNED = 1, /* top of a subtree searched for refs */
	M_REF = 2,     /* a ref recorded in doc->refs */
	M_HASREF = 4,  /* a ref, or holds one */
	M_VERTEX = 8,  /* mark_circular: a vertex (white unless below) */
	M_GREY = 16,
	M_BLACK = 32,
	M_ALL = 63,
	/*
	 * Two bits outlive the load: the scan tells every object it walks
	 * whether it is a ref (V_KNOWN, V_REF), so loader_is_ref() answers
	 * from the object instead of reading all its members each time (the
	 * validator and the renderer ask for every node they enter, many
	 * times over: it was 9 % of validate, #18). A cJSON_Duplicate()
	 * copies them with the members they describe; whoever changes an
	 * object's members afterwards calls loader_node_changed().
	 */
	V_KNOWN = 64,
	V_REF = 128,
	/*
	 * And a ref keeps 1 + its index in doc->refs from bit V_IDX_SHIFT
	 * (0: not known, or too big), so find_ref() reads its entry instead
	 * of probing the table of refs, a cache miss each in a big document
	 * (validate follows every ref it meets). A copy carries the index of
	 * its original along: find_ref() checks that the entry is the node's.
	 */
	V_IDX_SHIFT = 8,
	V_IDX_MAX = INT_MAX >> V_IDX_SHIFT
};

/* Notes in ref n that it is doc->refs[idx] (see V_IDX_SHIFT). */
static void
note_ref_idx(const cJSON *n, uint32_t idx)
{
	cJSON *m = (cJSON *)n;

	m->valueint &= (1 << V_IDX_SHIFT) - 1;
	if (idx < (uint32_t)V_IDX_MAX)
		m->valueint |= (int)((idx + 1) << V_IDX_SHIFT);
}

static int
marks(const cJSON *n)
{
	if (n == NULL || !(n->type & (cJSON_Array | cJSON_Object)))
		return 0;
	return n->valueint & M_ALL;
}

/*
 * Sets bits on container n (a node of a tree the doc owns, hence the
 * cast). 0, or -1 when out of memory.
 */
static int
mark(struct loader_doc *doc, const cJSON *n, int bits)
{
	cJSON *m = (cJSON *)n;

	if ((m->valueint & M_ALL) == 0) {
		if (ARRAY_RESERVE(doc->marked, doc->nmarked + 1,
		                  doc->marked_cap) < 0) {
			nomem(doc);
			return -1;
		}
		doc->marked[doc->nmarked++] = m;
	}
	m->valueint |= bits;
	return 0;
}

static void
unmark(cJSON *n, int bits)
{
	n->valueint &= ~bits;
}

static void
clear_marks(struct loader_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nmarked; i++)
		doc->marked[i]->valueint &= ~M_ALL;
	free(doc->marked);
	doc->marked = NULL;
	doc->nmarked = doc->marked_cap = 0;
}

/* Sets *rs to s clipped for a message, once. 0, or -1 when out of memory. */
static int
clip_ref(struct loader_doc *doc, char **rs, const char *s)
{
	if (*rs == NULL && (*rs = clipped(s)) == NULL) {
		nomem(doc);
		return -1;
	}
	return 0;
}

/* Records ref node n of file fi and finds (loads) the file it names. */
/* Room for one more ref (indexes stay below UINT32_MAX). 0 or -1. */
static int
refs_reserve(struct loader_doc *doc)
{
	if (doc->nrefs >= UINT32_MAX - 1)
		return -1;
	return ARRAY_RESERVE(doc->refs, doc->nrefs + 1, doc->refs_cap);
}

static void
add_ref(struct loader_doc *doc, const cJSON *n, uint32_t fi)
{
	const char *s = ref_member(n)->valuestring, *hash, *problem;
	struct lref *r;
	struct at at = {NULL, 0, 0, NULL};
	char *part = NULL, *rs = NULL;
	size_t slen = strlen(s), plen;
	uint32_t idx, tf;
	int nul, remote;

	if (refs_reserve(doc) < 0) {
		nomem(doc);
		return;
	}
	idx = (uint32_t)doc->nrefs;
	if (mark(doc, n, M_REF) < 0 || idx_put(&doc->reftab, n, idx) < 0) {
		nomem(doc);
		return;
	}
	note_ref_idx(n, idx);
	r = &doc->refs[doc->nrefs++];
	memset(r, 0, sizeof(*r));
	r->node = n;
	r->file = fi;
	r->tfile = NOFILE;
	r->state = R_FAIL;
	at.file = NULL;
	at.ref = n;
	/* In a remote document, or naming one: a URL, resolved in load_remote. */
	remote = doc->opts.remote != NULL &&
	         (doc->files[fi].remote || remote_is_http(s));
	/* rs, the ref clipped for messages, is made only when needed. */
	if (!remote && (plen = scheme_len(s)) > 0) {
		if (clip_ref(doc, &rs, s) < 0)
			goto out;
		if ((plen == 4 && strncasecmp(s, "http", 4) == 0) ||
		    (plen == 5 && strncasecmp(s, "https", 5) == 0))
			report(doc, &at, "ref-remote",
			       "download it next to the spec and use a "
			       "relative path",
			       "remote $ref '%s' is not fetched", rs);
		else
			report(doc, &at, "ref-syntax",
			       "use a relative file path, optionally "
			       "followed by #/json/pointer",
			       "$ref '%s' uses the unsupported scheme "
			       "'%.*s:'",
			       rs, (int)(plen > CLIP_MAX ? CLIP_MAX : plen), s);
		goto out;
	}
	if (!remote && s[0] == '/' && s[1] == '/') {
		if (clip_ref(doc, &rs, s) < 0)
			goto out;
		report(doc, &at, "ref-syntax",
		       "use a relative file path, optionally followed by "
		       "#/json/pointer",
		       "$ref '%s' is a network-path reference", rs);
		goto out;
	}
	hash = strchr(s, '#');
	plen = hash ? (size_t)(hash - s) : slen;
	if (hash != NULL) {
		r->frag = hash + 1;
		nul = 0;
		if (strchr(r->frag, '%') == NULL) {
			/* Nothing to decode: the fragment outlives loading. */
			r->ptr = r->frag;
		} else {
			r->ptr = path_pct_decode(r->frag, strlen(r->frag), &nul);
			if (r->ptr == NULL) {
				nomem(doc);
				goto out;
			}
			r->own_ptr = 1;
		}
		if (nul) {
			if (clip_ref(doc, &rs, s) == 0)
				report(doc, &at, "ref-syntax", NULL,
				       "$ref '%s' holds an encoded NUL byte",
				       rs);
			goto out;
		}
		if ((problem = pointer_problem(r->ptr)) != NULL) {
			if (clip_ref(doc, &rs, s) < 0)
				goto out;
			report(doc, &at, "ref-syntax",
			       r->ptr[0] != '/'
			               ? "anchors are not supported: write "
			                 "#/path/to/node"
			               : "write ~0 for '~' and ~1 for '/' in "
			                 "a JSON Pointer",
			       "the fragment of $ref '%s' %s", rs, problem);
			goto out;
		}
	}
	if (plen == 0) {
		tf = fi;
	} else if (remote) {
		if (clip_ref(doc, &rs, s) < 0)
			goto out;
		tf = load_remote(doc, fi, s, plen, rs, &at);
		if (tf == NOFILE)
			goto out;
	} else {
		part = path_pct_decode(s, plen, &nul);
		if (part == NULL) {
			nomem(doc);
			goto out;
		}
		if (clip_ref(doc, &rs, s) < 0)
			goto out;
		if (nul) {
			report(doc, &at, "ref-syntax", NULL,
			       "$ref '%s' holds an encoded NUL byte", rs);
			goto out;
		}
		tf = resolve_file(doc, fi, part, rs, &at);
		if (tf == NOFILE)
			goto out;
	}
	r = &doc->refs[idx];
	r->tfile = tf;
	if (doc->files[tf].root != NULL)
		r->state = R_NEW;
out:
	free(part);
	free(rs);
}

/*
 * File index of a parsed node, from its position (parsers give every node
 * one); guess when it has none.
 */
static uint32_t
file_of(const struct loader_doc *doc, const cJSON *n, uint32_t guess)
{
	const struct srcpos *p;

	/* A file's root needs no lookup (which would index every position). */
	if (guess < doc->nfiles && doc->files[guess].root == n)
		return guess;
	p = srcmap_get(doc->map, n);
	if (p == NULL || p->file >= doc->nbyid || doc->byid[p->file] == NOFILE)
		return guess;
	return doc->byid[p->file];
}

/* loader_is_ref() of a node the scan walks, remembered in an object. */
static int
scan_is_ref(const cJSON *n)
{
	const cJSON *m;
	int ref;

	if (n == NULL || !cJSON_IsObject(n))
		return 0;
	if (n->valueint & V_KNOWN)
		return (n->valueint & V_REF) != 0;
	m = ref_member(n);
	ref = m != NULL && cJSON_IsString(m) && m->valuestring != NULL;
	((cJSON *)n)->valueint |= V_KNOWN | (ref ? V_REF : 0);
	return ref;
}

/*
 * Marks n, which is or holds a ref, M_HASREF with its ancestors
 * stack[0..sp) (top first), up to the first one marked already: a node is
 * only ever marked with all its ancestors up to the top of its scan.
 */
static void
mark_hasref(struct loader_doc *doc, const cJSON *n, const cJSON **stack,
            size_t sp)
{
	if (mark(doc, n, M_HASREF) < 0)
		return;
	while (sp > 0 && !(marks(stack[sp - 1]) & M_HASREF))
		if (mark(doc, stack[--sp], M_HASREF) < 0)
			return;
}

/*
 * Records every ref in the subtree of top (iteratively), skipping
 * subtrees scanned before. Only what refs reach is scanned, as the
 * reference tools do: a broken ref in an unused part of a referenced file
 * is no error. Refs and their ancestors are marked M_HASREF, so that
 * mark_circular() can skip the subtrees without refs.
 */
static void
scan_region(struct loader_doc *doc, const cJSON *top, uint32_t guess, int sure)
{
	const cJSON **stack = NULL, *n = top;
	size_t sp = 0, cap = 0;
	uint32_t fi;

	if (top == NULL || top->child == NULL || (marks(top) & M_SCANNED))
		return;
	/* Known files spare a position lookup (it indexes every position). */
	fi = sure ? guess : file_of(doc, top, guess);
	if (fi < doc->nfiles && doc->files[fi].scanned)
		return;
	if (fi < doc->nfiles && top == doc->files[fi].root)
		doc->files[fi].scanned = 1;
	if (mark(doc, top, M_SCANNED) < 0)
		return;
	for (;;) {
		if (doc->oom)
			break;
		if (n != top && (marks(n) & M_SCANNED)) {
			/* Its refs were marked up to n: mark on up to top. */
			if (marks(n) & M_HASREF)
				mark_hasref(doc, n, stack, sp);
			goto next;
		}
		if (scan_is_ref(n)) {
			if (!(marks(n) & M_REF))
				add_ref(doc, n, fi);
			mark_hasref(doc, n, stack, sp);
		}
		if (n->child != NULL) {
			if (ARRAY_RESERVE(stack, sp + 1, cap) < 0) {
				nomem(doc);
				break;
			}
			stack[sp++] = n;
			n = n->child;
			continue;
		}
	next:
		while (sp > 0 && n->next == NULL)
			n = stack[--sp];
		if (sp == 0)
			break;
		n = n->next;
	}
	free(stack);
}

/* ------------------------------------------------------------ pass 2, 3 */

static const char *
type_name(const cJSON *n)
{
	if (cJSON_IsString(n))
		return "string";
	if (cJSON_IsNumber(n))
		return "number";
	if (cJSON_IsBool(n))
		return "boolean";
	if (cJSON_IsNull(n))
		return "null";
	return "value";
}

/* "file.yaml:3:9 '#/a'" for ref i. */
static void
sb_put_ref(struct strbuf *b, const struct loader_doc *doc, uint32_t i)
{
	struct at at = ref_at(doc, doc->refs[i].node);

	sb_put_at(b, &at);
	strbuf_puts(b, " '");
	sb_put_clipped(b, ref_member(doc->refs[i].node)->valuestring);
	strbuf_puts(b, "'");
}

/* Reports the chain list[0..n) (then back to list[0]) as a ref loop. */
static void
report_loop(struct loader_doc *doc, const uint32_t *list, size_t n,
            const char *what)
{
	struct strbuf b = {0};
	struct at at = ref_at(doc, doc->refs[list[0]].node);
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == LOOP_SHOWN && n > LOOP_SHOWN + 1) {
			strbuf_printf(&b, " -> ... %zu more",
			              n - LOOP_SHOWN - 1);
			i = n - 1;
		}
		if (i > 0)
			strbuf_puts(&b, " -> ");
		sb_put_ref(&b, doc, list[i]);
	}
	strbuf_puts(&b, " -> back to ");
	sb_put_at(&b, &at);
	if (b.oom)
		nomem(doc);
	else
		report(doc, &at, "ref-loop", NULL, "%s: %s", what, b.p);
	free(b.p);
	for (i = 0; i < n; i++)
		doc->refs[list[i]].state = R_FAIL;
}

/*
 * Counts one step of following refs (for ref i); 1, reported once, when
 * the document's budget is spent.
 */
static int
over_budget(struct loader_doc *doc, uint32_t i)
{
	struct at at = {NULL, 0, 0, doc->refs[i].node};

	if (++doc->ref_steps <= doc->opts.limits.max_ref_steps)
		return 0;
	if (!doc->steps_full) {
		doc->steps_full = 1;
		report(doc, &at, "limit-ref-steps",
		       "raise --max-ref-steps if the document is meant to be "
		       "this big",
		       "following $refs took more than %zu steps (%zu refs "
		       "found so far); the document's refs were not all "
		       "resolved",
		       doc->opts.limits.max_ref_steps, doc->nrefs);
	}
	return 1;
}

/*
 * Memoises, for each ref from i down to the first one already memoised (or
 * the last ref), its final node end, its depth and its tail (for via
 * texts): three walks of the new part of the chain, so each ref is walked
 * a bounded number of times over the whole load.
 */
static void
memo_chain(struct loader_doc *doc, uint32_t i, const cJSON *end)
{
	uint32_t j, m = 0, below = 0, tail = UINT32_MAX, d;
	struct lref *r;

	for (j = i;; m++) {
		r = &doc->refs[j];
		if (r->final != NULL) {
			below = r->depth;
			tail = r->depth > VIA_TAIL ? r->tail : j;
			break;
		}
		doc->ref_steps++;
		if (!idx_get(&doc->reftab, r->target, &j)) {
			m++;
			break;
		}
	}
	/* the ref VIA_TAIL refs before end, when it lies on the new part */
	if (below < VIA_TAIL && m + below > VIA_TAIL)
		for (j = i, d = m + below; d > VIA_TAIL; d--)
			idx_get(&doc->reftab, doc->refs[j].target, &j);
	if (below < VIA_TAIL && m + below > VIA_TAIL)
		tail = j;
	for (j = i, d = m + below;; d--) {
		r = &doc->refs[j];
		if (r->final != NULL)
			break;
		r->final = end;
		r->depth = d;
		r->tail = tail;
		if (!idx_get(&doc->reftab, r->target, &j))
			break;
	}
}

/*
 * Follows ref i down its chain to the first non-ref node (*out), memoising
 * it on the way. EV_BLOCKED with *blocker when a ref on the way is not
 * resolved yet; EV_FAIL when the chain fails or loops (reported here).
 */
static int
chase(struct loader_doc *doc, uint32_t i, const cJSON **out, uint32_t *blocker)
{
	uint32_t stamp = ++doc->stamp, j = i, k, *loop = NULL;
	const cJSON *end = NULL;
	struct lref *r;
	size_t n = 0;

	for (;;) {
		r = &doc->refs[j];
		if (r->final != NULL) {
			end = r->final;
			break;
		}
		if (r->state == R_FAIL || over_budget(doc, j))
			goto fail;
		if (r->state != R_DONE) {
			*blocker = j;
			return EV_BLOCKED;
		}
		if (r->stamp == stamp) {
			/* j starts the loop: list it */
			for (k = j, n = 0;; n++) {
				if (!idx_get(&doc->reftab, doc->refs[k].target,
				              &k))
					break;
				if (k == j) {
					n++;
					break;
				}
			}
			loop = malloc(n * sizeof(*loop));
			if (loop == NULL) {
				nomem(doc);
				doc->refs[j].state = R_FAIL;
				goto fail;
			}
			for (k = j, n = 0; n == 0 || k != j; n++) {
				loop[n] = k;
				idx_get(&doc->reftab, doc->refs[k].target, &k);
			}
			report_loop(doc, loop, n, "$ref loop with no content");
			free(loop);
			goto fail;
		}
		r->stamp = stamp;
		if (!idx_get(&doc->reftab, r->target, &k)) {
			end = r->target;
			break;
		}
		j = k;
	}
	memo_chain(doc, i, end);
	*out = end;
	return EV_DONE;
fail:
	/* the refs leading into the failure fail with it, silently */
	for (j = i; doc->refs[j].state == R_DONE;) {
		doc->refs[j].state = R_FAIL;
		if (!idx_get(&doc->reftab, doc->refs[j].target, &j))
			break;
	}
	return EV_FAIL;
}

/* Unescapes the pointer token p[0..n) into doc->tok. */
static const char *
token(struct loader_doc *doc, const char *p, size_t n)
{
	struct strbuf *b = &doc->tok;
	size_t i;

	b->len = 0;
	if (strbuf_grow(b, n) < 0) {
		nomem(doc);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (p[i] == '~' && i + 1 < n) {
			b->p[b->len++] = p[i + 1] == '1' ? '/' : '~';
			i++;
		} else {
			b->p[b->len++] = p[i];
		}
	}
	b->p[b->len] = '\0';
	return b->p;
}

/* Array index token: "0" or [1-9][0-9]*, within size_t. */
static int
array_index(size_t *out, const char *t)
{
	size_t v = 0;

	if (t[0] == '\0' || (t[0] == '0' && t[1] != '\0'))
		return -1;
	for (; *t != '\0'; t++) {
		if (*t < '0' || *t > '9' || v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*t - '0');
	}
	*out = v;
	return 0;
}

/*
 * The member name of object cur closest to t (a likely typo), or NULL.
 * Borrowed from cur.
 */
static const char *
closest_member(struct loader_doc *doc, const cJSON *cur, const char *t)
{
	const char **names = NULL;
	const char *pick = NULL;
	size_t n = 0, cap = 0;
	const cJSON *c;

	for (c = cur->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			continue;
		if (ARRAY_RESERVE(names, n + 1, cap) < 0) {
			nomem(doc);
			goto out;
		}
		names[n++] = c->string;
	}
	pick = suggest_closest(t, names, n);
out:
	free(names);
	return pick;
}

/* Reports that token t of ref i was not found below prefix ptr[0..off). */
static void
report_missing(struct loader_doc *doc, uint32_t i, const cJSON *cur,
               const char *t, size_t off, const char *why, size_t count,
               int derefed)
{
	const struct lref *r = &doc->refs[i];
	struct at at = ref_at(doc, r->node);
	struct strbuf where = {0}, hint = {0};
	const char *near;
	int tn = (int)utf8_cut(t, strlen(t), 80);

	/* "file.yaml", "file.yaml#/a/b", "#/a/b"; "#" for this file's top */
	if (r->tfile != r->file)
		strbuf_puts(&where, doc->files[r->tfile].path);
	if (off > 0 || r->tfile == r->file)
		strbuf_puts(&where, "#");
	sb_put_clipped_n(&where, r->ptr, off);
	if (derefed)
		strbuf_puts(&where, " (through its $ref)");
	if (why == NULL && cJSON_IsObject(cur) &&
	    (near = closest_member(doc, cur, t)) != NULL) {
		strbuf_puts(&hint, "did you mean '");
		sb_put_clipped(&hint, near);
		strbuf_puts(&hint, "'?");
	}
	if (where.oom || hint.oom) {
		nomem(doc);
		goto out;
	}
	if (why != NULL)
		report(doc, &at, "ref-not-found", NULL, "'%.*s' %s in %s", tn,
		       t, why, where.p);
	else if (cJSON_IsArray(cur))
		report(doc, &at, "ref-not-found", NULL,
		       "'%.*s' not found in %s (an array of %zu items)", tn, t,
		       where.p, count);
	else if (cJSON_IsObject(cur))
		report(doc, &at, "ref-not-found", hint.p,
		       "'%.*s' not found in %s", tn, t, where.p);
	else
		report(doc, &at, "ref-not-found", NULL,
		       "'%.*s' not found in %s (a %s)", tn, t, where.p,
		       type_name(cur));
out:
	free(where.p);
	free(hint.p);
}

/*
 * Evaluates the pointer of ref i, resuming where it was blocked. A ref
 * object that lacks the next token is followed to its final target.
 */
static int
eval_ref(struct loader_doc *doc, uint32_t i, uint32_t *blocker)
{
	struct lref *r = &doc->refs[i];
	const cJSON *cur, *child, *fin, *parent = NULL;
	const char *p, *t;
	size_t off, end, idx = 0, count, poff = 0;
	uint32_t k;
	int rc, derefed, clean;

	p = r->ptr ? r->ptr : "";
	/* clean: walked from the file's root, no ref met (see doc->walk) */
	clean = r->cursor == NULL;
	if (r->cursor == NULL) {
		r->cursor = doc->files[r->tfile].root;
		r->tokoff = 0;
		if (doc->walk.node != NULL && doc->walk.file == r->tfile &&
		    strncmp(p, doc->walk.ptr, doc->walk.len) == 0 &&
		    p[doc->walk.len] == '/') {
			r->cursor = doc->walk.node;
			r->tokoff = doc->walk.len;
		}
	}
	cur = r->cursor;
	for (off = r->tokoff; p[off] == '/'; off = end) {
		for (end = off + 1; p[end] != '\0' && p[end] != '/'; end++)
			;
		derefed = 0;
		for (;;) {
			child = NULL;
			if ((t = token(doc, p + off + 1, end - off - 1)) ==
			    NULL)
				return EV_FAIL;
			if (cJSON_IsObject(cur)) {
				child = child_of(doc, cur, t, 0);
			} else if (cJSON_IsArray(cur)) {
				if (array_index(&idx, t) < 0) {
					report_missing(doc, i, cur, t, off,
					               "is not an array index",
					               0, derefed);
					return EV_FAIL;
				}
				child = child_of(doc, cur, NULL, idx);
			}
			if (child != NULL || derefed || !loader_is_ref(cur))
				break;
			if (!idx_get(&doc->reftab, cur, &k)) {
				/* a ref outside the scanned parts */
				add_ref(doc, cur,
				        file_of(doc, cur, doc->refs[i].tfile));
				if (doc->oom ||
				    !idx_get(&doc->reftab, cur, &k))
					return EV_FAIL;
			}
			rc = chase(doc, k, &fin, blocker);
			if (rc == EV_BLOCKED) {
				r = &doc->refs[i];
				r->cursor = cur;
				r->tokoff = off;
				return EV_BLOCKED;
			}
			if (rc == EV_FAIL)
				return EV_FAIL;
			cur = fin;
			derefed = 1;
			clean = 0;
			doc->refs[i].crossed = 1;
		}
		if (child == NULL) {
			count = cJSON_IsArray(cur) ? container_size(doc, cur)
			                           : 0;
			report_missing(doc, i, cur, doc->tok.p, off, NULL,
			               count, derefed);
			return EV_FAIL;
		}
		parent = cur;
		poff = off;
		cur = child;
	}
	r = &doc->refs[i];
	r->target = cur;
	if (clean && poff > 0) {
		doc->walk.ptr = p;
		doc->walk.len = poff;
		doc->walk.file = r->tfile;
		doc->walk.node = parent;
	}
	return EV_DONE;
}

static int
upush(uint32_t **st, size_t *sp, size_t *cap, uint32_t v)
{
	if (ARRAY_RESERVE(*st, *sp + 1, *cap) < 0)
		return -1;
	(*st)[(*sp)++] = v;
	return 0;
}

/*
 * Pass 2: every new pointer, dependencies first, with an explicit stack
 * (each ref is pushed once, while new). Evaluation may record refs met
 * mid-pointer, so doc->nrefs can grow meanwhile.
 */
static void
resolve_pointers(struct loader_doc *doc)
{
	uint32_t *stack = NULL, j, b = 0;
	size_t sp = 0, cap = 0, i, p;
	int rc;

	for (i = 0; i < doc->nrefs && !doc->oom; i++) {
		if (doc->refs[i].state != R_NEW)
			continue;
		if (upush(&stack, &sp, &cap, (uint32_t)i) < 0)
			goto oom;
		while (sp > 0 && !doc->oom) {
			j = stack[sp - 1];
			doc->refs[j].state = R_BUSY;
			rc = eval_ref(doc, j, &b);
			if (rc == EV_DONE) {
				doc->refs[j].state = R_DONE;
				sp--;
			} else if (rc == EV_FAIL) {
				doc->refs[j].state = R_FAIL;
				sp--;
			} else if (doc->refs[b].state == R_NEW) {
				if (upush(&stack, &sp, &cap, b) < 0)
					goto oom;
			} else {
				/* b is busy, so on the stack: a loop */
				for (p = sp; p > 0 && stack[p - 1] != b; p--)
					;
				p = p > 0 ? p - 1 : 0;
				report_loop(doc, stack + p, sp - p,
				            "$ref that needs itself to "
				            "resolve");
				sp = p;
			}
		}
	}
	goto out;
oom:
	nomem(doc);
out:
	free(stack);
}

/* Pass 3: final targets, pure loops. */
static void
resolve_chains(struct loader_doc *doc)
{
	const cJSON *fin;
	uint32_t b;
	size_t i;

	for (i = 0; i < doc->nrefs && !doc->oom; i++)
		if (doc->refs[i].state == R_DONE && doc->refs[i].final == NULL)
			chase(doc, (uint32_t)i, &fin, &b);
}

/* ------------------------------------------------------------ pass 4 */

enum { D_CHAIN, D_BODY, D_END };

struct ditem {
	const cJSON *node;
	int kind;
};

static int
dpush(struct ditem **st, size_t *sp, size_t *cap, const cJSON *n, int kind)
{
	if (ARRAY_RESERVE(*st, *sp + 1, *cap) < 0)
		return -1;
	(*st)[*sp].node = n;
	(*st)[(*sp)++].kind = kind;
	return 0;
}

/* Makes white vertex t grey and schedules its walk. */
static int
enter(struct loader_doc *doc, struct ditem **st, size_t *sp, size_t *cap,
      const cJSON *t)
{
	if (mark(doc, t, M_GREY) < 0 || dpush(st, sp, cap, t, D_END) < 0 ||
	    dpush(st, sp, cap, t, D_BODY) < 0)
		return -1;
	return 0;
}

/* 1 for a white vertex: a vertex neither grey nor black. */
static int
is_white(const cJSON *t)
{
	return (marks(t) & (M_VERTEX | M_GREY | M_BLACK)) == M_VERTEX;
}

/*
 * Depth-first search whose vertices are the root and the ref targets. Only
 * nodes marked M_HASREF (refs and their ancestors) are walked: a subtree
 * without refs has no edge out, so no cycle passes through it and no ref
 * can see one of its targets grey; such targets are left out. A
 * vertex's walk covers its subtree; each ref met is an edge to its target, each
 * target met in the subtree an edge to it. An edge to a grey vertex (being
 * expanded: its walk is open below on the stack) closes a cycle: the ref is
 * circular. A vertex met in a subtree while black is skipped (everything it
 * reaches is done, so no new back edge can start in it); met while grey, its
 * subtree is walked again for the current vertex, whose own refs may point back
 * at it. Renderers that stop at circular refs therefore terminate from any
 * node. Colours are marks: white is M_VERTEX alone.
 */
static void
mark_circular(struct loader_doc *doc)
{
	struct ditem *st = NULL, it;
	size_t sp = 0, cap = 0, i;
	const cJSON *t, *n;
	uint32_t k;
	int m;

	/* the vertices: the root and the targets, those holding refs */
	if ((marks(loader_root(doc)) & M_HASREF) &&
	    mark(doc, loader_root(doc), M_VERTEX) < 0)
		goto oom;
	for (i = 0; i < doc->nrefs; i++) {
		t = doc->refs[i].target;
		if (doc->refs[i].state == R_DONE && (marks(t) & M_HASREF) &&
		    mark(doc, t, M_VERTEX) < 0)
			goto oom;
	}
	/* from the root; then, to be sure, from any target not reached */
	for (i = 0; i <= doc->nrefs; i++) {
		t = i == 0 ? loader_root(doc) : doc->refs[i - 1].target;
		if (!is_white(t))
			continue;
		if (enter(doc, &st, &sp, &cap, t) < 0)
			goto oom;
		while (sp > 0) {
			it = st[--sp];
			n = it.node;
			doc->cycle_steps++;
			if (it.kind == D_END) {
				unmark((cJSON *)n, M_GREY);
				if (mark(doc, n, M_BLACK) < 0)
					goto oom;
				continue;
			}
			if (it.kind == D_CHAIN) {
				if (n->next != NULL &&
				    dpush(&st, &sp, &cap, n->next, D_CHAIN) < 0)
					goto oom;
				m = marks(n);
				if (n->child == NULL || !(m & M_HASREF))
					continue;
				if (m & M_BLACK)
					continue;
				if (is_white(n)) {
					if (enter(doc, &st, &sp, &cap, n) < 0)
						goto oom;
					continue;
				}
			}
			/* the body: children, then the ref's edge on top */
			if (n->child == NULL)
				continue;
			if (dpush(&st, &sp, &cap, n->child, D_CHAIN) < 0)
				goto oom;
			if (!(marks(n) & M_REF) ||
			    !idx_get(&doc->reftab, n, &k))
				continue;
			t = doc->refs[k].target;
			m = marks(t);
			if (m & M_GREY)
				doc->refs[k].circular = 1;
			else if (is_white(t) &&
			         enter(doc, &st, &sp, &cap, t) < 0)
				goto oom;
		}
	}
	goto out;
oom:
	nomem(doc);
out:
	free(st);
}

/* ------------------------------------------------------------ load */

static int
finish(struct loader_doc **out, struct loader_doc *doc, const char *name)
{
	size_t done = 0, i;
	const cJSON *t;
	int partial;

	/*
	 * Scan what refs reach: the root file whole, then each new target's
	 * subtree, until no ref is new.
	 */
	scan_region(doc, loader_root(doc), 0, 1);
	while (!doc->oom && done < doc->nrefs) {
		resolve_pointers(doc);
		for (i = done, done = doc->nrefs; i < done && !doc->oom; i++) {
			t = doc->refs[i].target;
			if (doc->refs[i].state == R_DONE)
				scan_region(doc, t, doc->refs[i].tfile,
				            !doc->refs[i].crossed);
		}
	}
	if (!doc->oom)
		resolve_chains(doc);
	/*
	 * A partial document (only broken refs, which stay refs with no
	 * target) is walked like a whole one, so it needs the marks too.
	 */
	partial = !doc->oom && doc->errors > 0 && doc->opts.partial &&
	          doc->errors == doc->ref_errors && loader_root(doc) != NULL;
	if (!doc->oom && (doc->errors == 0 || partial))
		mark_circular(doc);
	clear_marks(doc);
	if (doc->oom)
		diag_add(doc->diags, DIAG_ERROR, name, 0, 0, "out-of-memory",
		         "out of memory while loading '%s'", name);
	if ((doc->oom || doc->errors > 0) && !partial) {
		loader_doc_free(doc);
		return -1;
	}
	doc_trim(doc);
	*out = doc;
	return partial ? -1 : 0;
}

/*
 * The ref root of the document name into doc->root_real (left NULL when
 * the spec's folder cannot be resolved: every ref is then refused).
 * 0, or -1 (out of memory, or a given root that cannot be resolved:
 * reported).
 */
static int
find_root(struct loader_doc *doc, const char *name)
{
	struct refroot_opts ro = {
	        .given = doc->opts.ref_root,
	        .spec_dir_only = doc->opts.ref_root_spec_dir,
	};
	struct at at = {name, 0, 0, NULL};

	if (refroot_find(&doc->root_real, &doc->root_how, name, &ro) == 0)
		return 0;
	if (errno == ENOMEM) {
		nomem(doc);
		return -1;
	}
	if (ro.given != NULL) {
		report(doc, &at, "io", NULL, "cannot use the ref root '%s': %s",
		       ro.given, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Sets up doc's root from buf, shown as name. owned (buf, or NULL when the
 * caller keeps it) is freed once parsed: the trees hold no pointer into the
 * text, and the passes after the parse need not keep it in memory.
 */
static int
load_root(struct loader_doc **out, struct loader_doc *doc, const char *name,
          const char *buf, size_t len, char *owned)
{
	char *real = NULL;
	uint32_t id;
	int rc;

	if (doc->opts.read != NULL) {
		/*
		 * Files read through opts.read (diff's git revisions): the
		 * callback decides what it serves (git reads nothing outside
		 * the repository), so the root is the virtual "/".
		 */
		doc->root_real = strdup("/");
		doc->root_how = REFROOT_GIT;
		if (doc->root_real == NULL) {
			nomem(doc);
			goto out;
		}
	} else if (find_root(doc, name) < 0) {
		goto out;
	}
	real = file_real(doc, name);
	if (add_entry(&id, doc, name, real) == 0) {
		parse_file(doc, id, buf, len);
		if (doc->opts.parsed != NULL)
			doc->opts.parsed(doc->opts.parsed_arg);
	}
	free(owned);
	owned = NULL;
out:
	free(owned);
	free(real);
	rc = finish(out, doc, name);
	return rc;
}

int
loader_load(struct loader_doc **out, const char *path,
            const struct loader_opts *opts, struct diag_list *diags)
{
	struct loader_doc *doc;
	struct at at = {path, 0, 0, NULL};
	char *buf = NULL;
	size_t len;

	*out = NULL;
	if (path == NULL || path[0] == '\0') {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "io-error",
		         "no spec file given");
		return -1;
	}
	doc = doc_new(opts, diags);
	if (doc == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "out-of-memory",
		         "out of memory while loading '%s'", path);
		return -1;
	}
	if (read_file(&buf, &len, doc, path, path, &at) < 0) {
		if (doc->oom)
			diag_add(diags, DIAG_ERROR, path, 0, 0, "out-of-memory",
			         "out of memory while loading '%s'", path);
		loader_doc_free(doc);
		return -1;
	}
	return load_root(out, doc, path, buf, len, buf);
}

int
loader_load_buffer(struct loader_doc **out, const char *name, const char *buf,
                   size_t len, const struct loader_opts *opts,
                   struct diag_list *diags)
{
	struct loader_doc *doc;

	*out = NULL;
	if (name == NULL || name[0] == '\0')
		name = "<buffer>";
	doc = doc_new(opts, diags);
	if (doc == NULL) {
		diag_add(diags, DIAG_ERROR, name, 0, 0, "out-of-memory",
		         "out of memory while loading '%s'", name);
		return -1;
	}
	if (len > doc->opts.limits.max_file_size) {
		struct at at = {name, 0, 0, NULL};

		report(doc, &at, "limit-file-size", NULL,
		       "'%s' is %zu bytes, over the limit of %zu bytes", name,
		       len, doc->opts.limits.max_file_size);
		loader_doc_free(doc);
		return -1;
	}
	return load_root(out, doc, name, buf ? buf : "", buf ? len : 0, NULL);
}

/* ------------------------------------------------------------ queries */

const struct cJSON *
loader_root(const struct loader_doc *doc)
{
	return doc && doc->nfiles > 0 ? doc->files[0].root : NULL;
}

const struct srcpos *
loader_pos(const struct loader_doc *doc, const struct cJSON *node)
{
	return doc ? srcmap_get(doc->map, node) : NULL;
}

int
loader_freeze(struct loader_doc *doc)
{
	return doc != NULL ? srcmap_index(doc->map) : 0;
}

const struct srcmap *
loader_srcmap(const struct loader_doc *doc)
{
	return doc ? doc->map : NULL;
}

size_t
loader_file_count(const struct loader_doc *doc)
{
	return doc ? doc->nfiles : 0;
}

const char *
loader_file_path(const struct loader_doc *doc, uint32_t file)
{
	return doc && file < doc->nfiles ? doc->files[file].path : NULL;
}

int
loader_file_is_remote(const struct loader_doc *doc, uint32_t file)
{
	return doc && file < doc->nfiles ? doc->files[file].remote : 0;
}

const struct cJSON *
loader_file_root(const struct loader_doc *doc, uint32_t file)
{
	return doc && file < doc->nfiles ? doc->files[file].root : NULL;
}

int
loader_is_ref(const struct cJSON *n)
{
	const cJSON *m;

	if (n == NULL || !cJSON_IsObject(n))
		return 0;
	if (n->valueint & V_KNOWN)
		return (n->valueint & V_REF) != 0;
	m = ref_member(n);
	return m != NULL && cJSON_IsString(m) && m->valuestring != NULL;
}

void
loader_node_changed(struct cJSON *n)
{
	if (n != NULL && cJSON_IsObject(n))
		n->valueint &= ~(V_KNOWN | V_REF);
	/* the ref index stays: find_ref() checks it against its entry */
}

const char *
loader_ref_string(const struct cJSON *n)
{
	return loader_is_ref(n) ? ref_member(n)->valuestring : NULL;
}

static const struct lref *
find_ref(const struct loader_doc *doc, const cJSON *n)
{
	uint32_t k;

	/*
	 * Only objects with members ("$ref") are refs, and only those the
	 * scan did not find to be no ref (V_KNOWN without V_REF: a ref in
	 * the table had its "$ref" when the scan saw it, and a change since
	 * clears V_KNOWN): the checks and the model ask about every node,
	 * and this spares most a hash probe.
	 */
	if (doc == NULL || n == NULL || !cJSON_IsObject(n) ||
	    n->child == NULL || (n->valueint & (V_KNOWN | V_REF)) == V_KNOWN)
		return NULL;
	k = (uint32_t)n->valueint >> V_IDX_SHIFT;
	if (k > 0 && k <= doc->nrefs && doc->refs[k - 1].node == n)
		k--;
	else if (!idx_get(&doc->reftab, n, &k))
		return NULL;
	return doc->refs[k].state == R_DONE ? &doc->refs[k] : NULL;
}

const struct cJSON *
loader_ref_target(const struct loader_doc *doc, const struct cJSON *n)
{
	const struct lref *r = find_ref(doc, n);

	return r ? r->target : NULL;
}

const struct cJSON *
loader_ref_target_file(uint32_t *file, const struct loader_doc *doc,
                       const struct cJSON *n)
{
	const struct lref *r = find_ref(doc, n);

	if (r == NULL || r->target == NULL)
		return NULL;
	*file = doc->files[r->file].id;
	return r->target;
}

int
loader_ref_is_circular(const struct loader_doc *doc, const struct cJSON *n)
{
	const struct lref *r = find_ref(doc, n);

	return r ? r->circular : 0;
}

int
loader_has_circular(const struct loader_doc *doc)
{
	size_t i;

	for (i = 0; doc != NULL && i < doc->nrefs; i++)
		if (doc->refs[i].circular)
			return 1;
	return 0;
}

static struct loader_via *
via_alloc(struct loader_doc *doc)
{
	struct via_chunk *c = doc->vias;
	size_t cap;

	if (c == NULL || c->used == c->cap) {
		cap = c ? c->cap * 2 : 64;
		if (cap > 4096)
			cap = 4096;
		c = malloc(sizeof(*c) + cap * sizeof(c->v[0]));
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = doc->vias;
		doc->vias = c;
	}
	return &c->v[c->used++];
}

/*
 * One via hop stands for a whole chain: the ref met and every ref after it
 * down to its final node. So following a chain of n refs costs one hop,
 * not n (a document whose n schemas form one chain would otherwise need
 * n * n / 2 hops); loader_via_text() expands the chains it shows.
 */
size_t
loader_ref_steps(const struct loader_doc *doc)
{
	return doc ? doc->ref_steps : 0;
}

size_t
loader_cycle_steps(const struct loader_doc *doc)
{
	return doc ? doc->cycle_steps : 0;
}

const struct cJSON *
loader_deref(const struct loader_via **via_out, struct loader_doc *doc,
             const struct cJSON *n, const struct loader_via *via)
{
	const struct lref *r;
	struct loader_via *hop;
	size_t steps = 0;

	if (via_out != NULL)
		*via_out = via;
	if (doc == NULL || n == NULL || (r = find_ref(doc, n)) == NULL)
		return n;
	if (via_out != NULL) {
		hop = via_alloc(doc);
		if (hop == NULL)
			return NULL;
		hop->ref = n;
		hop->prev = via;
		*via_out = hop;
	}
	if (r->final != NULL)
		return r->final;
	/* not memoised (a load that ran out of memory): walk */
	for (; r != NULL; r = find_ref(doc, n)) {
		n = r->target;
		/* loops are load errors; this only guards the contract */
		if (++steps > doc->nrefs)
			break;
	}
	return n;
}

/* Number of refs from ref n down its chain, n included. */
static size_t
chain_depth(const struct loader_doc *doc, const cJSON *n)
{
	const struct lref *r = find_ref(doc, n);
	size_t d = 0;

	if (r != NULL && r->depth > 0)
		return r->depth;
	for (; r != NULL && d <= doc->nrefs; r = find_ref(doc, r->target))
		d++;
	return d > 0 ? d : 1;
}

/* The ref skip refs down the chain of ref n (skip < its depth). */
static const cJSON *
chain_at(const struct loader_doc *doc, const cJSON *n, size_t skip)
{
	const struct lref *r = find_ref(doc, n);

	if (r != NULL && r->depth > VIA_TAIL &&
	    skip >= (size_t)r->depth - VIA_TAIL) {
		skip -= (size_t)r->depth - VIA_TAIL;
		n = doc->refs[r->tail].node;
	}
	for (; skip > 0 && (r = find_ref(doc, n)) != NULL; skip--)
		n = r->target;
	return n;
}

/*
 * The refs a via text shows, first first: all of them up to VIA_SHOWN,
 * else the first and the last VIA_TAIL. *total is the count of all.
 */
static int
via_refs(const cJSON **out, size_t *nout, size_t *total,
         const struct loader_doc *doc, const struct loader_via *via)
{
	const struct loader_via **hops = NULL, *v;
	const cJSON *n;
	size_t nh = 0, i, k, d, sum = 0, head, need, take;

	for (v = via; v != NULL; v = v->prev)
		nh++;
	hops = malloc(nh * sizeof(*hops));
	if (hops == NULL)
		return -1;
	for (v = via, i = nh; v != NULL; v = v->prev)
		hops[--i] = v;
	for (k = 0; k < nh; k++)
		sum += chain_depth(doc, hops[k]->ref);
	head = sum > VIA_SHOWN ? VIA_TAIL : sum;
	for (k = 0, i = 0; k < nh && i < head; k++) {
		d = chain_depth(doc, hops[k]->ref);
		for (n = hops[k]->ref; d > 0 && i < head; d--) {
			out[i++] = n;
			n = chain_at(doc, n, 1);
		}
	}
	/* the last VIA_TAIL, filled from the end */
	for (need = sum > VIA_SHOWN ? VIA_TAIL : 0, k = nh; need > 0 && k > 0;
	     need -= take) {
		d = chain_depth(doc, hops[--k]->ref);
		take = d < need ? d : need;
		n = chain_at(doc, hops[k]->ref, d - take);
		for (i = VIA_TAIL + need - take; i < VIA_TAIL + need; i++) {
			out[i] = n;
			n = chain_at(doc, n, 1);
		}
	}
	*nout = sum > VIA_SHOWN ? VIA_SHOWN : sum;
	*total = sum;
	free(hops);
	return 0;
}

/* "schemas/user.yaml#/User": where ref r points, as the user sees it. */
static void
sb_put_target(struct strbuf *b, const struct loader_doc *doc, const cJSON *ref)
{
	const struct lref *r = find_ref(doc, ref);

	if (r == NULL || r->tfile >= doc->nfiles) {
		sb_put_clipped(b, loader_ref_string(ref)
		                          ? loader_ref_string(ref)
		                          : "?");
		return;
	}
	strbuf_puts(b, doc->files[r->tfile].path);
	if (r->frag != NULL && r->frag[0] != '\0') {
		strbuf_puts(b, "#");
		sb_put_clipped(b, r->frag);
	}
}

char *
loader_via_text(const struct loader_doc *doc, const struct loader_via *via)
{
	const cJSON *refs[VIA_SHOWN], *prev_target = NULL;
	struct strbuf b = {0};
	struct at at;
	size_t n = 0, total = 0, i;

	if (doc == NULL || via == NULL)
		return NULL;
	if (via_refs(refs, &n, &total, doc, via) < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (total > VIA_SHOWN && i == VIA_TAIL) {
			strbuf_printf(&b, ", ... %zu more $refs ...",
			              total - VIA_SHOWN);
			prev_target = NULL;
		}
		if (prev_target == NULL || refs[i] != prev_target) {
			if (i > 0)
				strbuf_puts(&b, ", then ");
			at = ref_at(doc, refs[i]);
			sb_put_at(&b, &at);
		}
		strbuf_puts(&b, " -> ");
		sb_put_target(&b, doc, refs[i]);
		prev_target = loader_ref_target(doc, refs[i]);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

int
loader_report(struct diag_list *diags, const struct loader_doc *doc,
              const struct cJSON *node, const struct loader_via *via,
              enum diag_severity sev, const char *rule, const char *fmt, ...)
{
	const struct srcpos *p = loader_pos(doc, node);
	struct strbuf b = {0};
	char *text = NULL;
	va_list ap;
	int rc = -1;

	va_start(ap, fmt);
	strbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.oom)
		goto out;
	if (diag_add(diags, sev, p ? srcmap_file_path(doc->map, p->file) : NULL,
	             p ? p->line : 0, p ? p->col : 0, rule, "%s", b.p) < 0)
		goto out;
	if (via != NULL) {
		text = loader_via_text(doc, via);
		if (text == NULL || diag_set_via(diags, text) < 0)
			goto out;
	}
	rc = 0;
out:
	free(text);
	free(b.p);
	return rc;
}

/* Adds a ref entry for copy, a duplicate of ref src. */
static int
dup_ref(struct loader_doc *doc, const cJSON *copy, uint32_t src)
{
	struct lref *r;

	if (refs_reserve(doc) < 0)
		return -1;
	if (idx_put(&doc->reftab, copy, (uint32_t)doc->nrefs) < 0)
		return -1;
	note_ref_idx(copy, (uint32_t)doc->nrefs);
	r = &doc->refs[doc->nrefs];
	*r = doc->refs[src];
	r->node = copy;
	r->ptr = NULL;
	r->own_ptr = 0;
	r->cursor = NULL;
	doc->nrefs++;
	return 0;
}

static int
adopted_reserve(struct loader_doc *doc)
{
	return ARRAY_RESERVE(doc->adopted, doc->nadopted + 1, doc->adopted_cap);
}

struct pair {
	const cJSON *src;
	const cJSON *dst;
	int chain;
};

struct cJSON *
loader_dup(struct loader_doc *doc, const struct cJSON *n)
{
	struct pair *st = NULL, it;
	size_t sp = 0, cap = 0;
	const struct srcpos *p;
	struct srcpos pos;
	cJSON *copy;
	uint32_t k;

	if (doc == NULL || n == NULL)
		return NULL;
	/*
	 * Positions and refs are keyed by address: a copy that failed half
	 * way must not be freed (a later node could reuse an address), so
	 * the doc keeps it. Reserve its slot first.
	 */
	if (adopted_reserve(doc) < 0)
		return NULL;
	copy = cJSON_Duplicate(n, 1);
	if (copy == NULL)
		return NULL;
	if (ARRAY_RESERVE(st, 64, cap) < 0)
		goto fail;
	st[sp++] = (struct pair){n, copy, 0};
	while (sp > 0) {
		it = st[--sp];
		if (it.src == NULL || it.dst == NULL)
			continue;
		if (ARRAY_RESERVE(st, sp + 2, cap) < 0)
			goto fail;
		if (it.chain)
			st[sp++] = (struct pair){it.src->next, it.dst->next, 1};
		st[sp++] = (struct pair){it.src->child, it.dst->child, 1};
		p = srcmap_get(doc->map, it.src);
		if (p != NULL) {
			pos = *p;
			if (srcmap_put(doc->map, it.dst, pos) < 0)
				goto fail;
		}
		if (idx_get(&doc->reftab, it.src, &k) &&
		    dup_ref(doc, it.dst, k) < 0)
			goto fail;
	}
	free(st);
	return copy;
fail:
	free(st);
	doc->adopted[doc->nadopted++] = copy;
	return NULL;
}

int
loader_adopt(struct loader_doc *doc, struct cJSON *tree)
{
	if (doc == NULL || tree == NULL)
		return -1;
	if (adopted_reserve(doc) < 0) {
		/* its entries stay keyed by freed addresses: see loader.h */
		cJSON_Delete(tree);
		return -1;
	}
	doc->adopted[doc->nadopted++] = tree;
	return 0;
}

int
loader_copy_pos(struct loader_doc *doc, const struct cJSON *dst,
                const struct cJSON *src)
{
	const struct srcpos *p;
	struct srcpos pos;

	if (doc == NULL || dst == NULL)
		return -1;
	p = srcmap_get(doc->map, src);
	if (p == NULL)
		return 0;
	pos = *p;
	return srcmap_put(doc->map, dst, pos);
}
