/* Tiny test helpers shared by the C tests: CHECK aborts with the failing line, the call's error
 * name and devprobe's last error message. */
#ifndef DEVPROBE_TEST_CHECK_H
#define DEVPROBE_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devprobe.h"

#define CHECK(cond)                                                                     \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      fprintf(stderr, "%s:%d: check failed: %s (last error: \"%s\")\n", __FILE__,       \
              __LINE__, #cond, devprobe_last_error_message());                          \
      exit(1);                                                                          \
    }                                                                                   \
  } while (0)

/* A call that must return `want`. */
#define EXPECT(call, want)                                                              \
  do {                                                                                  \
    DevprobeError got_ = (call);                                                        \
    if (got_ != (want)) {                                                               \
      fprintf(stderr, "%s:%d: %s returned %s, want %s (last error: \"%s\")\n", __FILE__, \
              __LINE__, #call, devprobe_error_name((uint32_t)got_),                     \
              devprobe_error_name((uint32_t)(want)), devprobe_last_error_message());    \
      exit(1);                                                                          \
    }                                                                                   \
  } while (0)

#define OK(call) EXPECT(call, DEVPROBE_ERROR_OK)

#endif
