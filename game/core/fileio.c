/* Every file leftsr reads or writes goes through here: reads refuse
 * anything but a regular file (a FIFO or device would block or never end),
 * writes go to a fresh temporary file made with O_CREAT|O_EXCL|O_NOFOLLOW
 * beside the target and are renamed over it, so a planted link is never
 * written through and the target always holds a complete file. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void fmt_err(char *err, size_t n, const char *what, const char *path, int e) {
    if (err && n) snprintf(err, n, "%s %s: %s", what, path, strerror(e));
}

static const char *kind_of(mode_t m) {
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) || S_ISBLK(m) ? "a device"
           : S_ISSOCK(m) ? "a socket" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

int lsr_file_open_regular(const char *path, char *err, size_t errlen) {
    /* O_NONBLOCK: opening a FIFO with no writer must not wait. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fmt_err(err, errlen, "cannot open", path, errno);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        fmt_err(err, errlen, "cannot read", path, e);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (err && errlen) snprintf(err, errlen, "%s is %s, not a regular file", path, kind_of(st.st_mode));
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

LsrStatus lsr_file_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen) {
    *data = NULL;
    *len = 0;
    int fd = lsr_file_open_regular(path, err, errlen);
    if (fd < 0) return LSR_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0) st.st_size = 0;
    if ((uintmax_t)st.st_size > max) {
        *len = (size_t)st.st_size;
        close(fd);
        if (err && errlen) snprintf(err, errlen, "%s is larger than %zu bytes", path, max);
        return LSR_ERR_INVALID;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = lsr_malloc(cap);
    if (!buf) {
        close(fd);
        if (err && errlen) snprintf(err, errlen, "out of memory reading %s", path);
        return LSR_ERR_NOMEM;
    }
    for (;;) {
        if (n + 1 >= cap) {
            /* The file grew while being read. */
            if (cap > max + 1) break;
            char *nb = lsr_realloc(buf, cap * 2);
            if (!nb) {
                lsr_free(buf);
                close(fd);
                if (err && errlen) snprintf(err, errlen, "out of memory reading %s", path);
                return LSR_ERR_NOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            lsr_free(buf);
            close(fd);
            fmt_err(err, errlen, "cannot read", path, e);
            return LSR_ERR_IO;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max) {
        lsr_free(buf);
        *len = n;
        if (err && errlen) snprintf(err, errlen, "%s is larger than %zu bytes", path, max);
        return LSR_ERR_INVALID;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return LSR_OK;
}

void lsr_file_free(char *data) { lsr_free(data); }

/* A temporary name beside the target, unlikely to be guessed; O_EXCL makes a
 * collision (or a planted file or link) fail instead of being opened. */
static int make_temp(const char *path, char *tmp, size_t n) {
    static unsigned counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t salt = (uint64_t)(unsigned)getpid() << 20 | ++counter;
    uint64_t h = lsr_hash64(&ts, sizeof ts, salt);
    for (int tries = 0; tries < 64; tries++) {
        static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        char sfx[9];
        uint64_t x = h;
        for (int i = 0; i < 8; i++, x /= 36) sfx[i] = al[x % 36];
        sfx[8] = '\0';
        int r = snprintf(tmp, n, "%s.%s.tmp", path, sfx);
        if (r < 0 || (size_t)r >= n) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) return fd;
        h = lsr_hash64(&h, sizeof h, h + 1);
    }
    errno = EEXIST;
    return -1;
}

/* Refuses a target that exists and is not a regular file (lstat: a link
 * counts as what it is, not as what it points to). */
static bool target_ok(const char *path, char *err, size_t errlen) {
    struct stat st;
    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode)) return true;
    if (err && errlen)
        snprintf(err, errlen, "%s is %s; leftsr replaces only regular files", path, kind_of(st.st_mode));
    return false;
}

LsrStatus lsr_writer_open(LsrFileWriter *w, const char *path, unsigned flags, char *err, size_t errlen) {
    memset(w, 0, sizeof *w);
    w->flags = flags;
    if (strlen(path) >= sizeof w->path) {
        if (err && errlen) snprintf(err, errlen, "path too long: %.200s...", path);
        return LSR_ERR_IO;
    }
    memcpy(w->path, path, strlen(path) + 1);
    if ((flags & LSR_WRITE_REGULAR_ONLY) && !target_ok(path, err, errlen)) return LSR_ERR_IO;
    if ((flags & LSR_WRITE_MKDIRS) && lsr_mkdirs_for(path) != 0) {
        fmt_err(err, errlen, "cannot create the folder for", path, errno);
        return LSR_ERR_IO;
    }
    int fd = make_temp(path, w->tmp, sizeof w->tmp);
    if (fd < 0) {
        fmt_err(err, errlen, "cannot write beside", path, errno);
        w->tmp[0] = '\0';
        return LSR_ERR_IO;
    }
    w->f = fdopen(fd, "wb");
    if (!w->f) {
        int e = errno;
        close(fd);
        unlink(w->tmp);
        fmt_err(err, errlen, "cannot write", w->tmp, e);
        return LSR_ERR_IO;
    }
    return LSR_OK;
}

void lsr_writer_abort(LsrFileWriter *w) {
    if (w->f) fclose(w->f);
    w->f = NULL;
    if (w->tmp[0]) unlink(w->tmp);
    w->tmp[0] = '\0';
}

/* Keeps the file being replaced as PATH.bak: a hard link survives the
 * rename, so at every instant PATH holds the old or the new complete file. */
static void keep_backup(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) return;
    char bak[LSR_FILE_PATH_MAX + 8];
    snprintf(bak, sizeof bak, "%s.bak", path);
    unlink(bak);
    if (link(path, bak) == 0) return;
    /* No hard links here: copy, through the same safe write. */
    char *data;
    size_t len;
    if (lsr_file_read(path, 64u << 20, &data, &len, NULL, 0) != LSR_OK) return;
    lsr_file_write(bak, data, len, 0, NULL, 0);
    lsr_file_free(data);
}

LsrStatus lsr_writer_commit(LsrFileWriter *w, char *err, size_t errlen) {
    if (!w->f) {
        if (err && errlen) snprintf(err, errlen, "cannot write %s", w->path);
        return LSR_ERR_IO;
    }
    bool ok = fflush(w->f) == 0 && !ferror(w->f);
    int e = errno;
    ok = ok && fsync(fileno(w->f)) == 0;
    if (!ok) e = errno;
    if (fclose(w->f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    w->f = NULL;
    if (!ok) {
        unlink(w->tmp);
        w->tmp[0] = '\0';
        fmt_err(err, errlen, "cannot write", w->path, e ? e : EIO);
        return LSR_ERR_IO;
    }
    /* Again right before the rename: the target may have changed meanwhile. */
    if ((w->flags & LSR_WRITE_REGULAR_ONLY) && !target_ok(w->path, err, errlen)) {
        unlink(w->tmp);
        w->tmp[0] = '\0';
        return LSR_ERR_IO;
    }
    if (w->flags & LSR_WRITE_BACKUP) keep_backup(w->path);
    if (rename(w->tmp, w->path) != 0) {
        e = errno;
        unlink(w->tmp);
        w->tmp[0] = '\0';
        fmt_err(err, errlen, "cannot replace", w->path, e);
        return LSR_ERR_IO;
    }
    w->tmp[0] = '\0';
    /* Make the rename itself durable. */
    char dir[LSR_FILE_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", w->path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return LSR_OK;
}

LsrStatus lsr_file_write(const char *path, const void *data, size_t len, unsigned flags, char *err,
                         size_t errlen) {
    LsrFileWriter w;
    LsrStatus st = lsr_writer_open(&w, path, flags, err, errlen);
    if (st != LSR_OK) return st;
    if (len && fwrite(data, 1, len, w.f) != len) {
        int e = errno;
        lsr_writer_abort(&w);
        fmt_err(err, errlen, "cannot write", path, e ? e : EIO);
        return LSR_ERR_IO;
    }
    return lsr_writer_commit(&w, err, errlen);
}

int lsr_file_lock(const char *path, char *err, size_t errlen) {
    char lock[LSR_FILE_PATH_MAX + 8];
    if ((size_t)snprintf(lock, sizeof lock, "%s.lock", path) >= sizeof lock) {
        if (err && errlen) snprintf(err, errlen, "path too long: %.200s...", path);
        return -1;
    }
    if (lsr_mkdirs_for(lock) != 0) {
        fmt_err(err, errlen, "cannot create the folder for", path, errno);
        return -1;
    }
    int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        fmt_err(err, errlen, "cannot create the lock file", lock, errno);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        if (err && errlen) snprintf(err, errlen, "the lock file %s is not a regular file", lock);
        return -1;
    }
    /* fcntl locks end with the process, even on SIGKILL: no stale locks. */
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        int e = errno;
        close(fd);
        if (e == EACCES || e == EAGAIN) {
            if (err && errlen) snprintf(err, errlen, "another leftsr is using %s", path);
            return -2;
        }
        fmt_err(err, errlen, "cannot lock", lock, e);
        return -1;
    }
    return fd;
}

void lsr_file_unlock(int fd) {
    if (fd >= 0) close(fd);
}
