#ifndef TACET_CZLIB_SHIM_H
#define TACET_CZLIB_SHIM_H
// zlib, for deflate in zip files and gzip (archives scanned by tacet scan).
#include <zlib.h>

// inflateInit2 is a macro; Swift imports functions only.
static inline int tacet_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
#endif
