// SPDX-License-Identifier: Apache-2.0
// Linux headers that Glibc's Swift overlay does not export, in one place (FlyingFox's CSystemLinux idea).
#pragma once
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <malloc.h>
#include <sys/prctl.h>

/// Names the calling thread (at most 15 bytes are kept); prctl(2) is variadic, which Swift cannot call.
static inline int phota_set_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }

/// mallopt(3)'s M_MMAP_THRESHOLD, which Glibc's Swift overlay does not export.
static inline int phota_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/// The fd stored in an epoll event's data union (Swift imports the union awkwardly through the packed struct).
static inline int phota_epoll_event_fd(const struct epoll_event *event) { return event->data.fd; }
static inline uint64_t phota_epoll_event_u64(const struct epoll_event *event) { return event->data.u64; }
static inline void phota_epoll_event_set_u64(struct epoll_event *event, uint64_t value) { event->data.u64 = value; }

/// accept4(2) needs _GNU_SOURCE, which Swift's Glibc module is not built with.
int phota_accept4(int fd, int flags);
