/* The screens of the game window. Private to game/sdl.
 *
 * Each screen is one function drawing from the session view (view.h) into
 * the draw context; lsr_screens_draw (screens.c) picks it from a table by
 * LsrScreen and then draws the overlays (Esc menu, classroom pause card).
 * One place per screen:
 *
 *   screen_title.c     title, picker, settings, error, a game in progress
 *   screen_decision.c  briefing, decision, vote, consequence
 *   screen_class.c     classroom: class vote on a decision, tie-break, reveal
 *   screen_debrief.c   debrief (scores, charts, decision table), ending
 *   screen_help.c      help: keys, the scores, the sources
 *   screen_backlog.c   backlog: every text shown so far in this game
 *   screen_glossary.c  glossary: the scenario's terms and measures
 *   screens.c          the table, the Esc menu and the pause card
 *   widgets.c          what several screens share (widgets.h)
 *
 * To add a screen: add it to LsrScreen (ui.h), write lsr_screen_NAME in the
 * file it belongs with, declare it here and put it in the table. */
#ifndef LEFTSR_SDL_SCREENS_H
#define LEFTSR_SDL_SCREENS_H

#include "sdl/view.h"

/* Draws the screen v->screen and its overlays. */
void lsr_screens_draw(LsrUi *ui, const LsrView *v);

/* screen_title.c */
void lsr_screen_title(LsrUi *ui, const LsrView *v);
void lsr_screen_picker(LsrUi *ui, const LsrView *v);
void lsr_screen_settings(LsrUi *ui, const LsrView *v);
void lsr_screen_error(LsrUi *ui, const LsrView *v);
/* a new game would replace a save: continue it, start over, or go back */
void lsr_screen_saved(LsrUi *ui, const LsrView *v);
/* screen_decision.c (each needs v->g but the briefing, which needs v->sc) */
void lsr_screen_briefing(LsrUi *ui, const LsrView *v);
void lsr_screen_decision(LsrUi *ui, const LsrView *v);
void lsr_screen_vote(LsrUi *ui, const LsrView *v);
void lsr_screen_consequence(LsrUi *ui, const LsrView *v);
/* screen_class.c */
void lsr_screen_class_decision(LsrUi *ui, const LsrView *v);
void lsr_screen_reveal(LsrUi *ui, const LsrView *v);
/* screen_debrief.c */
void lsr_screen_debrief(LsrUi *ui, const LsrView *v);
void lsr_screen_ending(LsrUi *ui, const LsrView *v);
/* screen_help.c, screen_backlog.c, screen_glossary.c */
void lsr_screen_help(LsrUi *ui, const LsrView *v);
void lsr_screen_backlog(LsrUi *ui, const LsrView *v);
void lsr_screen_glossary(LsrUi *ui, const LsrView *v);

#endif
