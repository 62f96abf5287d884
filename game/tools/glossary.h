/* Finding a scenario's glossary terms in its texts, for the terminal's
 * first-use marks and the report's list of the terms a game used. */
#ifndef LEFTSR_TOOLS_GLOSSARY_H
#define LEFTSR_TOOLS_GLOSSARY_H

#include <stdbool.h>
#include <stddef.h>

/* The first use in `text` of glossary term `term`: any of its forms (the
 * term split at ", " and " / ", so "VTsIK / CEC" finds either), as whole
 * words, ASCII case-insensitive, a plural "s" allowed. Returns the byte
 * offset and sets *len to the matched length; -1 when the term is not used. */
long lsr_glossary_find(const char *text, const char *term, size_t *len);

#endif
