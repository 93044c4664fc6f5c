/*
 * fd_handoff: open file descriptors passed between unrelated processes over a Unix-domain socket
 * (SCM_RIGHTS) — what Node offers only between a parent and the child it forked.
 *
 * Why: `sampling-gate connect` is one process per client session whose whole job was to copy bytes
 * between the client's pipes and the gate. Each round trip woke it twice, and on a small VM a
 * wake-up is the cost (issue 10: the bridge process alone made 20 sessions reach 0.44-0.53x of a
 * direct stdio call). Handing the client's stdin and stdout to the gate takes it off the data path:
 * the gate reads and writes the client's pipes itself and the bridge only waits.
 *
 * Node-API (ABI-stable: one build serves Node and Electron) and libuv (for readiness, so nothing
 * blocks the event loop and no thread is needed). No npm package does this with Node-API: usocket
 * is NAN (rebuilt per Node and Electron version), fdpassing is unmaintained.
 *
 * send(path, fds) -> fd             connect to `path`, send one byte carrying `fds`; the connected
 *                                   socket is returned (the caller speaks on it and owns it).
 * listen(path, timeoutMs, cb) -> h  accept on `path`; each connection's first byte and the
 *                                   descriptors riding on it go to cb(connFd, fds) — the callee owns
 *                                   them all. A connection that sends nothing within timeoutMs, or
 *                                   more than MAX_FDS descriptors, is closed without a call.
 * close(h)                          stop listening; connections still waiting are closed.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A bridge sends two (stdin, stdout); room for a few more so that a peer sending too many is seen
 * (MSG_CTRUNC) and refused rather than half-received. */
#define MAX_FDS 4
/* What send() takes: more than a listener accepts, so that refusing too many can be tested. */
#define MAX_SEND_FDS 16
/* accept() failing for want of descriptors (EMFILE) would wake the loop at once again: wait. */
#define ACCEPT_RETRY_MS 500

#ifdef MSG_CMSG_CLOEXEC
#define RECV_FLAGS MSG_CMSG_CLOEXEC
#else
#define RECV_FLAGS 0
#endif

#define CHECK(env, call)                                                     \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error((env), NULL, "fd_handoff: Node-API call failed: " #call); \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

typedef struct listener listener_t;

/* An accepted connection waiting for its first byte. */
typedef struct pending {
  listener_t *owner;
  uv_poll_t poll;
  uv_timer_t timer;
  int fd;
  int open_handles;
  struct pending *prev, *next;
} pending_t;

struct listener {
  napi_env env;
  napi_ref callback;
  napi_async_context async;
  uv_poll_t poll;
  uv_timer_t retry;
  int fd;
  unsigned timeout_ms;
  int open_handles;
  /* Pending connections not yet freed, closing ones included: each points back here. */
  int pending_alive;
  /* The JavaScript handle still exists: close() may yet be called with it. */
  int external_alive;
  int closed;
  pending_t *pending;
};

static void set_flags(int fd) {
  fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static napi_value throw_errno(napi_env env, int err, const char *syscall, const char *path) {
  char text[512];
  snprintf(text, sizeof text, "%s %s: %s", syscall, path ? path : "", strerror(err));
  napi_value code, message, error, errno_value, syscall_value;
  if (napi_create_string_utf8(env, uv_err_name(-err), NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message) != napi_ok ||
      napi_create_error(env, code, message, &error) != napi_ok) {
    napi_throw_error(env, NULL, text);
    return NULL;
  }
  napi_create_int32(env, -err, &errno_value);
  napi_set_named_property(env, error, "errno", errno_value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_set_named_property(env, error, "syscall", syscall_value);
  napi_throw(env, error);
  return NULL;
}

/* The path as a sockaddr_un; 0, or ENAMETOOLONG. */
static int unix_address(napi_env env, napi_value value, struct sockaddr_un *addr, char *path, size_t cap) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, path, cap, &length) != napi_ok) return EINVAL;
  if (length + 1 >= cap || length + 1 > sizeof addr->sun_path) return ENAMETOOLONG;
  memset(addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  memcpy(addr->sun_path, path, length + 1);
  return 0;
}

/* The call's first `n` arguments into argv, the last of them of `type`; false (a TypeError thrown) if not. */
static bool get_args(napi_env env, napi_callback_info info, size_t n, napi_value *argv, napi_valuetype type, const char *usage) {
  size_t argc = n;
  napi_valuetype actual = napi_undefined;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < n || napi_typeof(env, argv[n - 1], &actual) != napi_ok ||
      actual != type) {
    napi_throw_type_error(env, NULL, usage);
    return false;
  }
  return true;
}

/* ---- send ------------------------------------------------------------------------------------ */

static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv, napi_object, "send(path, fds)")) return NULL;
  struct sockaddr_un addr;
  char path[1024];
  int err = unix_address(env, argv[0], &addr, path, sizeof path);
  if (err) return throw_errno(env, err, "connect", NULL);

  bool is_array = false;
  uint32_t count = 0;
  CHECK(env, napi_is_array(env, argv[1], &is_array));
  if (is_array) CHECK(env, napi_get_array_length(env, argv[1], &count));
  if (!is_array || count == 0 || count > MAX_SEND_FDS) {
    napi_throw_range_error(env, NULL, "send: fds must be an array of 1 to 16 descriptors");
    return NULL;
  }
  int fds[MAX_SEND_FDS];
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    CHECK(env, napi_get_element(env, argv[1], i, &item));
    if (napi_get_value_int32(env, item, &fds[i]) != napi_ok || fds[i] < 0) {
      napi_throw_type_error(env, NULL, "send: each fd must be a non-negative integer");
      return NULL;
    }
  }

  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  if (sock < 0) return throw_errno(env, errno, "socket", NULL);
  fcntl(sock, F_SETFD, FD_CLOEXEC);
  int rc;
  do rc = connect(sock, (struct sockaddr *)&addr, sizeof addr);
  while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    err = errno;
    close(sock);
    return throw_errno(env, err, "connect", path);
  }

  char byte = 'F';
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int) * MAX_SEND_FDS)];
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = CMSG_SPACE(sizeof(int) * count);
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int) * count);
  memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * count);
  ssize_t sent;
  do sent = sendmsg(sock, &msg, 0);
  while (sent < 0 && errno == EINTR);
  if (sent != 1) {
    err = sent < 0 ? errno : EIO;
    close(sock);
    return throw_errno(env, err, "sendmsg", path);
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, sock, &result));
  return result;
}

/* ---- listen ---------------------------------------------------------------------------------- */

/* Freed when nothing can reach it any more: its handles, its connections and its JavaScript handle. */
static void listener_free_if_done(listener_t *l) {
  if (l->closed && l->open_handles == 0 && l->pending_alive == 0 && !l->external_alive) free(l);
}

static void on_pending_handle_closed(uv_handle_t *handle) {
  pending_t *p = handle->data;
  if (--p->open_handles > 0) return;
  listener_t *l = p->owner;
  free(p);
  l->pending_alive--;
  listener_free_if_done(l);
}

/* Unlinks `p` and closes its handles; its fd is closed unless taken (-1). */
static void pending_end(pending_t *p) {
  listener_t *l = p->owner;
  if (p->prev) p->prev->next = p->next;
  else l->pending = p->next;
  if (p->next) p->next->prev = p->prev;
  p->prev = p->next = NULL;
  uv_poll_stop(&p->poll);
  uv_timer_stop(&p->timer);
  if (p->fd >= 0) close(p->fd);
  p->fd = -1;
  uv_close((uv_handle_t *)&p->poll, on_pending_handle_closed);
  uv_close((uv_handle_t *)&p->timer, on_pending_handle_closed);
}

static void deliver(listener_t *l, int conn, const int *fds, int count) {
  napi_env env = l->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) goto refuse;
  napi_value callback, recv, argv[2], result;
  if (napi_get_reference_value(env, l->callback, &callback) != napi_ok || callback == NULL ||
      napi_get_global(env, &recv) != napi_ok || napi_create_int32(env, conn, &argv[0]) != napi_ok ||
      napi_create_array_with_length(env, count, &argv[1]) != napi_ok) {
    napi_close_handle_scope(env, scope);
    goto refuse;
  }
  for (int i = 0; i < count; i++) {
    napi_value fd;
    napi_create_int32(env, fds[i], &fd);
    napi_set_element(env, argv[1], i, fd);
  }
  /* make_callback: the callback's promises and nextTicks run before control comes back here. */
  if (napi_make_callback(env, l->async, recv, callback, 2, argv, &result) == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
  napi_close_handle_scope(env, scope);
  return;
refuse:
  for (int i = 0; i < count; i++) close(fds[i]);
  close(conn);
}

static void on_pending_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  pending_t *p = handle->data;
  if (status < 0) return pending_end(p);
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
  } control;
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t n;
  do n = recvmsg(p->fd, &msg, RECV_FLAGS);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;

  int fds[MAX_FDS];
  int count = 0;
  if (n > 0) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      int in_this = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      int *data = (int *)CMSG_DATA(c);
      for (int i = 0; i < in_this; i++) {
        if (count < MAX_FDS) {
          fds[count++] = data[i];
          fcntl(data[i], F_SETFD, FD_CLOEXEC);
        } else {
          close(data[i]);
        }
      }
    }
  }
  if (n <= 0 || (msg.msg_flags & MSG_CTRUNC)) {
    /* Closed, failed, or sent more descriptors than anyone asked for: nothing is passed on. */
    for (int i = 0; i < count; i++) close(fds[i]);
    return pending_end(p);
  }
  int conn = p->fd;
  p->fd = -1;
  listener_t *l = p->owner;
  pending_end(p);
  if (l->closed) {
    for (int i = 0; i < count; i++) close(fds[i]);
    close(conn);
    return;
  }
  deliver(l, conn, fds, count);
}

static void on_pending_timeout(uv_timer_t *timer) { pending_end(timer->data); }

static void on_listener_handle_closed(uv_handle_t *handle) {
  listener_t *l = handle->data;
  l->open_handles--;
  listener_free_if_done(l);
}

static void on_acceptable(uv_poll_t *handle, int status, int events);

static void on_retry(uv_timer_t *timer) {
  listener_t *l = timer->data;
  if (!l->closed) uv_poll_start(&l->poll, UV_READABLE, on_acceptable);
}

static void on_acceptable(uv_poll_t *handle, int status, int events) {
  (void)events;
  listener_t *l = handle->data;
  if (status < 0 || l->closed) return;
  uv_loop_t *loop = handle->loop;
  for (;;) {
    int conn = accept(l->fd, NULL, NULL);
    if (conn < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        uv_poll_stop(&l->poll);
        uv_timer_start(&l->retry, on_retry, ACCEPT_RETRY_MS, 0);
      }
      return; /* EAGAIN: all taken */
    }
    set_flags(conn);
    pending_t *p = calloc(1, sizeof *p);
    if (p == NULL) {
      close(conn);
      continue;
    }
    p->owner = l;
    p->fd = conn;
    p->poll.data = p;
    p->timer.data = p;
    if (uv_poll_init(loop, &p->poll, conn) != 0) {
      close(conn);
      free(p);
      continue;
    }
    uv_timer_init(loop, &p->timer);
    p->open_handles = 2;
    l->pending_alive++;
    p->next = l->pending;
    if (l->pending) l->pending->prev = p;
    l->pending = p;
    uv_poll_start(&p->poll, UV_READABLE, on_pending_readable);
    uv_timer_start(&p->timer, on_pending_timeout, l->timeout_ms, 0);
  }
}

static void listener_close(listener_t *l, bool env_alive) {
  if (l->closed) return;
  l->closed = 1;
  uv_poll_stop(&l->poll);
  uv_timer_stop(&l->retry);
  close(l->fd);
  l->fd = -1;
  while (l->pending) pending_end(l->pending);
  if (env_alive) {
    napi_delete_reference(l->env, l->callback);
    napi_async_destroy(l->env, l->async);
  }
  uv_close((uv_handle_t *)&l->poll, on_listener_handle_closed);
  uv_close((uv_handle_t *)&l->retry, on_listener_handle_closed);
}

static void on_env_cleanup(void *arg) { listener_close(arg, false); }

/* close() from JavaScript (or its handle collected): the environment's hook is not needed any more. */
static void close_from_js(napi_env env, listener_t *l) {
  if (l->closed) return;
  napi_remove_env_cleanup_hook(env, on_env_cleanup, l);
  listener_close(l, true);
}

/* The JavaScript handle was collected: nobody can close the listener now but this. */
static void on_external_finalized(napi_env env, void *data, void *hint) {
  (void)hint;
  listener_t *l = data;
  close_from_js(env, l);
  l->external_alive = 0;
  listener_free_if_done(l);
}

static napi_value js_listen(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv, napi_function, "listen(path, timeoutMs, callback)")) return NULL;
  uint32_t timeout_ms = 0;
  if (napi_get_value_uint32(env, argv[1], &timeout_ms) != napi_ok || timeout_ms == 0) {
    napi_throw_range_error(env, NULL, "listen: timeoutMs must be a positive integer");
    return NULL;
  }
  struct sockaddr_un addr;
  char path[1024];
  int err = unix_address(env, argv[0], &addr, path, sizeof path);
  if (err) return throw_errno(env, err, "listen", NULL);

  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return throw_errno(env, errno, "socket", NULL);
  set_flags(fd);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    err = errno;
    close(fd);
    return throw_errno(env, err, "bind", path);
  }
  if (listen(fd, 128) < 0) {
    err = errno;
    close(fd);
    return throw_errno(env, err, "listen", path);
  }

  uv_loop_t *loop;
  CHECK(env, napi_get_uv_event_loop(env, &loop));
  listener_t *l = calloc(1, sizeof *l);
  if (l == NULL) {
    close(fd);
    return throw_errno(env, ENOMEM, "listen", path);
  }
  l->env = env;
  l->fd = fd;
  l->timeout_ms = timeout_ms;
  l->poll.data = l;
  l->retry.data = l;
  napi_value resource_name;
  if (napi_create_reference(env, argv[2], 1, &l->callback) != napi_ok) {
    close(fd);
    free(l);
    napi_throw_error(env, NULL, "fd_handoff: could not keep the callback");
    return NULL;
  }
  if (napi_create_string_utf8(env, "fd_handoff", NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
      napi_async_init(env, NULL, resource_name, &l->async) != napi_ok) {
    napi_delete_reference(env, l->callback);
    close(fd);
    free(l);
    napi_throw_error(env, NULL, "fd_handoff: could not set up the listener");
    return NULL;
  }
  if ((err = uv_poll_init(loop, &l->poll, fd)) != 0) {
    /* uv_poll_init fails before it registers the handle: nothing to close but the fd. */
    napi_delete_reference(env, l->callback);
    napi_async_destroy(env, l->async);
    close(fd);
    free(l);
    return throw_errno(env, -err, "uv_poll_init", path);
  }
  uv_timer_init(loop, &l->retry);
  l->open_handles = 2;
  uv_poll_start(&l->poll, UV_READABLE, on_acceptable);
  napi_add_env_cleanup_hook(env, on_env_cleanup, l);

  napi_value handle;
  if (napi_create_external(env, l, on_external_finalized, NULL, &handle) != napi_ok) {
    close_from_js(env, l);
    napi_throw_error(env, NULL, "fd_handoff: could not set up the listener");
    return NULL;
  }
  l->external_alive = 1;
  return handle;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv, napi_external, "close(listener)")) return NULL;
  listener_t *l;
  CHECK(env, napi_get_value_external(env, argv[0], (void **)&l));
  close_from_js(env, l);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"listen", NULL, js_listen, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
