/*
 * fuzz_serve_path: the preview server's request-path decoding
 * (serve_decode_path): what it accepts never leaves the site folder.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "serve/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char rel[SERVE_PATH_MAX + 1], *url, *seg, *end;
	size_t n;

	if (size > 4 * SERVE_PATH_MAX)
		return 0;
	if ((url = malloc(size + 1)) == NULL)
		return 0;
	memcpy(url, data, size);
	url[size] = '\0';
	if (serve_decode_path(rel, url) == 0) {
		/* Relative, no "." or ".." segment, no control byte. */
		FUZZ_ASSERT(rel[0] != '/');
		for (n = 0; rel[n] != '\0'; n++)
			FUZZ_ASSERT((unsigned char)rel[n] >= 0x20 &&
			            rel[n] != 0x7f && rel[n] != '\\');
		for (seg = rel; *seg != '\0'; seg = end + 1) {
			end = strchr(seg, '/');
			n = end != NULL ? (size_t)(end - seg) : strlen(seg);
			FUZZ_ASSERT(!(n == 1 && seg[0] == '.'));
			FUZZ_ASSERT(!(n == 2 && seg[0] == '.' && seg[1] == '.'));
			FUZZ_ASSERT(n == 0 ? end == NULL || end[1] == '\0'
			                   : seg[0] != '.');
			if (end == NULL)
				break;
		}
	}
	free(url);
	return 0;
}
