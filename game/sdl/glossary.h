/* Glossary terms and measure descriptions where the text is read
 * (glossary.c): terms are underlined where they first appear on a screen
 * and, with each measure's bar, become focusable targets (A_TERM,
 * A_MEASURE) whose explanation a popover shows on hover or focus. Draws
 * from the view like the screens; private to game/sdl. */
#ifndef LEFTSR_SDL_GLOSSARY_H
#define LEFTSR_SDL_GLOSSARY_H

#include "sdl/widgets.h"

/* Paragraphs like lsr_r_paras, with the scenario's glossary terms
 * underlined where they first appear in s and recorded as A_TERM targets
 * (arg: glossary index | the mark's number on the frame << 8). */
int lsr_w_paras_terms(LsrUi *ui, const LsrView *vs, int font, const char *s, int x, int y, int wrap, SDL_Color c);
/* Records the bar row r (content coordinates) of measure var as an
 * A_MEASURE target and draws its focus. */
void lsr_w_measure_target(LsrUi *ui, const LsrView *vs, SDL_Rect r, uint32_t var);
/* Title and text explaining a term (A_TERM) or measure (A_MEASURE). */
bool lsr_w_explain(const LsrView *vs, int action, int arg, const char **title, const char **text);
/* Over the frame: the explanation of the focused (else hovered) target. */
void lsr_w_popover(LsrUi *ui, const LsrView *vs);

#endif
