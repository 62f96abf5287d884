/* Classroom mode (classroom.c): the class vote, the discussion timer, the
 * pause card and the report export. State lives in ui->cls; classroom.c
 * changes the session only through session.h. Private to game/sdl. */
#ifndef LEFTSR_SDL_CLASSROOM_H
#define LEFTSR_SDL_CLASSROOM_H

#include "sdl/internal.h"

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

#endif
