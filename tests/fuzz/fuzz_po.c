/* Fuzz target: arbitrary bytes as a translation catalogue (.po). The parser
 * must return a status with diagnostics and never crash, hang or leak; a
 * catalogue that parses is then read back entry by entry. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCatalog *c = NULL;
    LsrStatus st = lsr_catalog_parse("fuzz.po", (const char *)data, size, &c, &d);
    FUZZ_ASSERT(st == LSR_OK || st == LSR_ERR_INVALID || st == LSR_ERR_NOMEM);
    FUZZ_ASSERT((st == LSR_OK) == (c != NULL));
    if (st == LSR_ERR_INVALID) FUZZ_ASSERT(d.errors > 0);
    for (size_t i = 0; i < d.count; i++) FUZZ_ASSERT(d.items[i].line >= 0 && d.items[i].code != NULL);
    lsr_diags_free(&d);
    if (c) {
        uint32_t n = lsr_catalog_count(c);
        for (uint32_t i = 0; i < n; i++) {
            LsrCatalogEntry e = lsr_catalog_entry(c, i);
            FUZZ_ASSERT(e.ctx && e.msgid && e.msgstr);
            /* every entry is found again by its key */
            uint32_t j = lsr_catalog_find(c, e.ctx[0] ? e.ctx : e.msgid);
            FUZZ_ASSERT(j != LSR_NEXT_NONE);
            for (unsigned f = 0; f < 5; f++) lsr_catalog_plural(c, i, f);
        }
        lsr_catalog_find(c, "");
        lsr_catalog_lang(c);
        lsr_catalog_free(c);
    }
    return 0;
}
