/*
 * init: `asyncdoc init`, which writes a commented asyncdoc.yaml listing
 * the AsyncAPI documents it finds under the current folder.
 *
 * Threads: the main thread.
 */
#ifndef ASYNCDOC_INIT_H
#define ASYNCDOC_INIT_H

/* The command (argv[0] is "init"). Returns its exit code. */
int init_main(int argc, char **argv);

#endif
