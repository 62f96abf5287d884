/* Shared state of the SDL front end's own files and the drawing layer
 * (render.c). Everything here is private to game/sdl.
 *
 * LsrUi holds two kinds of state: the draw context (window, fonts, text
 * cache, the items of the frame, scroll, focus) that render.c and the
 * screens use, and the session (scenario, game, screen, classroom, author
 * tools) that only session.c, play.c, classroom.c and devtools.c change.
 * The screens read the session through view.h, never through LsrUi. */
#ifndef LEFTSR_SDL_INTERNAL_H
#define LEFTSR_SDL_INTERNAL_H

#include "sdl/ui.h"

#define LSR_PATH_MAX 1024
#define LSR_MAX_PICKS 16

/* Font roles: face and base size at scale 1. */
typedef enum LsrFontRole {
    F_DISPLAY = 0, F_H1, F_H2, F_H3, F_BODY, F_ITALIC, F_UI, F_UI_BOLD, F_SMALL, F_SMALL_BOLD,
    F_NUMBER, F_HUGE, F_COUNT
} LsrFontRole;

typedef enum LsrFace { FACE_SERIF = 0, FACE_SERIF_BOLD, FACE_SERIF_ITALIC, FACE_SANS, FACE_SANS_BOLD, FACE_COUNT } LsrFace;

typedef struct LsrThemeColors {
    SDL_Color bg, panel, ink, muted, accent, on_accent, rule, btn, btn_hover, btn_ink,
        disabled_bg, disabled_ink, focus, track, good, bad, hist, shade;
} LsrThemeColors;

typedef struct LsrTextEntry {
    uint64_t hash;
    char *s;
    char *lines;               /* wrapped text: s with our line breaks, or NULL */
    int font, wrap;
    uint32_t color;
    SDL_Texture *tex;
    int w, h;
    size_t bytes;              /* texture memory, 0 when evicted */
    unsigned long used;        /* last frame that measured or drew it */
    unsigned long drawn;       /* last frame that drew it */
} LsrTextEntry;

/* What activating a button does. */
typedef enum LsrAction {
    A_NONE = 0, A_CONTINUE, A_NEW, A_CAMPAIGN, A_SETTINGS, A_QUIT, A_PICK, A_BEGIN, A_TITLE,
    A_CHOOSE, A_COUNT_VOTE, A_NEXT, A_TO_ENDING, A_TEXT_SIZE, A_FULLSCREEN, A_THEME, A_REVEAL,
    A_BACK, A_MENU, A_RESUME, A_NEXT_PART, A_PICKER,
    /* classroom */
    A_CLASS_SELECT, A_VOTE_INC, A_VOTE_DEC, A_CLASS_TAKE, A_TIE_PICK, A_TIE_CANCEL, A_TIMER_TOGGLE,
    A_TIMER_ADJUST, A_SHOW_REVEAL, A_STEP_BACK, A_PAUSE, A_EXPORT,
    A_MAP,
    /* reading aids (any mode) */
    A_TAKE_BACK, A_HELP, A_BACKLOG, A_GLOSSARY, A_TERM, A_MEASURE, A_SPEECH,
    /* the question before a new game over a save (LSR_SCR_SAVED) */
    A_SAVED_CONTINUE, A_SAVED_NEW, A_SAVED_BACK,
    A_LANG
} LsrAction;

#define LSR_CLASS_MAX_VOTES LSR_MAX_VOTES_PER_CHOICE    /* per choice: more than any class */

/* Classroom mode (--classroom): the class vote on the decision on screen,
 * the discussion timer, the pause card and the reveal. */
typedef struct LsrClass {
    bool on;
    uint32_t votes[16];        /* per choice of the current step */
    size_t votes_at;           /* trace length and step the votes belong to */
    uint32_t votes_step;
    int sel;                   /* choice whose count is being typed, -1 none */
    bool typing;               /* a digit was typed since sel was chosen */
    bool tie;                  /* the teacher picks among the tied choices */
    bool paused;               /* full-screen pause card */
    int timer_len_s;           /* discussion time per decision, 0 = no timer */
    int timer_left_ms;
    bool timer_running;
    bool timer_resume;         /* it ran when the pause began */
    bool timer_held;           /* it ran when the decision left the screen */
    uint64_t timer_mark;       /* clock when the timer last ran */
    int timer_shown_s;         /* the second drawn last (redraw on change) */
    char notice[600];          /* one line under the header: export, undo */
    bool notice_bad;
} LsrClass;

/* Where a label is drawn; it decides what box the label must stay in when
 * no box was pushed. */
typedef enum LsrRegion { LSR_REGION_PAGE = 0, LSR_REGION_HEADER, LSR_REGION_FOOTER } LsrRegion;

/* The fit check (tests): every label drawn in a frame with the box it must
 * lie inside. Recorded only while ui->fit is set; costs nothing otherwise. */
typedef struct LsrFitLabel {
    SDL_Rect r;                /* the text as drawn (output pixels, before clipping) */
    SDL_Rect box;              /* what it must lie inside */
    int region;                /* LsrRegion */
    bool scrolls;              /* in the scrolling view with no box of its own: columns only */
    bool over;                 /* part of an overlay (menu, tie panel): may cover the header */
    bool in_view;              /* drawn in the scrolling view, which clips it */
    int font, wrap;
    char *text, *lines;        /* owned copies; lines NULL when not wrapped */
} LsrFitLabel;

typedef struct LsrFit {
    LsrFitLabel *v;
    size_t n, cap;
    int header_h, footer_y;    /* the bands of the frame (0: none drawn) */
} LsrFit;

#define LSR_MAX_BOXES 8
#define LSR_FONT_POOL 192

/* The question asked before a new game would replace a save of the same
 * scenario (LSR_SCR_SAVED): where that game stands, read from the save. */
typedef struct LsrAsk {
    int pick;                  /* the picker entry to start, -1: the scenario open */
    char save[LSR_PATH_MAX];   /* the save of that scenario */
    char backup[256];          /* base name it is kept under by a new game (SAVE.old) */
    char saved_at[32];         /* ISO 8601 UTC, from the save */
    uint32_t n_choices;        /* decisions and votes made */
    int32_t step;              /* the step the game stands at, -1: none (ended or unreadable) */
    int32_t ending;            /* the ending it reached, -1: none */
    LsrScreen back;            /* the screen Back returns to (title or picker) */
} LsrAsk;

typedef struct LsrPick {
    char path[LSR_PATH_MAX];
    LsrScenario *sc;
    char error[400];           /* why it could not be loaded, when sc is NULL */
} LsrPick;

struct LsrUi {
    LsrPlayOptions opt;
    char scenario_path[LSR_PATH_MAX];
    SDL_Window *win;
    SDL_Renderer *ren;
    bool own_sdl, own_ttf;
    int out_w, out_h;
    float dpi;                 /* output pixels per window coordinate */
    float display_dpi;         /* the display's diagonal DPI, 0 unknown */
    float scale;               /* layout scale */
    char face_file[FACE_COUNT][LSR_PATH_MAX];
    TTF_Font *fonts[F_COUNT];  /* each role's font now, borrowed from the pool */
    struct { TTF_Font *font; int face, px; } pool[LSR_FONT_POOL];   /* open fonts, oldest first */
    int n_pool;
    int font_px[F_COUNT];
    int line_first[F_COUNT], line_step[F_COUNT];   /* wrapped text height (measure_only), 0 unknown */
    LsrTextEntry **cache;      /* entries never move: a pointer lasts the frame */
    size_t n_cache, cap_cache;
    unsigned long frame, rasterised;
    size_t cache_bytes;
    void *face_data[FACE_COUNT];   /* font files read once, shared by every size */
    size_t face_size[FACE_COUNT];
    SDL_Texture *disc, *ring;
    SDL_Cursor *cursor_hand, *cursor_arrow;
    LsrSettings settings;
    char settings_path[LSR_PATH_MAX];
    LsrThemeColors th;

    LsrScreen screen, back_screen;
    bool menu_open;
    LsrUiItem *items;
    size_t n_items, cap_items;
    int focus_action, focus_arg;   /* focused button, A_NONE when none */
    int hover_action, hover_arg;
    int primary_action, primary_arg;
    int scroll, max_scroll;
    SDL_Rect view;
    bool in_view;
    bool dirty, running;
    int exit_code;
    int mouse_x, mouse_y;
    bool dry;                  /* measuring: draw and record nothing */
    LsrFit *fit;               /* tests: record every label and its box (NULL: off) */
    bool measure_only;         /* tests: text is measured, never rasterised or drawn */
    int forced_w;              /* tests: layout size forced (lsr_ui_force_layout), 0 none */
    SDL_Rect boxes[LSR_MAX_BOXES];  /* boxes the labels drawn now must stay in (content coordinates) */
    bool box_over[LSR_MAX_BOXES];
    int n_boxes;
    int region;                /* LsrRegion of what is drawn now */
    int band_h;                /* the header band with its notice, 0 until drawn this frame */
    bool want_shrink;          /* the screen drawn does not fit: smaller text, please (classroom) */
    double text_shrink;        /* classroom: text size factor the screen on show fits at (1: none) */
    uint64_t shrink_key;       /* what text_shrink was found for (screen, step, size) */
    bool center_labels;        /* buttons drawn now centre their label */
    bool footer_plain;         /* the next footer has no primary button */
    bool want_focus_visible;   /* keyboard moved focus: scroll it into view */
    int press_action, press_arg;
    SDL_Rect sb_track;         /* the scroll view's scrollbar (w 0: none this frame) */
    int sb_thumb_y, sb_thumb_h;
    int sb_grab;               /* dragging the thumb: where it was grabbed, -1 not */
    LsrScreen aid_back;        /* screen the help, backlog or glossary returns to */
    int aid_scroll;            /* its scroll position then */
    int terms_marked;          /* glossary terms underlined so far on this frame */
    struct LsrSpeech *speech;  /* self-voicing back end (speech.c); NULL until used */

    /* the game */
    LsrScenario *sc;
    LsrGame *g;
    bool vote_counted;
    size_t shown;                 /* trace entry shown on the consequence screen */
    char save_path[LSR_PATH_MAX];
    char save_error[300];         /* last save failure, shown in the header */
    char save_note[300];          /* shown once after the next save (e.g. SAVE.old kept) */
    bool save_ready;              /* the save's lock and old file were seen to (session.c) */
    bool save_blocked;            /* this game is not saved (another window, another scenario) */
    bool resumed;                 /* the game came from its save file */
    int save_lock;                /* lsr_file_lock's fd + 1; 0: none */
    LsrCampaign *cp;
    char campaign_path[LSR_PATH_MAX];   /* the file cp came from */
    uint32_t part;
    uint32_t cp_endings[LSR_MAX_CAMPAIGN_PARTS];
    bool campaign_done;
    struct LsrDev *dev;           /* author tools (devtools.c); NULL until used */
    struct LsrEndings *endings;   /* endings found in every game (endings.h); NULL if out of memory */
    char endings_path[LSR_PATH_MAX];  /* "" for the default */
    bool ending_new;              /* the game on screen found its ending for the first time */
    bool author_tools;            /* F12 and live reload are on (devtools.h) */

    LsrPick picks[LSR_MAX_PICKS];
    int n_picks;
    char continue_scenario[LSR_PATH_MAX];
    char continue_save[LSR_PATH_MAX];
    char continue_label[256];
    LsrAsk ask;                   /* the question on LSR_SCR_SAVED */
    char lang[16];                /* the language in use (ui->opt.lang points here), "en": English */
    char langs[8][16];            /* languages with a program catalogue, "en" first */
    int n_langs;
    char lang_notice[200];        /* the saved language is not available ("" none) */
    char error[2048];
    bool shot_done[LSR_SCR_COUNT];

    LsrClass cls;
    uint64_t (*clock_ms)(void);   /* SDL_GetTicks64; tests substitute their own */
    /* called by session.c when a decision comes on screen (play.c sets it) */
    void (*decision_entered)(LsrUi *ui);
    int timer_drawn_s;            /* frame output: timer second drawn, -1 none */
};

/* Tests: lays the screens out for w×h output pixels whatever the window's
 * size (draw into a small window: the layout is what is checked), in a
 * theme and text size; the settings are not saved. */
void lsr_ui_force_layout(LsrUi *ui, int w, int h, LsrTheme theme, int text_pct);
/* Tests: records every label in fit (NULL: stops) and only measures text,
 * which makes a frame cheap; what is on screen is then not the text. */
void lsr_ui_measure_only(LsrUi *ui, LsrFit *fit);

/* render.c */
bool lsr_r_fonts_find(LsrUi *ui, char *err, size_t errlen);
bool lsr_r_fonts_open(LsrUi *ui);
TTF_Font *lsr_r_font(LsrUi *ui, int role);   /* opened on first use; NULL if it cannot be */
void lsr_r_fonts_close(LsrUi *ui);
void lsr_r_cache_clear(LsrUi *ui);
void lsr_r_cache_trim(LsrUi *ui);
void lsr_r_theme(LsrUi *ui);
int lsr_r_px(const LsrUi *ui, double v);
LsrTextEntry *lsr_r_text_get(LsrUi *ui, int font, const char *s, int wrap, SDL_Color c);
int lsr_r_line_h(LsrUi *ui, int font);
/* Draws text with its top-left at (x, y) in content coordinates; returns its height. */
int lsr_r_text(LsrUi *ui, int font, const char *s, int x, int y, int wrap, SDL_Color c);
/* Same, aligned: align 0 left, 1 centre, 2 right within [x, x+w). */
int lsr_r_text_in(LsrUi *ui, int font, const char *s, int x, int y, int w, SDL_Color c, int align);
int lsr_r_text_w(LsrUi *ui, int font, const char *s);
/* Paragraphs separated by blank lines; returns the total height. */
int lsr_r_paras(LsrUi *ui, int font, const char *s, int x, int y, int wrap, SDL_Color c);
void lsr_r_fill(LsrUi *ui, SDL_Rect r, SDL_Color c);
void lsr_r_frame(LsrUi *ui, SDL_Rect r, SDL_Color c, int t);
void lsr_r_box(LsrUi *ui, SDL_Rect r, const char *label);
void lsr_r_line(LsrUi *ui, float x0, float y0, float x1, float y1, float t, SDL_Color c);
void lsr_r_dot(LsrUi *ui, float cx, float cy, float d, SDL_Color c, bool hollow);
bool lsr_r_place(LsrUi *ui, SDL_Rect *r, bool *clipped);
/* Labels drawn until the matching pop must lie inside r (content
 * coordinates); over: r lies over the page (menu, dialog). */
void lsr_r_box_push(LsrUi *ui, SDL_Rect r, bool over);
void lsr_r_box_pop(LsrUi *ui);
/* Clears the labels the fit check recorded (tests). */
void lsr_r_fit_reset(LsrFit *fit);
/* s broken into lines no wider than w: at spaces and after hyphens and
 * dashes; a word wider than the line is cut with a hyphen. Returns a
 * malloc'd copy with '\n' between the lines (NULL when out of memory). */
char *lsr_r_break_lines(TTF_Font *f, const char *s, int w, int *n_lines);
/* Side of a choice's letter badge, which grows with the text. */
int lsr_r_badge_size(LsrUi *ui);
void lsr_r_item(LsrUi *ui, LsrItemKind kind, SDL_Rect r, const char *text, int action, int arg,
                bool enabled, bool clipped);
void lsr_r_view_begin(LsrUi *ui, SDL_Rect view);
void lsr_r_view_end(LsrUi *ui, int content_bottom);
/* The keyboard moved the focus to r (content coordinates): scroll it into
 * the view with margin to spare. */
void lsr_r_reveal(LsrUi *ui, SDL_Rect r, int margin);
/* A button: label text, optional key badge ("1"), optional detail line. */
int lsr_r_button(LsrUi *ui, SDL_Rect r, const char *label, const char *badge, const char *detail,
                 int action, int arg, bool enabled, bool primary);
int lsr_r_button_h(LsrUi *ui, int w, const char *label, const char *badge, const char *detail);
SDL_Color lsr_r_rgb(uint32_t rgb);
SDL_Color lsr_r_mix(SDL_Color a, SDL_Color b, float t);

#endif
