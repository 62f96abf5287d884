/* The screen as text for screen readers and speech (see describe.h). */
#include "i18n.h"
#include "sdl/describe.h"

#include <stdio.h>
#include <string.h>

/* Appends s to buf at *at, counting what does not fit. */
static void put(char *buf, size_t n, size_t *at, const char *s) {
    size_t len = strlen(s);
    if (*at + 1 < n) {
        size_t room = n - *at - 1, k = len < room ? len : room;
        memcpy(buf + *at, s, k);
        buf[*at + k] = '\0';
    }
    *at += len;
}

static bool inside(const SDL_Rect *outer, const SDL_Rect *r) {
    SDL_Point c = { r->x + r->w / 2, r->y + r->h / 2 };
    return SDL_PointInRect(&c, outer);
}

/* A button records its item after the texts drawn inside it (badge,
 * label, detail), at most this many items back. */
enum { BUTTON_PARTS = 4 };

static bool part_of_button(const LsrUiItem *items, size_t count, size_t i) {
    for (size_t j = i + 1; j < count && j <= i + BUTTON_PARTS; j++)
        if (items[j].kind == LSR_ITEM_BUTTON) return inside(&items[j].r, &items[i].r);
    return false;
}

size_t lsr_ui_describe(const LsrUi *ui, char *buf, size_t n) {
    size_t at = 0, count = 0;
    if (n) buf[0] = '\0';
    const LsrUiItem *items = lsr_ui_items(ui, &count);
    const char *focus = NULL;
    for (size_t i = 0; i < count; i++) {
        const LsrUiItem *it = &items[i];
        if (it->kind == LSR_ITEM_BOX) continue;
        if (it->kind == LSR_ITEM_TEXT) {
            if (!it->text[0] || part_of_button(items, count, i)) continue;
            put(buf, n, &at, it->text);
            put(buf, n, &at, "\n");
            continue;
        }
        /* a button: "[1] label — detail", its badge and detail from inside it */
        const char *badge = NULL, *detail = NULL;
        for (size_t k = i > BUTTON_PARTS ? i - BUTTON_PARTS : 0; k < i; k++) {
            const LsrUiItem *t = &items[k];
            if (t->kind != LSR_ITEM_TEXT || !inside(&it->r, &t->r) || !strcmp(t->text, it->text)) continue;
            if (strlen(t->text) <= 2) badge = t->text;
            else detail = t->text;
        }
        put(buf, n, &at, _("Button: "));
        if (badge) {
            put(buf, n, &at, badge);
            put(buf, n, &at, ". ");
        }
        put(buf, n, &at, it->text);
        if (detail) {
            put(buf, n, &at, " — ");
            put(buf, n, &at, detail);
        }
        if (!it->enabled) put(buf, n, &at, _(" (unavailable)"));
        if (it->focused) {
            put(buf, n, &at, _(" (focused)"));
            focus = it->text;
        }
        put(buf, n, &at, "\n");
    }
    if (focus) {
        put(buf, n, &at, _("Focus: "));
        put(buf, n, &at, focus);
        put(buf, n, &at, "\n");
    }
    return at;
}
