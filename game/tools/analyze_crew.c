/* `leftsr analyze`: a crew of two threads sharing numbered chunks of work.
 * The caller posts n chunks, takes chunks itself and waits until all are
 * done; a helper thread, up for the crew's life, takes chunks whenever
 * some are posted. Exploring and the keyed passes share their batches and
 * levels this way. Without a second core or thread (LSR_AN_ONE_THREAD=1,
 * Emscripten), the caller does every chunk itself. */
#include "analyze_internal.h"

#include <stdlib.h>
#include <unistd.h>

/* Takes chunks until none is left; called and returns with the lock. */
static void take(Crew *c, uint32_t worker) {
    while (c->next < c->n) {
        uint32_t k = c->next++;
        pthread_mutex_unlock(&c->mu);
        c->run(c->arg, worker, k);
        pthread_mutex_lock(&c->mu);
        if (++c->done == c->n) pthread_cond_broadcast(&c->cv);
    }
}

#ifndef __EMSCRIPTEN__
static void *helper(void *arg) {
    Crew *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->quit && c->next >= c->n) pthread_cond_wait(&c->cv, &c->mu);
        if (c->quit) break;
        take(c, 1);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}
#endif

void lsr_an_crew_start(Crew *c, void (*run)(void *arg, uint32_t worker, uint32_t chunk), void *arg, bool helper_wanted) {
    memset(c, 0, sizeof *c);
    c->run = run;
    c->arg = arg;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
#ifndef __EMSCRIPTEN__
    c->two = helper_wanted && sysconf(_SC_NPROCESSORS_ONLN) > 1 && !getenv("LSR_AN_ONE_THREAD") &&
             pthread_create(&c->th, NULL, helper, c) == 0;
#else
    (void)helper_wanted;
#endif
}

void lsr_an_crew_post(Crew *c, uint32_t n) {
    pthread_mutex_lock(&c->mu);
    c->n = n;
    c->next = c->done = 0;
    c->posted = true;
    if (c->two && n > 1) pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

void lsr_an_crew_finish(Crew *c) {
    pthread_mutex_lock(&c->mu);
    if (c->posted) {
        take(c, 0);
        while (c->done < c->n) pthread_cond_wait(&c->cv, &c->mu);
        c->posted = false;
    }
    pthread_mutex_unlock(&c->mu);
}

void lsr_an_crew_stop(Crew *c) {
    pthread_mutex_lock(&c->mu);
    c->quit = true;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
#ifndef __EMSCRIPTEN__
    if (c->two) pthread_join(c->th, NULL);
#endif
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
}
