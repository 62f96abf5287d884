/* Classroom mode (classroom.c): the class vote, the discussion timer, the
 * pause card, step back and the report export. State lives in ui->cls,
 * which only classroom.c changes (session.c clears the notice and tie
 * panel on a change of screen and forgets the counts when a game ends);
 * classroom.c changes the session only through session.h. The screens see
 * the classroom through lsr_class_view. Private to game/sdl. */
#ifndef LEFTSR_SDL_CLASSROOM_H
#define LEFTSR_SDL_CLASSROOM_H

#include "sdl/view.h"

void lsr_class_init(LsrUi *ui, int timer_s);
/* A decision came on screen (the session's decision_entered hook): fresh
 * counts and timer for a new decision, the old ones for the same decision. */
void lsr_class_enter_decision(LsrUi *ui);
bool lsr_class_key(LsrUi *ui, const SDL_KeyboardEvent *k);  /* true: consumed */
bool lsr_class_action(LsrUi *ui, int action, int arg);      /* true: handled */
/* The choice the class vote decides, or -1 on a tie / no votes (the teacher picks). */
int lsr_class_winner(const LsrUi *ui, bool tied[16]);
void lsr_class_tick(LsrUi *ui);               /* timer: marks dirty when the shown second changes */
int lsr_class_wake_ms(const LsrUi *ui);       /* ms until the timer display changes, -1 none */
int lsr_class_timer_s(const LsrUi *ui);       /* seconds left, rounded up */

bool lsr_class_on(const LsrUi *ui);           /* --classroom */
bool lsr_class_paused(const LsrUi *ui);       /* the pause card is up */
/* Sets the count of choice i when it can be voted for (screenshot autopilot). */
void lsr_class_set_votes(LsrUi *ui, uint32_t i, uint32_t n);
/* The frame showed the timer at secs: the next redraw is due when that changes. */
void lsr_class_timer_drawn(LsrUi *ui, int secs);
/* Fills the classroom part of the screens' view. */
void lsr_class_view(const LsrUi *ui, LsrViewClass *out);

#endif
