/*
 * yaml_split: one YAML text parsed as two parts on two threads, stitched
 * into the serial result (see yaml_split.h for the idea).
 *
 * Why the checks are enough. Part 1 is a prefix of the text that ends at
 * a line break, so libyaml emits for it the serial events up to S, then
 * closes what is open. Part 2 starts with copies of the A lines, so at S
 * its scanner has the same block mappings open at the same columns as the
 * serial one, provided that in the serial parse those are block mappings
 * whose keys are the A lines and whose first keys sit at the columns of
 * the next A line (or of S): part 1's tree and positions say exactly that
 * (the last member of each chain mapping is the A key, at the A line's
 * line and column; the mapping starts where its first key is, which a flow
 * mapping never does). From S on, both texts are the same bytes in the
 * same scanner state, so they give the same events: part 2's tree is the
 * serial rest. Lines are libyaml's: part 1's stream end is the line of S,
 * so breaks we do not count ourselves (lone CR, NEL, LS, PS) can only make
 * the position checks fail, never make them pass wrongly. What the two
 * parts cannot see of each other is refused: an alias to an anchor of
 * part 1 fails part 2 (yaml-unknown-anchor), a merge key in either part
 * refuses the split (a merge in a chain mapping would see only one part's
 * keys), duplicate keys across the cut are looked for, and any diagnostic
 * but a warning whose message holds no line number sends the load to the
 * serial parse, which then reports it exactly as it always did (those
 * warnings are kept, in text order, part 2's lines shifted).
 *
 * Threads: the calling thread finds the cut, starts part 2's thread,
 * parses part 1 into the caller's srcmap, joins, checks and stitches. Part
 * 2's thread touches only its own srcmap, diagnostics list, budget and
 * tree, and reads buf and lim. Nothing is shared while both run.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/diag.h"
#include "load/keyset.h"
#include "load/load_limits.h"
#include "load/srcmap.h"
#include "load/yaml_load.h"
#include "load/yaml_split.h"

/* Below this the thread's start and the checks cost more than they save. */
#define SPLIT_MIN_DEFAULT ((size_t)256 << 10)
/* Chain mappings followed up from the middle line; deeper: no split. */
#define SPLIT_MAX_CHAIN 16
/* Lines after the middle tried as cut points. */
#define SPLIT_MAX_TRIES 16

static size_t split_min = SPLIT_MIN_DEFAULT;
static size_t split_from = SIZE_MAX; /* tests: where the search starts */
static int any_cpus;                 /* tests: split on one processor too */
static size_t stat_tried, stat_split, stat_serial;

enum line_kind { LINE_BLANK, LINE_COMMENT, LINE_CONTENT, LINE_BAD };

struct line {
	size_t off, end; /* [off, end): end is the '\n' or len */
	size_t indent;   /* leading spaces */
	enum line_kind kind;
};

/* An A line: a chain mapping's key. */
struct anc {
	struct line l;
	size_t dist;     /* line breaks from its start to the middle line */
	size_t name_len; /* its key is buf[l.off + l.indent, + name_len) */
	int bare;        /* exactly "name:", a comment at most after it */
};

struct split {
	const char *buf;
	size_t len;
	uint32_t file;
	const struct limits *lim;

	size_t walk_left; /* bytes the searches may still walk back */
	struct anc a[SPLIT_MAX_CHAIN + 1]; /* A0..Ak, then S */
	int k;                             /* index of Ak, -1: none */
	char *pre;                         /* the A lines, part 2's start */
	size_t pre_len;

	/* part 2: written by its thread, read after the join */
	cJSON *root2;
	struct srcmap *map2;
	struct diag_list *diags2;
	struct load_budget b2;
	struct yaml_part part2;
	int rc2;
};

void
yaml_load_set_split_min(size_t bytes)
{
	split_min = bytes;
}

void
yaml_split_set_from(size_t off)
{
	split_from = off;
}

void
yaml_split_set_any_cpus(int yes)
{
	any_cpus = yes;
}

/*
 * Reads the start of a small /proc file into b (size bytes, NUL-ended):
 * 1, or 0 when it cannot be read or is empty.
 */
static int
proc_read(char *b, size_t size, const char *path)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, b, size - 1);
	close(fd);
	if (n <= 0)
		return 0;
	b[n] = '\0';
	return 1;
}

/*
 * Tasks that could run right now, this one included, from the kernel's
 * /proc/loadavg ("0.50 0.40 0.30 R/T last-pid"), or 0 when unknown.
 */
static long
runnable_now(void)
{
	char b[128], *p;
	long r;

	if (!proc_read(b, sizeof(b), "/proc/loadavg"))
		return 0;
	p = strchr(b, '/');
	if (p == NULL)
		return 0;
	while (p > b && p[-1] >= '0' && p[-1] <= '9')
		p--;
	r = strtol(p, NULL, 10);
	return r > 0 ? r : 0;
}

/* The state letter of a /proc stat file ("pid (comm) S ..."), or 0. */
static char
proc_state(const char *path)
{
	char b[512], *p;

	if (!proc_read(b, sizeof(b), path))
		return 0;
	/* the name may hold ") ": the state follows the last one */
	p = strrchr(b, ')');
	return p != NULL && p[1] == ' ' ? p[2] : 0;
}

/*
 * Runnable tasks of this process's own making, the caller aside: its
 * other threads (a build compiles the schema's validators on one while
 * the spec loads) and its children (the graph helper opens Graphviz when
 * it starts). They are short and part of the same work: a split that
 * shares a processor with them for a while still ends sooner than the
 * serial parse, so they must not count as others' load. 0 when /proc
 * cannot say.
 */
static long
own_runnable(void)
{
	char path[96], kids[512], *p, *end;
	struct dirent *e;
	DIR *d = opendir("/proc/self/task");
	long self = (long)syscall(SYS_gettid), tid, n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		tid = strtol(e->d_name, &end, 10);
		if (tid <= 0 || *end != '\0')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", tid);
		if (tid != self && proc_state(path) == 'R')
			n++;
		/* the children this thread started */
		snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
		         tid);
		if (!proc_read(kids, sizeof(kids), path))
			continue;
		for (p = kids;; p = end) {
			long pid = strtol(p, &end, 10);

			if (end == p || pid <= 0)
				break;
			snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
			if (proc_state(path) == 'R')
				n++;
		}
	}
	closedir(d);
	return n;
}

/*
 * 1 when a processor other than ours is likely idle for part 2. On one
 * processor (a container's limit, taskset) the parts would take turns.
 * When other tasks run, the scheduler shares the processors out by
 * session (autogroups): a second thread of ours then mostly takes time
 * from our first, so two only add the split's own cost and part 2's
 * waits (measured: 10-20% slower beside other sessions' work). The
 * runnable count is an instant's: a task that happens to run then costs
 * this load its split, never its result.
 */
static int
cpus_for_two(void)
{
	const struct timespec gap = {0, 200000}; /* 0.2 ms */
	cpu_set_t set;
	long cpus;
	int i;

	if (any_cpus)
		return 1;
	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 0;
	cpus = CPU_COUNT(&set);
	if (cpus < 2)
		return 0;
	/*
	 * Ourselves plus at most cpus - 2 others: one processor is idle.
	 * The process's own other tasks are not others (own_runnable()).
	 * A task that runs for an instant (a kernel worker freeing the
	 * files of a site just removed, a process ending) made about one
	 * build in four parse serially, 35 ms slower: the count is
	 * taken again, a little later, before the split is given up; work
	 * that keeps a processor busy shows in every count.
	 */
	for (i = 0; i < 3; i++) {
		if (i > 0)
			nanosleep(&gap, NULL);
		if (runnable_now() - own_runnable() <= cpus - 1)
			return 1;
	}
	return 0;
}

void
yaml_load_split_stats(struct yaml_load_split_stats *out)
{
	out->tried = __atomic_load_n(&stat_tried, __ATOMIC_RELAXED);
	out->split = __atomic_load_n(&stat_split, __ATOMIC_RELAXED);
	out->serial = __atomic_load_n(&stat_serial, __ATOMIC_RELAXED);
}

static void
line_at(struct line *l, const char *buf, size_t len, size_t off)
{
	const char *nl = memchr(buf + off, '\n', len - off);
	size_t i = off, j;

	l->off = off;
	l->end = nl != NULL ? (size_t)(nl - buf) : len;
	while (i < l->end && buf[i] == ' ')
		i++;
	l->indent = i - off;
	for (j = i; j < l->end && (buf[j] == ' ' || buf[j] == '\t'); j++)
		;
	if (j == l->end || (buf[j] == '\r' && j + 1 == l->end))
		l->kind = LINE_BLANK;
	else if (j != i)
		l->kind = LINE_BAD; /* a tab in the indentation */
	else if (buf[i] == '#')
		l->kind = LINE_COMMENT;
	else
		l->kind = LINE_CONTENT;
}

/* Start of the line before the one at off (> 0). */
static size_t
prev_line(const char *buf, size_t off)
{
	const char *nl = off >= 2 ? memrchr(buf, '\n', off - 1) : NULL;

	return nl != NULL ? (size_t)(nl - buf) + 1 : 0;
}

/* A conservative plain key's first character (no indicator, no quote). */
static int
key_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '/';
}

static int
key_char(char c)
{
	return key_start(c) || c == '-' || c == '.';
}

/* Sets a->bare and a->name_len for a content line. */
static void
check_bare(struct anc *a, const char *buf)
{
	size_t i = a->l.off + a->l.indent, end = a->l.end, n;

	a->bare = 0;
	if (!key_start(buf[i]))
		return;
	for (n = i; n < end && key_char(buf[n]); n++)
		;
	if (n == end || buf[n] != ':')
		return;
	a->name_len = n - i;
	for (n++; n < end && (buf[n] == ' ' || buf[n] == '\t'); n++)
		;
	if (n == end || (buf[n] == '\r' && n + 1 == end))
		a->bare = 1;
	else if (buf[n] == '#' && buf[n - 1] != ':' &&
	         memchr(buf + n, '\r', end - n) == NULL)
		a->bare = 1;
}

/*
 * The indentation of the first content line after the line a, and
 * whether that line starts at s. -1 on a tab-indented line or at the end.
 */
static int
first_after(size_t *indent, int *is_s, const char *buf, size_t len,
            const struct line *a, size_t s)
{
	struct line l;
	size_t off = a->end + 1;

	while (off < len) {
		line_at(&l, buf, len, off);
		if (l.kind == LINE_BAD)
			return -1;
		if (l.kind == LINE_CONTENT) {
			*indent = l.indent;
			*is_s = off == s;
			return 0;
		}
		off = l.end + 1;
	}
	return -1;
}

/*
 * Finds the cut for the content line at off: its chain of A lines, then
 * the deepest level at which it can be cut. 0 (sp->a and sp->k set) or -1.
 */
static int
try_line(struct split *sp, size_t off)
{
	const char *buf = sp->buf;
	struct anc chain[SPLIT_MAX_CHAIN + 1], *s;
	struct line q;
	size_t cur, dist = 0, n = 0, bare = 0, ind;
	int k, j, is_s, ok;

	line_at(&chain[0].l, buf, sp->len, off);
	chain[0].dist = 0;
	if (chain[0].l.kind != LINE_CONTENT)
		return -1;
	cur = chain[0].l.indent;
	/* Up from the middle line: each nearest line indented less. */
	while (cur > 0) {
		if (off == 0 || n == SPLIT_MAX_CHAIN)
			return -1;
		q.off = off;
		off = prev_line(buf, off);
		/* Lines far from any A line (a long block scalar) cost once. */
		if (q.off - off > sp->walk_left) {
			sp->walk_left = 0;
			return -1;
		}
		sp->walk_left -= q.off - off;
		dist++;
		line_at(&q, buf, sp->len, off);
		if (q.kind == LINE_BAD)
			return -1;
		if (q.kind != LINE_CONTENT || q.indent >= cur)
			continue;
		n++;
		chain[n].l = q;
		chain[n].dist = dist;
		cur = q.indent;
	}
	/* chain[n] is A0 ... chain[1], chain[0] the middle line: reverse. */
	for (j = 0; j <= (int)n; j++)
		sp->a[j] = chain[n - j];
	sp->a[n].dist = 0;
	for (j = 0; j < (int)n; j++) {
		check_bare(&sp->a[j], buf);
		if (!sp->a[j].bare)
			break;
		bare++;
	}
	/* Deepest first: the cut nearest the middle. */
	for (k = (int)bare - 1; k >= -1; k--) {
		s = &sp->a[k + 1];
		if (!key_start(buf[s->l.off + s->l.indent]))
			continue;
		ok = 1;
		for (j = 0; j <= k && ok; j++) {
			if (first_after(&ind, &is_s, buf, sp->len, &sp->a[j].l,
			                s->l.off) < 0 ||
			    ind != sp->a[j + 1].l.indent || (j == k && is_s))
				ok = 0;
		}
		if (!ok)
			continue;
		sp->k = k;
		/* Distances from each A line to S rather than the middle. */
		for (j = 0; j <= k; j++)
			sp->a[j].dist -= s->dist;
		s->dist = 0;
		return 0;
	}
	return -1;
}

/* Picks the cut: a line a little after the middle (see below). */
static int
find_split(struct split *sp)
{
	const char *buf = sp->buf, *nl;
	struct line l;
	size_t off, tries = 0;

	/* UTF-16/32 text: our line scan reads bytes as UTF-8. */
	if (sp->len >= 2 &&
	    ((unsigned char)buf[0] == 0xfe || (unsigned char)buf[0] == 0xff ||
	     buf[0] == '\0' || buf[1] == '\0'))
		return -1;
	/*
	 * A directive (%TAG) changes what part 2, which lacks it, reads:
	 * none before the first content line.
	 */
	off = sp->len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (off < sp->len) {
		line_at(&l, buf, sp->len, off);
		if (l.kind == LINE_CONTENT || l.kind == LINE_BAD) {
			if (buf[l.off + l.indent] == '%')
				return -1;
			break;
		}
		off = l.end + 1;
	}
	/*
	 * Part 2 waits for its thread to start and runs a little slower (its
	 * allocator arena is new; its cache is colder), more than part 1's
	 * checks and stitch after the join cost (measured on the bench
	 * specs): cut a little after the middle.
	 */
	off = split_from < sp->len ? split_from : sp->len / 2 + sp->len / 64;
	if (off > 0) {
		nl = memchr(buf + off - 1, '\n', sp->len - off + 1);
		off = nl != NULL ? (size_t)(nl - buf) + 1 : sp->len;
	}
	sp->walk_left = sp->len;
	for (; off < sp->len && tries < SPLIT_MAX_TRIES && sp->walk_left > 0;
	     off = l.end + 1) {
		line_at(&l, buf, sp->len, off);
		if (l.kind != LINE_CONTENT)
			continue;
		tries++;
		if (try_line(sp, off) == 0)
			return 0;
	}
	return -1;
}

static void *
part2_main(void *arg)
{
	struct split *sp = arg;
	size_t s = sp->a[sp->k + 1].l.off;

	sp->rc2 = yaml_load_part(&sp->root2, sp->buf + s, sp->len - s, sp->file,
	                         sp->map2, sp->lim, &sp->b2, sp->diags2,
	                         &sp->part2);
	return NULL;
}

/* 1 when m's key is the key of A line a. */
static int
key_is(const cJSON *m, const struct anc *a, const char *buf)
{
	const char *name = buf + a->l.off + a->l.indent;

	return m->string != NULL && strlen(m->string) == a->name_len &&
	       memcmp(m->string, name, a->name_len) == 0;
}

/*
 * 1 when every diagnostic of list is a warning whose message holds no line
 * number (those are moved, their lines shifted); anything else is left to
 * the serial parse to report.
 */
static int
diags_movable(const struct diag_list *list)
{
	const struct diag *d;
	size_t i;

	for (i = 0; i < diag_count(list); i++) {
		d = diag_at(list, i);
		if (d->severity != DIAG_WARNING ||
		    (strcmp(d->rule, "yaml-11-boolean") != 0 &&
		     strcmp(d->rule, "yaml-non-json-number") != 0))
			return 0;
	}
	return 1;
}

/* Members from c on. */
static size_t
count_from(const cJSON *c)
{
	size_t n = 0;

	for (; c != NULL; c = c->next)
		n++;
	return n;
}

/*
 * -1 when a member of t2 from `from` on has the key of a member of t1 (or
 * out of memory), else 0; skip is a member of t2 before `from` that t1
 * may repeat (the chain's), or NULL. The set is made of the bigger side
 * (a small set is a list walked for every key of the other side).
 * Adds the comparisons to *compares.
 */
static int
no_dup(size_t *compares, const cJSON *t1, const cJSON *t2, const cJSON *from,
       const cJSON *skip)
{
	const cJSON *set = t1, *probe = from, *c, *last1 = t1->child->prev;
	struct keyset ks;
	int rc = -1;

	if (from == NULL)
		return 0;
	if (count_from(t1->child) <= KEYSET_LINEAR &&
	    count_from(from) > KEYSET_LINEAR) {
		set = t2;
		probe = t1->child;
	}
	keyset_init(&ks, set);
	for (c = set->child; c != NULL; c = c->next)
		if (keyset_add(&ks, c) < 0)
			goto out;
	for (c = probe; c != NULL; c = c->next) {
		/* t1's chain member is t2's skip: the same mapping. */
		if (set == t2 && skip != NULL && c == last1)
			continue;
		if (keyset_find(&ks, c->string != NULL ? c->string : "") !=
		    NULL)
			goto out;
	}
	rc = 0;
out:
	*compares += ks.compares;
	keyset_fini(&ks);
	return rc;
}

/* Moves the members from `from` on (children of t2) after t1's. */
static void
splice_members(cJSON *t1, cJSON *t2, cJSON *from)
{
	cJSON *last2 = t2->child->prev, *last1 = t1->child->prev;

	if (from == NULL)
		return;
	if (from == t2->child) {
		t2->child = NULL;
	} else {
		from->prev->next = NULL;
		t2->child->prev = from->prev;
	}
	last1->next = from;
	from->prev = last1;
	t1->child->prev = last2;
}

/*
 * Checks that root1 (puts n0.. of map) and part 2 are the serial tree in
 * two pieces, then stitches them into root1. 0, or -1 (nothing changed).
 */
static int
stitch(struct split *sp, cJSON *root1, struct srcmap *map, size_t n0,
       const struct yaml_part *part1, const struct load_budget *b1,
       struct diag_list *diags1, struct load_budget *budget,
       struct diag_list *diags)
{
	const char *buf = sp->buf;
	const struct srcpos *p, *c;
	const struct anc *s = &sp->a[sp->k + 1];
	cJSON *v1[SPLIT_MAX_CHAIN + 1], *v2[SPLIT_MAX_CHAIN + 1], *t1, *t2;
	size_t synth = (size_t)sp->k + 2, used1, used2, idx, compares = 0;
	size_t events_over, l1 = part1->end_line, line;
	uint32_t delta;
	int j;

	if (part1->merges != 0 || sp->part2.merges != 0)
		return -1;
	/* The budget: both parts' nodes (not part 2's chain) must fit. */
	used1 = budget->nodes_left - b1->nodes_left;
	used2 = budget->nodes_left + synth - sp->b2.nodes_left;
	if (used2 < synth)
		return -1;
	used2 -= synth;
	if (used1 + used2 > budget->nodes_left)
		return -1;

	/* Part 1: a block mapping at 1:1, its last members the chain. */
	if (!cJSON_IsObject(root1) || root1->child == NULL ||
	    srcmap_puts(map) < n0 + 2 || srcmap_put_at(map, n0, &p) != root1 ||
	    srcmap_put_at(map, n0 + 1, &c) != root1->child ||
	    p->line != c->key_line || p->col != c->key_col || p->col != 1)
		return -1;
	t1 = root1;
	for (j = 0; j <= sp->k; j++) {
		t1 = t1->child->prev;
		if (!key_is(t1, &sp->a[j], buf) || !cJSON_IsObject(t1) ||
		    t1->child == NULL)
			return -1;
		v1[j] = t1;
	}
	idx = srcmap_puts(map);
	for (j = sp->k; j >= 0; j--) {
		while (idx > n0 && srcmap_put_at(map, idx - 1, &p) != v1[j])
			idx--;
		if (idx <= n0 || idx >= srcmap_puts(map) ||
		    srcmap_put_at(map, idx, &c) != v1[j]->child)
			return -1;
		idx--;
		if (sp->a[j].dist > l1)
			return -1;
		line = l1 - sp->a[j].dist + 1;
		if (p->key_line != line ||
		    p->key_col != sp->a[j].l.indent + 1 ||
		    p->line != c->key_line || p->col != c->key_col ||
		    p->col != sp->a[j + 1].l.indent + 1)
			return -1;
	}

	/* Part 2: its chain is its first puts, S its first real member. */
	t2 = sp->root2;
	if (!cJSON_IsObject(t2) || srcmap_puts(sp->map2) < synth + 1 ||
	    srcmap_put_at(sp->map2, 0, &p) != t2)
		return -1;
	for (j = 0; j <= sp->k; j++) {
		t2 = t2->child;
		if (t2 == NULL || !key_is(t2, &sp->a[j], buf) ||
		    !cJSON_IsObject(t2) ||
		    srcmap_put_at(sp->map2, (size_t)j + 1, &p) != t2)
			return -1;
		v2[j] = t2;
	}
	if (t2->child == NULL ||
	    srcmap_put_at(sp->map2, synth, &c) != t2->child ||
	    c->key_line != (uint32_t)sp->k + 2 || c->key_col != s->l.indent + 1)
		return -1;

	/* No key twice in one mapping across the cut. */
	for (j = -1; j <= sp->k; j++) {
		t1 = j < 0 ? root1 : v1[j];
		t2 = j < 0 ? sp->root2 : v2[j];
		if (no_dup(&compares, t1, t2,
		           j == sp->k ? t2->child : t2->child->next,
		           j == sp->k ? NULL : t2->child) < 0)
			return -1;
	}

	/*
	 * Part 2's lines are S's line (0-based l1) onwards, not k + 1. The
	 * warnings go in text order. If the last step fails, map holds part
	 * 2's positions too: the caller truncates it.
	 */
	delta = l1 - (uint32_t)(sp->k + 1);
	diag_list_shift_lines(sp->diags2, delta);
	if (diag_list_move(diags1, sp->diags2) < 0 ||
	    srcmap_absorb(map, sp->map2, synth, delta) < 0 ||
	    diag_list_move(diags, diags1) < 0)
		return -1;
	for (j = sp->k; j >= -1; j--) {
		t1 = j < 0 ? root1 : v1[j];
		t2 = j < 0 ? sp->root2 : v2[j];
		splice_members(t1, t2,
		               j == sp->k ? t2->child : t2->child->next);
	}
	budget->nodes_left -= used1 + used2;
	/*
	 * Events as the serial parse reads them: part 2's stream, document
	 * and chain starts (3 + 2 per A line) and part 1's ends (3 + 1 per A
	 * line) are not in it. Duplicate-key comparisons differ by design
	 * (each part checked its own members, the stitch the cut).
	 */
	events_over = 3 + 2 * synth - 2 + 3 + synth - 1;
	budget->work += b1->work + sp->b2.work + compares - events_over;
	return 0;
}

int
yaml_split_load(struct cJSON **out, const char *buf, size_t len, uint32_t file,
                struct srcmap *map, const struct limits *lim,
                struct load_budget *budget, struct diag_list *diags)
{
	struct split sp;
	struct yaml_part part1;
	struct load_budget b1;
	struct diag_list *diags1 = NULL;
	cJSON *root1 = NULL;
	pthread_t th;
	size_t n0 = 0, j;
	int rc = 1, started = 0, parsed = 0, rc1;
	char *w;

	*out = NULL;
	if (len < split_min)
		return 1;
	__atomic_fetch_add(&stat_tried, 1, __ATOMIC_RELAXED);
	memset(&sp, 0, sizeof(sp));
	memset(&part1, 0, sizeof(part1));
	sp.buf = buf;
	sp.len = len;
	sp.file = file;
	sp.lim = lim;
	if (!cpus_for_two() || find_split(&sp) < 0)
		goto out;
	/* Part 2 starts with the A lines, each with its line break. */
	for (j = 0; (int)j <= sp.k; j++)
		sp.pre_len += sp.a[j].l.end + 1 - sp.a[j].l.off;
	if (sp.pre_len != 0) {
		if ((sp.pre = malloc(sp.pre_len)) == NULL)
			goto out;
		w = sp.pre;
		for (j = 0; (int)j <= sp.k; j++) {
			memcpy(w, buf + sp.a[j].l.off,
			       sp.a[j].l.end + 1 - sp.a[j].l.off);
			w += sp.a[j].l.end + 1 - sp.a[j].l.off;
		}
	}
	if (budget->nodes_left > SIZE_MAX - SPLIT_MAX_CHAIN - 2)
		goto out;
	sp.b2.nodes_left = budget->nodes_left + (size_t)sp.k + 2;
	sp.part2.pre = sp.pre;
	sp.part2.pre_len = sp.pre_len;
	sp.part2.path = srcmap_file_path(map, file);
	sp.map2 = srcmap_new();
	sp.diags2 = diag_list_new();
	diags1 = diag_list_new();
	if (sp.map2 == NULL || sp.diags2 == NULL || diags1 == NULL)
		goto out;
	if (pthread_create(&th, NULL, part2_main, &sp) != 0)
		goto out;
	started = 1;
	n0 = srcmap_puts(map);
	b1.nodes_left = budget->nodes_left;
	b1.work = 0;
	/* Room for both parts' puts: part 2's are appended after the join. */
	part1.reserve = len / 8 + 16;
	parsed = 1;
	rc1 = yaml_load_part(&root1, buf, sp.a[sp.k + 1].l.off, file, map, lim,
	                     &b1, diags1, &part1);
	pthread_join(th, NULL);
	started = 0;
	/* Errors and the like: the serial parse says them, at their place. */
	if (rc1 == 0 && sp.rc2 == 0 && diags_movable(diags1) &&
	    diags_movable(sp.diags2) &&
	    stitch(&sp, root1, map, n0, &part1, &b1, diags1, budget, diags) ==
	            0) {
		*out = root1;
		root1 = NULL;
		rc = 0;
	}
out:
	if (started)
		pthread_join(th, NULL);
	if (rc != 0 && parsed)
		srcmap_truncate(map, n0);
	cJSON_Delete(root1);
	cJSON_Delete(sp.root2);
	srcmap_free(sp.map2);
	diag_list_free(sp.diags2);
	diag_list_free(diags1);
	free(sp.pre);
	__atomic_fetch_add(rc == 0 ? &stat_split : &stat_serial, 1,
	                   __ATOMIC_RELAXED);
	return rc;
}
