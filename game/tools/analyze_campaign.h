/* `leftsr analyze CAMPAIGN.json`: every part explored exactly from every
 * distinct state the previous parts can carry into it. */
#ifndef LEFTSR_ANALYZE_CAMPAIGN_H
#define LEFTSR_ANALYZE_CAMPAIGN_H

#include <stdbool.h>
#include <stdint.h>

/* Random play-throughs when the exact analysis passes max_states. */
#define LSR_AN_CAMPAIGN_SAMPLES 100000u

/* Loads the campaign at path, analyses it exactly within max_states
 * situations in all (summed over parts and start states) and prints the
 * report on stdout (JSON when json). Beyond max_states it says so and adds
 * estimates from LSR_AN_CAMPAIGN_SAMPLES random play-throughs (seeded);
 * sample_runs > 0 skips the exact analysis and samples that many. Returns a
 * process exit code: 0 no errors, 1 errors (a part that can get stuck or
 * loop, a campaign that can end without epilogue, too many situations with
 * nothing sampled, load errors), 2 unreadable file. Epilogues that never
 * fire are warnings. */
int lsr_an_campaign(const char *path, bool json, uint64_t max_states, uint64_t sample_runs, uint64_t seed);

#endif
