/* What the page (web/page.js) calls in the browser build (web_main.c).
 * The page owns the event timing: it calls lsr_web_step after input and
 * when the returned delay has passed; the C side owns everything shown. */
#ifndef LEFTSR_WEB_H
#define LEFTSR_WEB_H

/* Handles pending input and redraws if needed; returns ms until the next
 * timed wake (classroom timer), -1 when nothing is due. */
int lsr_web_step(void);
/* Checks the file at path like `leftsr check` (its output goes to the
 * page) and plays it when it loads; returns the check's exit code. */
int lsr_web_open_file(const char *path);

#endif
