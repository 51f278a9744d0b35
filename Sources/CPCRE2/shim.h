#ifndef TACET_CPCRE2_SHIM_H
#define TACET_CPCRE2_SHIM_H
// The 8-bit library only: Tacet scans UTF-8 bytes.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
