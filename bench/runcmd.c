/*
 * runcmd: runs a command once and reports its wall time and peak RSS, for
 * the benchmark driver (GNU time may be absent).
 *
 *   runcmd [-q] [-e ERRFILE] CMD [ARG...]
 *
 * Prints one line on stdout, "WALL_SECONDS MAXRSS_KIB STATUS", and exits
 * with STATUS: the command's exit code, or 128 + signal number when it was
 * killed. -q sends the command's stdout to /dev/null; -e sends its stderr to
 * ERRFILE (truncated). Wall time is CLOCK_MONOTONIC from just before fork to
 * just after wait4; the peak RSS is ru_maxrss from wait4 (KiB on Linux).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
runcmd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: points fd at path (opened with flags) or exits 127. */
static void
runcmd_redirect(int fd, const char *path, int flags)
{
	int nfd = open(path, flags, 0644);

	if (nfd < 0 || dup2(nfd, fd) < 0) {
		fprintf(stderr, "runcmd: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(nfd);
}

int
main(int argc, char **argv)
{
	const char *errfile = NULL;
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int quiet = 0, status, opt, code;

	while ((opt = getopt(argc, argv, "+qe:")) != -1) {
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		case 'e':
			errfile = optarg;
			break;
		default:
			fputs("usage: runcmd [-q] [-e ERRFILE] CMD [ARG...]\n",
			      stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("usage: runcmd [-q] [-e ERRFILE] CMD [ARG...]\n", stderr);
		return 2;
	}
	fflush(stdout);
	t0 = runcmd_now();
	pid = fork();
	if (pid < 0) {
		perror("runcmd: fork");
		return 2;
	}
	if (pid == 0) {
		if (quiet)
			runcmd_redirect(STDOUT_FILENO, "/dev/null", O_WRONLY);
		if (errfile != NULL)
			runcmd_redirect(STDERR_FILENO, errfile,
			                O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "runcmd: %s: %s\n", argv[optind],
		        strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runcmd: wait4");
			return 2;
		}
	}
	t1 = runcmd_now();
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 255;
	printf("%.6f %ld %d\n", t1 - t0, (long)ru.ru_maxrss, code);
	return code;
}
