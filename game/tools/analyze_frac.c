/* `leftsr analyze`, exact analysis: the probability of each ending under
 * random play as an exact fraction, while numerator and denominator fit in
 * 128 bits. analyze_run.c runs it beside the other passes.
 *
 * Every state's probability is kept in lowest terms, summed over its
 * predecessors in topological order. Lowest terms take a gcd at each step,
 * costly once denominators pass 64 bits, unless the primes of every edge's
 * denominator are known (they are few: weights and numbers of choices are
 * small): then each state keeps its denominator's exponents too, a common
 * denominator is a maximum of exponents, and reducing is a divisibility
 * test per prime (one multiplication). Both ways give the same fractions
 * and run out of 128 bits at the same step; the gcd way remains for
 * denominators with a large prime factor. */
#include "analyze_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ the gcd way */

static bool u128_mul_ovf(lsr_u128 a, lsr_u128 b, lsr_u128 *out) { return __builtin_mul_overflow(a, b, out); }

static inline int ctz128(lsr_u128 x) {
    uint64_t lo = (uint64_t)x;
    return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(x >> 64));
}

/* Binary (Stein's) gcd of two nonzero 64-bit numbers. */
static uint64_t u64_gcd(uint64_t x, uint64_t y) {
    int sh = __builtin_ctzll(x | y);
    x >>= __builtin_ctzll(x);
    do {
        y >>= __builtin_ctzll(y);
        uint64_t lo = x < y ? x : y, hi = x < y ? y : x;
        x = lo;
        y = hi - lo;
    } while (y);
    return x << sh;
}

/* gcd: binary (shifts and subtractions), after one division when only one
 * side passes 64 bits (gcd(a, b) = gcd(b, a mod b)). */
static lsr_u128 u128_gcd(lsr_u128 a, lsr_u128 b) {
    if (a == 0 || b == 1) return b;
    if (b == 0 || a == 1 || a == b) return a;
    if ((a >> 64) == 0 && (b >> 64) == 0) return u64_gcd((uint64_t)a, (uint64_t)b);
    if ((b >> 64) == 0) {
        uint64_t r = (uint64_t)(a % (uint64_t)b);
        return r ? u64_gcd((uint64_t)b, r) : b;
    }
    if ((a >> 64) == 0) {
        uint64_t r = (uint64_t)(b % (uint64_t)a);
        return r ? u64_gcd((uint64_t)a, r) : a;
    }
    int sh = ctz128(a | b);
    a >>= ctz128(a);
    do {
        b >>= ctz128(b);
        if (a > b) {
            lsr_u128 t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b);
    return a << sh;
}

/* Exact rational num/den; den 0 marks "not exact any more". */
typedef struct Rat { lsr_u128 num, den; } Rat;

/* r * w / d, or den=0 on overflow. */
/* a / g, without a 128-bit division where none is needed. */
static inline lsr_u128 div_by(lsr_u128 a, lsr_u128 g) {
    if (g == 1) return a;
    if ((a >> 64) == 0) return (uint64_t)a / (uint64_t)g;
    return a / g;
}

static Rat rat_scale(Rat r, uint64_t w, uint64_t d) {
    Rat out = {0, 0};
    if (r.den == 0) return out;
    lsr_u128 g1 = u128_gcd(r.num, d), g2 = u128_gcd(w, r.den);
    lsr_u128 n1 = g1 ? div_by(r.num, g1) : 0, d1 = g1 ? div_by(d, g1) : d;
    lsr_u128 w1 = div_by(w, g2), rd = div_by(r.den, g2);
    if (u128_mul_ovf(n1, w1, &out.num) || u128_mul_ovf(rd, d1, &out.den)) out.den = 0;
    if (out.num == 0 && out.den) out.den = 1;
    return out;
}

static Rat rat_add(Rat a, Rat b) {
    Rat out = {0, 0};
    if (a.den == 0 || b.den == 0) return out;
    if (a.num == 0) return b;
    if (b.num == 0) return a;
    if (a.den == b.den) {
        lsr_u128 num = a.num + b.num;
        if (num < a.num) return out;
        lsr_u128 h = u128_gcd(num, a.den);
        out.num = div_by(num, h);
        out.den = div_by(a.den, h);
        return out;
    }
    lsr_u128 g = u128_gcd(a.den, b.den);
    lsr_u128 x, y, den, ad = div_by(a.den, g);
    if (u128_mul_ovf(a.num, div_by(b.den, g), &x) || u128_mul_ovf(b.num, ad, &y) || u128_mul_ovf(ad, b.den, &den) ||
        x + y < x)
        return out;
    lsr_u128 num = x + y, h = u128_gcd(num, den);
    out.num = div_by(num, h);
    out.den = div_by(den, h);
    return out;
}


/* --------------------------------------------------- known primes */

/* At most this many distinct primes in the edges' denominators, each below
 * 2^32; more, or larger, and the gcd way is taken. */
#define FP_MAX 32

typedef struct Primes {
    uint32_t n;
    uint64_t p[FP_MAX];
    lsr_u128 inv[FP_MAX];   /* odd p: p * inv = 1 modulo 2^128 */
    lsr_u128 lim[FP_MAX];   /* odd p: x divides by p exactly when x * inv <= lim */
    /* per distinct probability: w / d in lowest terms, d's exponents */
    uint64_t *w, *d;
    uint8_t *e;             /* n_probs * n */
    uint32_t *m;            /* per probability: the set of primes of d */
} Primes;

/* The number of times the prime i divides x (x > 0), at most `most`;
 * x is divided by it that many times. */
static inline uint32_t take_prime(const Primes *P, uint32_t i, lsr_u128 *x, uint32_t most) {
    uint32_t c = 0;
    if (P->p[i] == 2) {
        c = (uint32_t)ctz128(*x);
        if (c > most) c = most;
        *x >>= c;
        return c;
    }
    while (c < most) {
        lsr_u128 q = *x * P->inv[i];
        if (q > P->lim[i]) break;
        *x = q;
        c++;
    }
    return c;
}

/* x / p^c, exactly (p^c divides x). */
static inline lsr_u128 drop_prime(const Primes *P, uint32_t i, lsr_u128 x, uint32_t c) {
    if (P->p[i] == 2) return x >> c;
    while (c--) x *= P->inv[i];
    return x;
}

/* p_i^c when it fits; false otherwise. */
static inline bool pow_prime(const Primes *P, uint32_t i, uint32_t c, lsr_u128 *out) {
    lsr_u128 r = 1;
    while (c--)
        if (u128_mul_ovf(r, P->p[i], &r)) return false;
    *out = r;
    return true;
}

static void primes_free(Primes *P) {
    free(P->w);
    free(P->d);
    free(P->e);
    free(P->m);
    memset(P, 0, sizeof *P);
}

/* Factors every probability's denominator; false (the gcd way) when one has
 * two prime factors past 4096, or there are too many primes, or memory
 * lacks. */
static bool primes_find(const Graph *g, Primes *P) {
    memset(P, 0, sizeof *P);
    uint32_t np = g->probs.n;
    if (np > 4096) return false;
    P->w = malloc((np + 1u) * sizeof(uint64_t));
    P->d = malloc((np + 1u) * sizeof(uint64_t));
    if (!P->w || !P->d) return false;
    for (uint32_t k = 0; k < np; k++) {
        const uint64_t *wd = (const uint64_t *)(const void *)(g->probs.data + g->probs.off[k]);
        if (wd[1] == 0) return false;
        uint64_t h = wd[0] ? u64_gcd(wd[0], wd[1]) : wd[1];
        P->w[k] = wd[0] / h;
        P->d[k] = wd[1] / h;
        uint64_t d = P->d[k];
        /* trial division, a few thousand steps at most: past 4096, what is
         * left is prime when below 4097^2, or may not be (the gcd way) */
        for (uint64_t f = 2; d > 1; f += f == 2 ? 1 : 2) {
            if (f * f > d) f = d;
            else if (f > 4096) return false;
            if (d % f) continue;
            uint32_t i = 0;
            while (i < P->n && P->p[i] != f) i++;
            if (i == P->n) {
                if (P->n == FP_MAX) return false;
                P->p[P->n++] = f;
            }
            while (d % f == 0) d /= f;
        }
    }
    P->e = calloc((size_t)np * P->n + 1u, 1);
    P->m = calloc(np + 1u, sizeof(uint32_t));
    if (!P->e || !P->m) return false;
    for (uint32_t i = 0; i < P->n; i++) {
        if (P->p[i] == 2) continue;
        lsr_u128 p = P->p[i], inv = p;   /* Newton: each step doubles the correct bits */
        for (int k = 0; k < 7; k++) inv *= 2 - p * inv;
        P->inv[i] = inv;
        P->lim[i] = U128_MAX / p;
    }
    for (uint32_t k = 0; k < np; k++) {
        uint64_t d = P->d[k];
        for (uint32_t i = 0; i < P->n; i++)
            while (d % P->p[i] == 0) d /= P->p[i], P->e[(size_t)k * P->n + i]++, P->m[k] |= 1u << i;
    }
    return true;
}

/* A fraction in lowest terms with its denominator's exponents and the
 * set of primes in it (den 0: no longer exact). */
typedef struct FRat { lsr_u128 num, den; uint32_t m; uint8_t e[FP_MAX]; } FRat;

/* Lowest terms of num / den: only its known primes (set m) can be shared. */
static inline void f_reduce(const Primes *P, lsr_u128 *num, lsr_u128 *den, uint8_t *e, uint32_t *m) {
    for (uint32_t bits = *m; bits; bits &= bits - 1) {
        uint32_t i = (uint32_t)__builtin_ctz(bits);
        uint32_t c = take_prime(P, i, num, e[i]);
        if (!c) continue;
        *den = drop_prime(P, i, *den, c);
        e[i] = (uint8_t)(e[i] - c);
        if (!e[i]) *m &= ~(1u << i);
    }
}

/* out = r * w_k / d_k: as rat_scale, the shared factors taken out first. */
static inline void f_scale(const Primes *P, const Rat *r, const uint8_t *re, uint32_t rm, uint32_t k, FRat *out) {
    if (r->den == 0) {
        out->den = 0;
        return;
    }
    if (r->num == 0 || P->w[k] == 0) {   /* as rat_scale: 0 is 0/1 */
        out->num = 0;
        out->den = 1;
        out->m = 0;
        return;
    }
    const uint8_t *de = P->e + (size_t)k * P->n;
    lsr_u128 num = r->num, den = r->den, w = P->w[k], d = P->d[k];
    uint32_t m = 0;
    for (uint32_t bits = rm | P->m[k]; bits; bits &= bits - 1) {
        uint32_t i = (uint32_t)__builtin_ctz(bits);
        uint32_t ed = de[i], er = (rm >> i) & 1u ? re[i] : 0;
        if (ed && num) {   /* gcd(num, d) */
            uint32_t c = take_prime(P, i, &num, ed);
            d = drop_prime(P, i, d, c);
            ed -= c;
        }
        if (er && w) {     /* gcd(w, den) */
            uint32_t c = take_prime(P, i, &w, er);
            den = drop_prime(P, i, den, c);
            er -= c;
        }
        out->e[i] = (uint8_t)(er + ed);
        if (er + ed) m |= 1u << i;
    }
    out->m = m;
    if (u128_mul_ovf(num, w, &out->num) || u128_mul_ovf(den, d, &out->den)) out->den = 0;
    if (out->num == 0 && out->den) out->den = 1, out->m = 0;
}

/* a += b, as rat_add; a's exponents in ae (only those in *am are valid). */
static inline void f_add(const Primes *P, Rat *a, uint8_t *ae, uint32_t *am, const FRat *b) {
    if (a->den == 0) return;
    if (b->den == 0) {
        a->den = 0;
        return;
    }
    if (b->num == 0) return;
    if (a->num == 0) {
        a->num = b->num;
        a->den = b->den;
        for (uint32_t bits = b->m; bits; bits &= bits - 1) {
            uint32_t i = (uint32_t)__builtin_ctz(bits);
            ae[i] = b->e[i];
        }
        *am = b->m;
        return;
    }
    if (a->den == b->den) {
        lsr_u128 num = a->num + b->num;
        if (num < a->num) {
            a->den = 0;
            return;
        }
        a->num = num;
        f_reduce(P, &a->num, &a->den, ae, am);
        return;
    }
    /* a's denominator over the common part, and b's */
    lsr_u128 ap = 1, bp = 1;
    for (uint32_t bits = *am | b->m; bits; bits &= bits - 1) {
        uint32_t i = (uint32_t)__builtin_ctz(bits);
        uint32_t ea = (*am >> i) & 1u ? ae[i] : 0, eb = (b->m >> i) & 1u ? b->e[i] : 0;
        lsr_u128 f;
        if (ea > eb) {
            if (!pow_prime(P, i, ea - eb, &f) || u128_mul_ovf(ap, f, &ap)) {
                a->den = 0;
                return;
            }
        } else if (eb > ea) {
            if (!pow_prime(P, i, eb - ea, &f) || u128_mul_ovf(bp, f, &bp)) {
                a->den = 0;
                return;
            }
            ae[i] = (uint8_t)eb;
        }
    }
    lsr_u128 x, y, den;
    if (u128_mul_ovf(a->num, bp, &x) || u128_mul_ovf(b->num, ap, &y) || u128_mul_ovf(ap, b->den, &den) || x + y < x) {
        a->den = 0;
        return;
    }
    a->num = x + y;
    a->den = den;
    *am |= b->m;
    f_reduce(P, &a->num, &a->den, ae, am);
}

/* The factored way; false when it does not apply (nothing filled). */
static bool probs_factored(const Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    Primes P;
    if (!primes_find(g, &P)) {
        primes_free(&P);
        return false;
    }
    const uint32_t K = P.n ? P.n : 1;
    /* per state: its fraction, the set of primes of its denominator and
     * their exponents (valid in that set only) */
    Rat *rat = lsr_an_zalloc((size_t)g->n, sizeof(Rat));
    uint32_t *pm = lsr_an_zalloc((size_t)g->n, sizeof(uint32_t));
    uint8_t *ex = malloc((size_t)g->n * K);
    FRat *ends = lsr_an_zalloc(sc->n_endings + 1u, sizeof(FRat));
    if (!rat || !pm || !ex || !ends) {
        free(rat);
        free(pm);
        free(ex);
        free(ends);
        primes_free(&P);
        return false;
    }
    for (uint64_t s = 0; s < g->n; s++) rat[s].den = 1;
    rat[0] = (Rat){1, 1};
    for (uint32_t e = 0; e <= sc->n_endings; e++) ends[e].den = 1;   /* the last: stuck */
    bool exact = true;
    FRat t;
    for (uint64_t i = 0; i < g->n_order && exact; i++) {
        uint32_t s = g->order[i];
        const uint8_t *es = ex + (size_t)s * K;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const uint32_t to = g->edges[x].to;
            f_scale(&P, &rat[s], es, pm[s], g->edges[x].prob, &t);
            f_add(&P, &rat[to], ex + (size_t)to * K, &pm[to], &t);
            if (rat[to].den == 0) exact = false;
        }
        FRat *acc = g->kind[s] == K_ENDING ? &ends[st_pos(g, s) - sc->n_steps]
                    : g->kind[s] == K_STUCK || g->kind[s] == K_FAULT ? &ends[sc->n_endings] : NULL;
        if (acc) {
            t.num = rat[s].num;
            t.den = rat[s].den;
            t.m = pm[s];
            memcpy(t.e, es, P.n);
            Rat r = {acc->num, acc->den};
            f_add(&P, &r, acc->e, &acc->m, &t);
            acc->num = r.num;
            acc->den = r.den;
            if (acc->den == 0) exact = false;
        }
    }
    a->prob_exact = exact;
    for (uint32_t e = 0; e < sc->n_endings; e++) a->ending_prob_num[e] = ends[e].num, a->ending_prob_den[e] = ends[e].den;
    a->stuck_prob_num = ends[sc->n_endings].num;
    a->stuck_prob_den = ends[sc->n_endings].den;
    free(rat);
    free(pm);
    free(ex);
    free(ends);
    primes_free(&P);
    return true;
}

/* ------------------------------------------------------ the pass */

LsrAnalyzeStatus lsr_an_exact_probs(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    if (!getenv("LSR_AN_GCD") && probs_factored(g, a)) return LSR_AN_OK;
    for (uint32_t e = 0; e < sc->n_endings; e++) a->ending_prob_num[e] = 0, a->ending_prob_den[e] = 1;
    a->stuck_prob_num = 0;
    a->stuck_prob_den = 1;
    Rat *rat = lsr_an_zalloc((size_t)g->n, sizeof(Rat));
    /* without the memory, the figures stay as doubles (not an error) */
    a->prob_exact = rat != NULL;
    if (!rat) return LSR_AN_OK;
    for (uint64_t s = 0; s < g->n; s++) rat[s].den = 1;
    rat[0] = (Rat){1, 1};
    Rat stuck_rat = {0, 1};
    for (uint64_t i = 0; i < g->n_order && a->prob_exact; i++) {
        uint32_t s = g->order[i];
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            const uint64_t *wd = edge_wd(g, e);
            /* in lowest terms, so that every fraction is */
            uint64_t h = wd[0] ? u64_gcd(wd[0], wd[1]) : 1;
            rat[e->to] = rat_add(rat[e->to], rat_scale(rat[s], wd[0] / h, wd[1] / h));
            if (rat[e->to].den == 0) a->prob_exact = false;
        }
        if (g->kind[s] == K_ENDING) {
            uint32_t en = st_pos(g, s) - sc->n_steps;
            Rat r = rat_add((Rat){a->ending_prob_num[en], a->ending_prob_den[en]}, rat[s]);
            if (r.den == 0) a->prob_exact = false;
            a->ending_prob_num[en] = r.num;
            a->ending_prob_den[en] = r.den;
        } else if (g->kind[s] == K_STUCK || g->kind[s] == K_FAULT) {
            stuck_rat = rat_add(stuck_rat, rat[s]);
            if (stuck_rat.den == 0) a->prob_exact = false;
        }
    }
    a->stuck_prob_num = stuck_rat.num;
    a->stuck_prob_den = stuck_rat.den;
    free(rat);
    return LSR_AN_OK;
}

