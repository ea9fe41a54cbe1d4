/* stdcheaders.h: the few C library declarations libcurl's headers once supplied for old systems. */
#ifndef CURLINC_STDCHEADERS_H
#define CURLINC_STDCHEADERS_H

/* Modern C libraries declare all of these; the file exists so that includes of it still work. */
#include <stdio.h>
#include <strings.h>
#include <sys/types.h>

#endif /* CURLINC_STDCHEADERS_H */
