/*
 * text: short quotations of input for diagnostic messages (see text.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

const char *
text_excerpt(char *dst, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		/* Room for an escape, "..." and the NUL. */
		if (o + 8 >= size) {
			if ((c & 0xc0) == 0x80) {
				/* Drop the partial character. */
				while (o > 0 && ((unsigned char)dst[o - 1] &
				                 0xc0) == 0x80)
					o--;
				if (o > 0)
					o--;
			}
			memcpy(dst + o, "...", 4);
			return dst;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return dst;
}
