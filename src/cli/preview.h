/*
 * preview: the serve command. Builds the spec into a folder (a temporary
 * one unless -o is given), serves it over HTTP with live reload, rebuilds
 * at each save of a file of the spec's $ref graph, and opens a browser
 * when asked. Ctrl-C (or SIGTERM, SIGHUP) stops it and removes the
 * temporary folder.
 *
 * Threads: runs on the main thread; the server and the watcher have their
 * own (see serve.h, watch.h). It blocks SIGINT, SIGTERM and SIGHUP while
 * it runs and ignores SIGPIPE.
 */
#ifndef ASYNCDOC_PREVIEW_H
#define ASYNCDOC_PREVIEW_H

/* `asyncdoc serve ...` (argv[0] is "serve"). Returns the exit code. */
int preview_main(int argc, char **argv);

#endif
