/*
 * bench/reload: times a save in `asyncdoc serve`, from the rename of the
 * saved spec to the "reload" event on the page's event stream.
 *
 *   bench/reload [-r RUNS] [-a] ASYNCDOC SPEC
 *
 * Copies SPEC into a new temporary folder (with -a, the whole folder SPEC
 * is in, for a spec split over files such as examples/parking-v3: its
 * $ref'd files are then read and watched as well), starts ASYNCDOC serve
 * on it
 * (port 0; the address is the first line it prints), opens the event
 * stream as a page does, then RUNS times: writes an edited copy beside
 * the spec (info.title gets a counter, so each save is a change), renames
 * it over the spec as editors do, and waits for the next "reload" event.
 * Prints "reload_ms MEDIAN", "min_ms", "max_ms" and "runs N" on stdout.
 * SPEC must be YAML with a "  title: " line under info (bench/gen makes
 * such specs); without -a, its $refs must stay inside its own file.
 *
 * Exits 0, 1 when serve did not start or an event did not come within
 * 60 s, 2 on usage errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS   60000
#define MAX_RUNS  1000
#define DRAIN_MS  150
#define TITLE_KEY "\n  title: "

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Writes text with the title changed to "Bench <run>" into path. */
static int
write_edit(const char *path, const char *text, size_t len, int run)
{
	const char *t = strstr(text, TITLE_KEY), *eol;
	FILE *f;
	int ok;

	if (t == NULL)
		return -1;
	t += strlen(TITLE_KEY);
	eol = strchr(t, '\n');
	if (eol == NULL)
		return -1;
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	ok = fwrite(text, 1, (size_t)(t - text), f) == (size_t)(t - text);
	ok = ok && fprintf(f, "Bench %d", run) > 0;
	ok = ok && fwrite(eol, 1, len - (size_t)(eol - text), f) ==
	                   len - (size_t)(eol - text);
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Reads into buf until it holds needle (searching from *from). */
static int
wait_for(int fd, char *buf, size_t size, size_t *used, size_t *from,
         const char *needle)
{
	double end = now_ms() + WAIT_MS;
	struct pollfd p = {fd, POLLIN, 0};
	char *hit;
	ssize_t n;

	for (;;) {
		buf[*used] = '\0';
		hit = strstr(buf + *from, needle);
		if (hit != NULL) {
			*from = (size_t)(hit - buf) + strlen(needle);
			return 0;
		}
		if (*used + 1 >= size) {
			/* keep the tail that may hold half a needle */
			size_t keep = strlen(needle);

			memmove(buf, buf + *used - keep, keep);
			*used = keep;
			*from = 0;
		}
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			return -1;
		n = read(fd, buf + *used, size - 1 - *used);
		if (n <= 0)
			return -1;
		*used += (size_t)n;
	}
}

/*
 * Drops what comes in the next DRAIN_MS (a second build of the same save
 * would otherwise pass for the next save's event), untimed.
 */
static void
drain(int fd, char *buf, size_t size, size_t *used, size_t *from)
{
	struct pollfd p = {fd, POLLIN, 0};
	ssize_t n;

	while (poll(&p, 1, DRAIN_MS) > 0) {
		n = read(fd, buf, size - 1);
		if (n <= 0)
			break;
	}
	*used = 0;
	*from = 0;
}

/* The port of "http://127.0.0.1:PORT/" read from fd, or 0. */
static unsigned
read_port(int fd)
{
	char line[256];
	size_t n = 0;
	const char *colon;
	struct pollfd p = {fd, POLLIN, 0};

	while (n + 1 < sizeof(line)) {
		if (poll(&p, 1, WAIT_MS) <= 0 || read(fd, line + n, 1) != 1)
			return 0;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	colon = strrchr(line, ':');
	return colon != NULL ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
}

static int
open_stream(unsigned port)
{
	struct sockaddr_in sa;
	const char req[] = "GET /__asyncdoc/events HTTP/1.1\r\n"
	                   "Host: 127.0.0.1\r\n"
	                   "Accept: text/event-stream\r\n\r\n";
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    write(fd, req, sizeof(req) - 1) != (ssize_t)(sizeof(req) - 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* cp -R SRC_DIR/. DIR: the folder of a spec split over files. */
static int
copy_folder(const char *spec, const char *dir)
{
	char src[4096];
	const char *slash = strrchr(spec, '/');
	int status;
	pid_t pid;

	if (slash == NULL)
		snprintf(src, sizeof(src), "./.");
	else
		snprintf(src, sizeof(src), "%.*s/.", (int)(slash - spec), spec);
	pid = fork();
	if (pid == 0) {
		execlp("cp", "cp", "-R", src, dir, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
usage(void)
{
	fputs("usage: bench/reload [-r RUNS] [-a] ASYNCDOC SPEC\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/asyncdoc-reload-XXXXXX", spec[320], tmp[320];
	const char *base;
	static char buf[1 << 16];
	double times[MAX_RUNS], t0, med;
	int runs = 9, opt, pipefd[2], fd = -1, status = 1, i, all = 0;
	size_t len, used = 0, from = 0;
	unsigned port;
	char *text;
	pid_t pid = -1;

	while ((opt = getopt(argc, argv, "r:a")) != -1) {
		if (opt == 'a') {
			all = 1;
			continue;
		}
		if (opt != 'r')
			return usage();
		runs = atoi(optarg);
		if (runs < 1 || runs > MAX_RUNS)
			return usage();
	}
	if (argc - optind != 2)
		return usage();
	text = read_all(argv[optind + 1], &len);
	if (text == NULL || strstr(text, TITLE_KEY) == NULL) {
		fprintf(stderr, "bench/reload: cannot read %s, or it has no "
		                "info title line\n",
		        argv[optind + 1]);
		return 2;
	}
	if (mkdtemp(dir) == NULL || pipe(pipefd) != 0) {
		perror("bench/reload");
		return 1;
	}
	base = strrchr(argv[optind + 1], '/');
	base = all ? (base != NULL ? base + 1 : argv[optind + 1]) : "spec.yaml";
	snprintf(spec, sizeof(spec), "%s/%s", dir, base);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, base);
	if (all && copy_folder(argv[optind + 1], dir) != 0) {
		fputs("bench/reload: cannot copy the spec's folder\n", stderr);
		goto out;
	}
	if (write_edit(spec, text, len, 0) != 0) {
		perror("bench/reload: writing the spec");
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(pipefd[1], STDOUT_FILENO);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		close(pipefd[0]);
		execl(argv[optind], argv[optind], "serve", spec, "--port", "0",
		      (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid < 0 || (port = read_port(pipefd[0])) == 0 ||
	    (fd = open_stream(port)) < 0) {
		fputs("bench/reload: serve did not start\n", stderr);
		goto out;
	}
	/* A stream with no token gets a "reload" at once: take it first. */
	if (wait_for(fd, buf, sizeof(buf), &used, &from, "event: reload") !=
	    0) {
		fputs("bench/reload: no event stream\n", stderr);
		goto out;
	}
	for (i = 0; i < runs; i++) {
		if (write_edit(tmp, text, len, i + 1) != 0 ||
		    rename(tmp, spec) != 0) {
			perror("bench/reload: saving the spec");
			goto out;
		}
		t0 = now_ms();
		if (wait_for(fd, buf, sizeof(buf), &used, &from,
		             "event: reload") != 0) {
			fprintf(stderr, "bench/reload: no reload within %d s\n",
			        WAIT_MS / 1000);
			goto out;
		}
		times[i] = now_ms() - t0;
		drain(fd, buf, sizeof(buf), &used, &from);
	}
	qsort(times, (size_t)runs, sizeof(times[0]), cmp_double);
	med = runs % 2 ? times[runs / 2]
	               : (times[runs / 2 - 1] + times[runs / 2]) / 2;
	printf("runs %d\nreload_ms %.1f\nmin_ms %.1f\nmax_ms %.1f\n", runs, med,
	       times[0], times[runs - 1]);
	status = 0;
out:
	if (fd >= 0)
		close(fd);
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	unlink(tmp);
	unlink(spec);
	if (all) {
		/* the copied folder, whatever it holds */
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench/reload: cannot remove %s\n",
			        dir);
	}
	rmdir(dir);
	free(text);
	return status;
}
