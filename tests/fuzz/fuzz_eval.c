/* Fuzz target: the fuzz input drives a generator that writes a scenario
 * (conditions, effects and expressions with extreme numbers and deep
 * nesting, events, votes, cycles), loads it and evaluates it.
 *
 * Mode 0 is an oracle: expressions and a condition over three variables with
 * known values, whose exact results the generator computes independently
 * (128-bit arithmetic, saturated at every operation as the format defines).
 * The engine's lsr_expr_eval / lsr_cond_eval and the effects it applies must
 * agree. Mode 1 writes random structures, plays them and checks invariants. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

__extension__ typedef __int128 i128;

static const int64_t k_consts[] = {
    0, 1, -1, 2, -2, 3, 7, 100, -100, 1000000000, -1000000000, 2147483647, -2147483647 - 1,
    4294967296LL, 3037000499LL, -3037000499LL, 9007199254740992LL, -9007199254740992LL,
    9007199254740991LL, 1LL << 40, -(1LL << 40), 65536, 1000003};
#define N_CONSTS (sizeof k_consts / sizeof k_consts[0])

static int64_t sat(i128 v) {
    if (v > INT64_MAX) return INT64_MAX;
    if (v < INT64_MIN) return INT64_MIN;
    return (int64_t)v;
}

static int64_t pick_const(FuzzIn *in) {
    uint8_t b = fz_u8(in);
    if (b < 200) return k_consts[b % N_CONSTS];
    return (int64_t)(int16_t)(fz_u32(in) & 0xFFFF);
}

/* ------------------------------------------------------------ mode 0 */

typedef struct Oracle {
    FuzzIn *in;
    Buf *b;
    int64_t vals[3];  /* a, b, c */
    int depth_left;
} Oracle;

/* Writes an expression and returns its exact value. */
static int64_t gen_expr(Oracle *o, int depth) {
    uint8_t op = fz_u8(o->in);
    if (depth <= 0 || fz_done(o->in)) op = (uint8_t)(op % 2);
    else op = (uint8_t)(op % 8);
    if (op == 0) {
        int64_t k = pick_const(o->in);
        buf_fmt(o->b, "%lld", (long long)k);
        return k;
    }
    if (op == 1) {
        uint32_t v = fz_below(o->in, 3);
        buf_fmt(o->b, "{\"var\":\"%c\"}", (char)('a' + v));
        return o->vals[v];
    }
    static const char *const names[] = {"", "", "add", "sub", "mul", "div", "min", "max"};
    bool two = op == 3 || op == 5;
    uint32_t n = two ? 2 : 1 + fz_below(o->in, 4);
    buf_fmt(o->b, "{\"%s\":[", names[op]);
    int64_t acc = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i) buf_str(o->b, ",");
        int64_t v = gen_expr(o, depth - 1);
        if (i == 0) { acc = v; continue; }
        switch (op) {
        case 2: acc = sat((i128)acc + v); break;
        case 3: acc = sat((i128)acc - v); break;
        case 4: acc = sat((i128)acc * v); break;
        case 5: acc = v == 0 ? 0 : sat((i128)acc / v); break;
        case 6: acc = v < acc ? v : acc; break;
        default: acc = v > acc ? v : acc; break;
        }
    }
    buf_str(o->b, "]}");
    return acc;
}

static bool gen_cond(Oracle *o, int depth) {
    uint8_t op = fz_u8(o->in);
    op = (uint8_t)((depth <= 0 || fz_done(o->in)) ? op % 3 : op % 6);
    if (op == 0) { buf_str(o->b, "true"); return true; }
    if (op == 1) { buf_str(o->b, "false"); return false; }
    if (op == 2) {
        static const char *const cmps[] = {"eq", "ne", "lt", "lte", "gt", "gte"};
        uint32_t v = fz_below(o->in, 3), c = fz_below(o->in, 6);
        buf_fmt(o->b, "{\"var\":\"%c\",\"%s\":", (char)('a' + v), cmps[c]);
        int64_t x = o->vals[v], y = gen_expr(o, depth - 1);
        buf_str(o->b, "}");
        switch (c) {
        case 0: return x == y;
        case 1: return x != y;
        case 2: return x < y;
        case 3: return x <= y;
        case 4: return x > y;
        default: return x >= y;
        }
    }
    if (op == 3) {
        buf_str(o->b, "{\"not\":");
        bool r = !gen_cond(o, depth - 1);
        buf_str(o->b, "}");
        return r;
    }
    bool all = op == 4;
    uint32_t n = 1 + fz_below(o->in, 3);
    buf_fmt(o->b, "{\"%s\":[", all ? "all" : "any");
    bool acc = all;
    for (uint32_t i = 0; i < n; i++) {
        if (i) buf_str(o->b, ",");
        bool r = gen_cond(o, depth - 1);
        acc = all ? (acc && r) : (acc || r);
    }
    buf_str(o->b, "]}");
    return acc;
}

static const char HEAD[] =
    "{\"format\":\"1.0\",\"id\":\"fz\",\"title\":\"T\",\"period\":{\"start\":\"1917-01-01\",\"end\":\"1918-12-31\"},"
    "\"briefing\":\"B\",\"sources\":[{\"id\":\"src\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],";

static void mode_oracle(FuzzIn *in) {
    Buf b = {0};
    Oracle o = {in, &b, {0, 0, 0}, 0};
    static const int32_t inits[] = {0, 1, -1, 1000000000, -1000000000, 50, 999999999, -7};
    for (int v = 0; v < 3; v++) {
        uint8_t x = fz_u8(in);
        o.vals[v] = x < 128 ? inits[x % 8] : (int32_t)(fz_u32(in) % 2000000001u) - 1000000000;
    }
    int depth = 1 + (int)fz_below(in, 32);
    buf_str(&b, HEAD);
    buf_str(&b, "\"variables\":[");
    for (int v = 0; v < 3; v++)
        buf_fmt(&b, "{\"id\":\"%c\",\"label\":\"L\",\"min\":-1000000000,\"max\":1000000000,\"initial\":%lld},",
                'a' + v, (long long)o.vals[v]);
    uint32_t n_out = 1 + fz_below(in, 4);
    for (uint32_t k = 0; k < 4; k++)
        buf_fmt(&b, "{\"id\":\"o%u\",\"label\":\"L\",\"min\":-1000000000,\"max\":1000000000,\"initial\":0}%s", k,
                k < 3 ? "," : "");
    buf_str(&b, "],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\",\"date\":\"1917-10-25\","
                "\"title\":\"T\",\"narrative\":\"N\",\"choices\":[{\"id\":\"go\",\"label\":\"G\",\"condition\":");
    bool cond = gen_cond(&o, depth);
    buf_str(&b, ",\"unavailable\":\"disable\",\"reason\":\"R\",\"effects\":[");
    int64_t expect[4];
    for (uint32_t k = 0; k < n_out; k++) {
        buf_fmt(&b, "%s{\"set\":\"o%u\",\"value\":", k ? "," : "", k);
        expect[k] = gen_expr(&o, depth);
        buf_str(&b, "}");
    }
    buf_str(&b, "],\"next\":\"end\"},{\"id\":\"alt\",\"label\":\"A\",\"next\":\"end\"}],"
                "\"history\":{\"choice\":\"alt\",\"note\":\"N\",\"sources\":[\"src\"]}}],"
                "\"endings\":[{\"id\":\"e\",\"title\":\"T\",\"epilogue\":\"E\",\"historical\":true}]}");
    if (b.oom) { buf_free(&b); return; }

    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("fz.json", b.s, b.len, &sc, &d);
    if (st != LSR_OK) {
        /* The generator writes valid scenarios; only depth may exceed. */
        bool only_depth = st == LSR_ERR_INVALID && d.count > 0;
        for (size_t i = 0; i < d.count; i++)
            if (d.items[i].severity == LSR_SEV_ERROR && strcmp(d.items[i].code, "E_TOO_DEEP") != 0) {
                fprintf(stderr, "unexpected: %s %s at %s\n", d.items[i].code, d.items[i].message, d.items[i].path);
                only_depth = false;
            }
        FUZZ_ASSERT(only_depth || st == LSR_ERR_NOMEM);
        lsr_diags_free(&d);
        buf_free(&b);
        return;
    }
    lsr_diags_free(&d);
    int32_t *s = calloc(sc->state_words, sizeof *s);
    if (s) {
        lsr_state_init(sc, s, NULL);
        const LsrStep *step = &sc->steps[0];
        const LsrChoice *go = &sc->choices[step->choices_first];
        FUZZ_ASSERT(lsr_cond_eval(sc, s, go->cond) == cond);
        FUZZ_ASSERT(go->n_effects == n_out);
        for (uint32_t k = 0; k < n_out; k++) {
            int64_t got = lsr_expr_eval(sc, s, sc->effects[go->effects_first + k].value);
            if (got != expect[k])
                fprintf(stderr, "expression %u: engine %lld, exact %lld\n", k, (long long)got, (long long)expect[k]);
            FUZZ_ASSERT(got == expect[k]);
        }
        if (cond) {
            lsr_state_advance(sc, s, 0, 0, NULL);
            for (uint32_t k = 0; k < n_out; k++) {
                int64_t want = expect[k] < -1000000000 ? -1000000000 : expect[k] > 1000000000 ? 1000000000 : expect[k];
                uint32_t v = lsr_find_var(sc, k == 0 ? "o0" : k == 1 ? "o1" : k == 2 ? "o2" : "o3");
                FUZZ_ASSERT(lsr_state_var(s, v) == want);
            }
            fz_check_state(sc, s);
        }
        free(s);
    }
    lsr_scenario_free(sc);
    buf_free(&b);
}

/* ------------------------------------------------------------ mode 1 */

typedef struct Gen {
    FuzzIn *in;
    Buf *b;
    uint32_t nv, ns, ne, nev, nb;
    uint8_t types[8];   /* step types: 0 decision, 1 vote */
} Gen;

static void g_expr(Gen *g, int depth) {
    uint8_t op = fz_u8(g->in);
    op = (uint8_t)((depth <= 0 || fz_done(g->in)) ? op % 2 : op % 9);
    if (op == 0) { buf_fmt(g->b, "%lld", (long long)pick_const(g->in)); return; }
    if (op == 1) { buf_fmt(g->b, "{\"var\":\"v%u\"}", fz_below(g->in, g->nv)); return; }
    if (op == 8) {
        /* Deliberately out of the format: bad arity or a huge literal. */
        uint8_t k = fz_u8(g->in) % 3;
        buf_str(g->b, k == 0 ? "{\"sub\":[1]}" : k == 1 ? "1e300" : "{\"div\":[1,2,3]}");
        return;
    }
    static const char *const names[] = {"", "", "add", "sub", "mul", "div", "min", "max"};
    bool two = op == 3 || op == 5;
    uint32_t n = two ? 2 : 1 + fz_below(g->in, 4);
    buf_fmt(g->b, "{\"%s\":[", names[op]);
    for (uint32_t i = 0; i < n; i++) {
        if (i) buf_str(g->b, ",");
        g_expr(g, depth - 1);
    }
    buf_str(g->b, "]}");
}

static void g_cond(Gen *g, int depth) {
    uint8_t op = fz_u8(g->in);
    op = (uint8_t)((depth <= 0 || fz_done(g->in)) ? op % 3 : op % 9);
    static const char *const cmps[] = {"eq", "ne", "lt", "lte", "gt", "gte"};
    switch (op) {
    case 0: buf_str(g->b, "true"); return;
    case 1: buf_str(g->b, "false"); return;
    case 2:
        buf_fmt(g->b, "{\"var\":\"v%u\",\"%s\":", fz_below(g->in, g->nv), cmps[fz_below(g->in, 6)]);
        g_expr(g, depth - 1);
        buf_str(g->b, "}");
        return;
    case 3: buf_str(g->b, "{\"not\":"); g_cond(g, depth - 1); buf_str(g->b, "}"); return;
    case 4:
    case 5: {
        uint32_t n = 1 + fz_below(g->in, 3);
        buf_fmt(g->b, "{\"%s\":[", op == 4 ? "all" : "any");
        for (uint32_t i = 0; i < n; i++) {
            if (i) buf_str(g->b, ",");
            g_cond(g, depth - 1);
        }
        buf_str(g->b, "]}");
        return;
    }
    case 6: buf_fmt(g->b, "{\"visited\":\"s%u\"}", fz_below(g->in, g->ns)); return;
    case 7: {
        uint32_t s = fz_below(g->in, g->ns);
        if (g->types[s] == 0) buf_fmt(g->b, "{\"chose\":\"s%u\",\"choice\":\"c%u\"}", s, fz_below(g->in, 2));
        else buf_fmt(g->b, "{\"visited\":\"s%u\"}", s);
        return;
    }
    default:
        if (g->nev) buf_fmt(g->b, "{\"fired\":\"ev%u\"}", fz_below(g->in, g->nev));
        else buf_str(g->b, "true");
        return;
    }
}

/* A `next`: a step, an ending or "end"; `fallback` keeps the graph connected. */
static void g_next(Gen *g, const char *fallback) {
    uint8_t k = fz_u8(g->in) % 4;
    if (k == 0) buf_fmt(g->b, "\"s%u\"", fz_below(g->in, g->ns));
    else if (k == 1) buf_fmt(g->b, "\"e%u\"", fz_below(g->in, g->ne));
    else buf_fmt(g->b, "\"%s\"", fallback);
}

static void g_effects(Gen *g, int depth) {
    uint32_t n = fz_below(g->in, 4);
    buf_str(g->b, "[");
    for (uint32_t i = 0; i < n; i++) {
        buf_fmt(g->b, "%s{\"%s\":\"v%u\",\"value\":", i ? "," : "", fz_u8(g->in) & 1 ? "add" : "set",
                fz_below(g->in, g->nv));
        g_expr(g, depth);
        buf_str(g->b, "}");
    }
    buf_str(g->b, "]");
}

static void mode_struct(FuzzIn *in) {
    Buf b = {0};
    Gen g = {in, &b, 1 + fz_below(in, 5), 1 + fz_below(in, 6), 1 + fz_below(in, 3), fz_below(in, 7),
             fz_below(in, 4), {0}};
    int depth = 1 + (int)fz_below(in, 12);
    for (uint32_t s = 0; s < g.ns; s++) g.types[s] = g.nb && (fz_u8(in) % 4 == 0) ? 1 : 0;
    buf_str(&b, HEAD);
    buf_str(&b, "\"variables\":[");
    for (uint32_t v = 0; v < g.nv; v++) {
        static const int32_t lo[] = {0, -1000000000, -5, 0, 1};
        static const int32_t hi[] = {100, 1000000000, 5, 1, 0};
        uint32_t r = fz_below(in, 5);
        buf_fmt(&b, "%s{\"id\":\"v%u\",\"label\":\"L\",\"min\":%d,\"max\":%d,\"initial\":%d}", v ? "," : "", v, lo[r],
                hi[r], lo[r]);
    }
    buf_str(&b, "],\"blocs\":[");
    for (uint32_t k = 0; k < g.nb; k++) {
        static const int32_t seats[] = {0, 1, 67, 1000000000, 999999999};
        buf_fmt(&b, "%s{\"id\":\"b%u\",\"name\":\"B\",\"color\":\"#112233\",\"seats\":%d}", k ? "," : "", k,
                seats[fz_below(in, 5)]);
    }
    buf_str(&b, "],\"start\":\"s0\",\"steps\":[");
    for (uint32_t s = 0; s < g.ns; s++) {
        char fallback[16];
        snprintf(fallback, sizeof fallback, s + 1 < g.ns ? "s%u" : "end", s + 1);
        buf_fmt(&b, "%s{\"id\":\"s%u\",\"type\":\"%s\",\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\",",
                s ? "," : "", s, g.types[s] ? "vote" : "decision");
        if (s && fz_u8(in) % 4 == 0) {
            buf_str(&b, "\"condition\":");
            g_cond(&g, depth);
            buf_str(&b, ",\"otherwise\":");
            g_next(&g, fallback);
            buf_str(&b, ",");
        }
        if (g.types[s] == 0) {
            uint32_t nc = 1 + fz_below(in, 3);
            buf_str(&b, "\"choices\":[");
            for (uint32_t c = 0; c < nc; c++) {
                buf_fmt(&b, "%s{\"id\":\"c%u\",\"label\":\"L\",", c ? "," : "", c);
                if (c && fz_u8(in) & 1) {
                    buf_str(&b, "\"condition\":");
                    g_cond(&g, depth);
                    buf_str(&b, ",");
                }
                buf_str(&b, "\"effects\":");
                g_effects(&g, depth);
                if (fz_u8(in) % 3 == 0) {
                    uint32_t no = 1 + fz_below(in, 3);
                    buf_str(&b, ",\"outcomes\":[");
                    for (uint32_t k = 0; k < no; k++) {
                        buf_str(&b, k ? ",{\"weight\":" : "{\"weight\":");
                        g_expr(&g, depth);
                        buf_str(&b, ",\"effects\":");
                        g_effects(&g, depth);
                        buf_str(&b, ",\"next\":");
                        g_next(&g, fallback);
                        buf_str(&b, "}");
                    }
                    buf_str(&b, "]}");
                } else {
                    buf_str(&b, ",\"next\":");
                    if (c == 0) buf_fmt(&b, "\"%s\"", fallback);
                    else g_next(&g, fallback);
                    buf_str(&b, "}");
                }
            }
            buf_str(&b, "],\"history\":{\"choice\":\"c0\",\"note\":\"N\",\"sources\":[\"src\"]}}");
        } else {
            buf_str(&b, "\"motion\":\"M\",");
            if (fz_u8(in) & 1) {
                buf_fmt(&b, "\"seats\":{\"b%u\":", fz_below(in, g.nb));
                g_expr(&g, depth);
                buf_str(&b, "},");
            }
            buf_str(&b, "\"positions\":[");
            for (uint32_t k = 0; k < g.nb; k++) {
                static const char *const votes[] = {"yes", "no", "abstain"};
                buf_fmt(&b, "%s{\"bloc\":\"b%u\",", k ? "," : "", k);
                if (fz_u8(in) % 3 == 0) {
                    buf_str(&b, "\"if\":");
                    g_cond(&g, depth);
                    buf_str(&b, ",");
                }
                if (fz_u8(in) % 3 == 0) {
                    uint32_t y = fz_below(in, 101);
                    buf_fmt(&b, "\"split\":{\"yes\":%u,\"no\":%u}}", y, 100 - y);
                } else buf_fmt(&b, "\"vote\":\"%s\"}", votes[fz_below(in, 3)]);
            }
            buf_str(&b, "],\"pass\":{\"effects\":");
            g_effects(&g, depth);
            buf_fmt(&b, ",\"next\":\"%s\"},\"fail\":{\"next\":", fallback);
            g_next(&g, fallback);
            buf_fmt(&b, "},\"threshold\":\"%s\",\"history\":{\"note\":\"N\",\"sources\":[\"src\"]}}",
                    fz_u8(in) & 1 ? "majority" : "two-thirds");
        }
    }
    buf_str(&b, "],\"events\":[");
    for (uint32_t e = 0; e < g.nev; e++) {
        static const int mf[] = {1, 2, 255, 0, 256};
        buf_fmt(&b, "%s{\"id\":\"ev%u\",\"title\":\"T\",\"text\":\"X\",\"max_fires\":%d,\"condition\":", e ? "," : "",
                e, mf[fz_below(in, 5)]);
        g_cond(&g, depth);
        buf_str(&b, ",\"effects\":");
        g_effects(&g, depth);
        if (fz_u8(in) % 4 == 0) buf_fmt(&b, ",\"next\":\"s%u\"", fz_below(in, g.ns));
        buf_str(&b, "}");
    }
    buf_str(&b, "],\"endings\":[");
    for (uint32_t e = 0; e < g.ne; e++) {
        buf_fmt(&b, "%s{\"id\":\"e%u\",\"title\":\"T\",\"epilogue\":\"E\"%s", e ? "," : "", e,
                e == 0 ? ",\"historical\":true" : "");
        if (e + 1 < g.ne) {
            buf_str(&b, ",\"condition\":");
            g_cond(&g, depth);
        }
        buf_str(&b, "}");
    }
    buf_str(&b, "]}");
    if (b.oom) { buf_free(&b); return; }

    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("fz.json", b.s, b.len, &sc, &d);
    FUZZ_ASSERT(st == LSR_OK || st == LSR_ERR_INVALID || st == LSR_ERR_NOMEM);
    if (st == LSR_ERR_INVALID) FUZZ_ASSERT(d.errors > 0);
    lsr_diags_free(&d);
    if (sc) {
        uint64_t seed = fz_u64(in);
        for (int k = 0; k < 4; k++) fz_play_random(sc, seed + (uint64_t)k, 128);
        fz_play_game(sc, seed, 128);
        lsr_scenario_free(sc);
    }
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzIn in = {data, size, 0};
    if (fz_u8(&in) & 1) mode_struct(&in);
    else mode_oracle(&in);
    return 0;
}
