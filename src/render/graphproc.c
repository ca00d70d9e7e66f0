/*
 * graphproc: the architecture graph laid out in a helper process (see
 * graphproc.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/graph.h"
#include "render/graphproc.h"
#include "util/strbuf.h"

/* A request bigger than this is refused (graphs are bounded far below). */
#define REQUEST_MAX ((uint32_t)64 << 20)

/* An answer's status (see graphproc.h). */
enum { ANSWER_SVG, ANSWER_FAILED, ANSWER_NOLIB };
/* The longest reason an ANSWER_NOLIB carries. */
#define NOLIB_MAX 1024

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int helper_fd = -1;
static pid_t helper_pid = -1;
static int timeout_ms = GRAPHPROC_TIMEOUT_MS;
/* The helper's reason for GRAPH_NOLIB; "" while it gave none. */
static char lib_error[NOLIB_MAX + 1];

/* All len bytes to (send) or from (!send) the socket fd. 0 or -1. */
static int
xfer(int fd, void *data, size_t len, int send_)
{
	char *p = data;
	ssize_t n;

	while (len > 0) {
		/* no SIGPIPE when the other side is gone: an error instead */
		n = send_ ? send(fd, p, len, MSG_NOSIGNAL) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_all(int fd, const void *data, size_t len)
{
	return xfer(fd, (void *)data, len, 1);
}

static int
read_all(int fd, void *data, size_t len)
{
	return xfer(fd, data, len, 0);
}

/* ------------------------------------------------------------ encoding */

static void
put_u32(struct strbuf *b, uint32_t v)
{
	strbuf_putn(b, (const char *)&v, sizeof(v));
}

/* A string: its length + 1 (0 for NULL), its bytes, a NUL. */
static void
put_str(struct strbuf *b, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	put_u32(b, s != NULL ? (uint32_t)len + 1 : 0);
	if (s != NULL)
		strbuf_putn(b, s, len + 1);
}

/* The request for g, its length first. 0, or -1 out of memory. */
static int
encode(struct strbuf *b, const struct graph *g)
{
	size_t i;
	uint32_t len;

	put_u32(b, 0); /* the length, set at the end */
	put_u32(b, (uint32_t)g->level);
	put_u32(b, (uint32_t)g->n_nodes);
	put_u32(b, (uint32_t)g->n_edges);
	for (i = 0; i < g->n_nodes; i++) {
		put_u32(b, (uint32_t)g->nodes[i].kind);
		put_str(b, g->nodes[i].label);
		put_str(b, g->nodes[i].group);
		put_str(b, g->nodes[i].url);
	}
	for (i = 0; i < g->n_edges; i++) {
		put_u32(b, (uint32_t)g->edges[i].from);
		put_u32(b, (uint32_t)g->edges[i].to);
		put_u32(b, (uint32_t)g->edges[i].arrow);
	}
	if (b->oom || b->len - 4 > REQUEST_MAX)
		return -1;
	len = (uint32_t)(b->len - 4);
	memcpy(b->p, &len, sizeof(len));
	return 0;
}

struct reader {
	char *p, *end;
	int bad;
};

static uint32_t
get_u32(struct reader *r)
{
	uint32_t v = 0;

	if (r->bad || (size_t)(r->end - r->p) < sizeof(v)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

/* A string of the request, in place (NULL for none). */
static char *
get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	char *s = r->p;

	if (r->bad || n == 0)
		return NULL;
	if ((size_t)(r->end - r->p) < n || s[n - 1] != '\0') {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return s;
}

/* The graph of a request (strings point into buf). 0 or -1. */
static int
decode(struct graph *g, char *buf, size_t len)
{
	struct reader r = {buf, buf + len, 0};
	size_t i;

	memset(g, 0, sizeof(*g));
	g->level = (enum graph_level)get_u32(&r);
	g->n_nodes = get_u32(&r);
	g->n_edges = get_u32(&r);
	/* every node and edge takes at least 12 bytes */
	if (r.bad || g->n_nodes > len / 12 || g->n_edges > len / 12)
		return -1;
	g->nodes = calloc(g->n_nodes + 1, sizeof(*g->nodes));
	g->edges = calloc(g->n_edges + 1, sizeof(*g->edges));
	if (g->nodes == NULL || g->edges == NULL)
		return -1;
	for (i = 0; i < g->n_nodes; i++) {
		uint32_t kind = get_u32(&r);

		g->nodes[i].kind = kind <= GRAPH_API ? (enum graph_kind)kind
		                                     : GRAPH_CHANNEL;
		g->nodes[i].label = get_str(&r);
		g->nodes[i].group = get_str(&r);
		g->nodes[i].url = get_str(&r);
		if (g->nodes[i].label == NULL)
			r.bad = 1;
	}
	for (i = 0; i < g->n_edges; i++) {
		g->edges[i].from = get_u32(&r);
		g->edges[i].to = get_u32(&r);
		g->edges[i].arrow = (int)get_u32(&r);
		if (g->edges[i].from >= g->n_nodes ||
		    g->edges[i].to >= g->n_nodes)
			r.bad = 1;
	}
	return r.bad ? -1 : 0;
}

/* -------------------------------------------------------------- helper */

/* Answers one request from fd; -1 when the builder has gone. */
static int
answer(int fd)
{
	struct graph g;
	char *req = NULL, *svg = NULL;
	const char *why = NULL;
	size_t len = 0;
	uint32_t n, head[2] = {ANSWER_FAILED, 0};
	int rc = -1;

	if (read_all(fd, &n, sizeof(n)) != 0 || n > REQUEST_MAX ||
	    (req = malloc((size_t)n + 1)) == NULL ||
	    read_all(fd, req, n) != 0) {
		free(req);
		return -1;
	}
	if (decode(&g, req, n) == 0)
		rc = graph_layout_svg(&svg, &len, &g);
	if (rc == 0 && len <= UINT32_MAX) {
		head[0] = ANSWER_SVG;
		head[1] = (uint32_t)len;
	} else if (rc == GRAPH_NOLIB && (why = graph_lib_error()) != NULL) {
		head[0] = ANSWER_NOLIB;
		len = strnlen(why, NOLIB_MAX);
		head[1] = (uint32_t)len;
	}
	free(g.nodes);
	free(g.edges);
	free(req);
	rc = write_all(fd, head, sizeof(head));
	if (rc == 0 && head[1] > 0)
		rc = write_all(fd, why != NULL ? why : svg, head[1]);
	free(svg);
	return rc;
}

/*
 * Lays out a one-node graph and drops it. Why (#18): Graphviz opens its
 * plugins on the first layout (and, where graph.c falls back to all of
 * them, pango, cairo, glib and fontconfig's configuration: 10 to 20 ms
 * that a small build spent waiting for its graph at the end). Done here,
 * right after the fork, it runs on the other core while the builder reads
 * the theme and loads the spec. The same font attributes as every graph
 * (make_graph()), so the same font is looked up; nothing of this graph is
 * kept but Graphviz's and fontconfig's caches, which give the same sizes
 * either way.
 */
static void
warm_up(void)
{
	struct graph_node node = {.kind = GRAPH_CHANNEL, .label = "warm-up"};
	struct graph g = {.nodes = &node, .n_nodes = 1, .level = GRAPH_FULL};
	char *svg = NULL;
	size_t len = 0;

	if (graph_layout_svg(&svg, &len, &g) == 0)
		free(svg);
}

/* The helper's life: requests until the builder closes its end. */
static void
helper_main(int fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	/* a reader of the builder's output must not wait for the helper */
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		close(null);
	}
	warm_up();
	while (answer(fd) == 0)
		;
	/* not exit(): the builder's atexit handlers and stdio are its own */
	_exit(0);
}

int
graphproc_start(void)
{
	int sv[2];
	pid_t pid;

	if (helper_pid >= 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		helper_main(sv[1]);
	}
	close(sv[1]);
	helper_fd = sv[0];
	helper_pid = pid;
	return 0;
}

void
graphproc_stop(void)
{
	if (helper_fd >= 0)
		close(helper_fd); /* the helper reads the end and exits */
	helper_fd = -1;
	if (helper_pid < 0)
		return;
	while (waitpid(helper_pid, NULL, 0) < 0 && errno == EINTR)
		;
	helper_pid = -1;
}

/* Drops a helper that failed mid-request (the caller holds the lock). */
static void
helper_lost(void)
{
	close(helper_fd);
	helper_fd = -1;
	/* graphproc_stop() reaps it */
}

void
graphproc_set_timeout(int ms)
{
	pthread_mutex_lock(&lock);
	timeout_ms = ms > 0 ? ms : GRAPHPROC_TIMEOUT_MS;
	pthread_mutex_unlock(&lock);
}

/*
 * Waits up to timeout_ms for the helper's answer. 0 when it is there (or
 * the socket failed: the read says so), -1 when the time ran out.
 */
static int
await_answer(void)
{
	struct pollfd p = {.fd = helper_fd, .events = POLLIN};
	int n;

	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n == 0 ? -1 : 0;
}

int
graphproc_layout(char **out, size_t *len, const struct graph *g)
{
	struct strbuf req = STRBUF_INIT;
	uint32_t head[2];
	int rc = GRAPHPROC_NONE;

	*out = NULL;
	*len = 0;
	pthread_mutex_lock(&lock);
	if (helper_fd < 0)
		goto out;
	if (encode(&req, g) != 0) {
		rc = -1;
		goto out;
	}
	if (write_all(helper_fd, req.p, req.len) != 0) {
		helper_lost();
		goto out;
	}
	if (await_answer() != 0) {
		/*
		 * A layout that runs past the limit: the helper is killed
		 * and the page gets no picture (-1, not GRAPHPROC_NONE:
		 * laying it out here would hang the build instead).
		 */
		kill(helper_pid, SIGKILL);
		helper_lost();
		rc = -1;
		goto out;
	}
	if (read_all(helper_fd, head, sizeof(head)) != 0) {
		helper_lost();
		goto out;
	}
	rc = -1;
	if (head[0] == ANSWER_NOLIB && head[1] <= NOLIB_MAX) {
		/* the same library here: no layout in this process either */
		if (read_all(helper_fd, lib_error, head[1]) != 0) {
			helper_lost();
			goto out;
		}
		lib_error[head[1]] = '\0';
		rc = GRAPH_NOLIB;
		goto out;
	}
	if (head[0] != ANSWER_SVG) {
		/* a body we cannot read puts the stream out of step */
		if (head[1] != 0)
			helper_lost();
		goto out;
	}
	*out = malloc((size_t)head[1] + 1);
	if (*out == NULL || read_all(helper_fd, *out, head[1]) != 0) {
		/* the stream is out of step: no more requests to it */
		helper_lost();
		if (*out != NULL)
			rc = GRAPHPROC_NONE;
		free(*out);
		*out = NULL;
		goto out;
	}
	(*out)[head[1]] = '\0';
	*len = head[1];
	rc = 0;
out:
	pthread_mutex_unlock(&lock);
	strbuf_free(&req);
	return rc;
}

const char *
graphproc_lib_error(void)
{
	const char *e;

	pthread_mutex_lock(&lock);
	e = lib_error[0] != '\0' ? lib_error : NULL;
	pthread_mutex_unlock(&lock);
	return e;
}
