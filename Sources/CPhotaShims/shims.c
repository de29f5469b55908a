// SPDX-License-Identifier: Apache-2.0
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CPhotaShims.h"

int phota_accept4(int fd, int flags) { return accept4(fd, NULL, NULL, flags); }
