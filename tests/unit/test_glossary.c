/* Finding glossary terms in running text (game/tools/glossary.h): every
 * form of a term, whole words only, a plural allowed, the first use. */
#include "check.h"
#include "tools/glossary.h"

int main(void) {
    size_t len = 0;
    CHECK_EQ_INT(lsr_glossary_find("The MRC met.", "MRC", &len), 4);
    CHECK_EQ_INT(len, 3);
    /* "VTsIK / CEC" and "SRs, Left SRs, Right SRs": any form, the earliest use */
    CHECK_EQ_INT(lsr_glossary_find("29 seats in the CEC, the VTsIK", "VTsIK / CEC", &len), 16);
    CHECK_EQ_INT(len, 3);
    CHECK_EQ_INT(lsr_glossary_find("the Right SRs left", "SRs, Left SRs, Right SRs", &len), 4);
    CHECK_EQ_INT(len, 9);
    /* whole words: no match inside another word, a plural is fine */
    CHECK_EQ_INT(lsr_glossary_find("Chekas and Chekists", "Cheka", &len), 0);
    CHECK_EQ_INT(len, 6);
    CHECK_EQ_INT(lsr_glossary_find("the Chekist", "Cheka", &len), -1);
    CHECK_EQ_INT(lsr_glossary_find("sovietisation", "Soviet", &len), -1);
    /* ASCII case does not matter; multi-word terms match across one space */
    CHECK_EQ_INT(lsr_glossary_find("the constituent assembly", "Constituent Assembly", &len), 4);
    CHECK_EQ_INT(len, 20);
    CHECK_EQ_INT(lsr_glossary_find("", "Cheka", &len), -1);
    CHECK_EQ_INT(lsr_glossary_find("Cheka", "", &len), -1);
    return check_report("test_glossary");
}
