/*
 * corruption.c - the classic time-travel debugging demo.
 *
 * A small "league" of players lives in a linked list on the heap.  A global
 * scoreboard keeps one score slot per player and, right after the slots, a
 * pointer to the pre-season favourite:
 *
 *     struct scoreboard {
 *         int32_t scores[8];       offset  0..31
 *         struct player *leader;   offset 32      <- the victim
 *         ...
 *     };
 *
 * THE BUG: fill_scores() resets the slots with `i <= n` instead of `i < n`,
 * so its last iteration stores NO_SCORE (-1) into scores[8], which is really
 * board.leader.  Nothing goes wrong for a long time: the season simulation
 * (tens of thousands of function calls) never touches the leader.  Only at
 * the very end does report() dereference board.leader, now 0xffffffff, and
 * the i32.load traps with an out-of-bounds memory access.
 *
 * How to find it with Backstep:
 *   1. Run until the trap (in report).
 *   2. Note that `lead` is 0xffffffff; it came from board.leader, whose
 *      address the program printed at start.
 *   3. Set a watchpoint on that address and reverse-continue: execution
 *      stops at the store inside fill_scores, on the iteration i == 8.
 *
 * Natively (64-bit) the same bug overwrites only the low half of the 8-byte
 * pointer, so a native build usually crashes with SIGSEGV at the same place,
 * but that is not guaranteed.  The printed address is the wasm address.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep every function a real wasm function (no inlining at -O2) so each
 * one shows up as its own frame in the debugger's call stack. */
#define NOINLINE __attribute__((noinline))

#define MAX_PLAYERS 8
#define ROUNDS 300
#define NO_SCORE (-1) /* "has not played yet" */

struct player {
    char name[12];
    int32_t skill;       /* 1..20, higher wins more often */
    uint32_t wins;
    uint32_t slot;       /* index into board.scores */
    struct player *next;
};

struct scoreboard {
    int32_t scores[MAX_PLAYERS]; /* one slot per player */
    struct player *leader;       /* the victim: sits right after scores[] */
    uint32_t rounds_played;
};

/* The layout the bug relies on (true for wasm32 and for x86-64). */
_Static_assert(offsetof(struct scoreboard, leader) ==
               MAX_PLAYERS * sizeof(int32_t), "leader follows scores");

static struct scoreboard board;  /* global, so board.leader has a fixed address */
static struct player *roster;    /* heap-allocated linked list */
static uint32_t rng_state = 20240601u;

static const char *const NAMES[MAX_PLAYERS] = {
    "Ada", "Brook", "Cyd", "Dune", "Ezra", "Fenn", "Gale", "Hollis",
};
static const int32_t SKILLS[MAX_PLAYERS] = { 12, 7, 15, 9, 18, 5, 11, 14 };

/* xorshift32: deterministic pseudo-random numbers. */
NOINLINE static uint32_t next_random(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

/* Builds the roster on the heap and returns the number of players. */
NOINLINE static uint32_t make_roster(void)
{
    struct player **tail = &roster;
    uint32_t n = 0;
    for (uint32_t i = 0; i < MAX_PLAYERS; i++) {
        struct player *p = calloc(1, sizeof *p);
        if (!p)
            abort();
        strncpy(p->name, NAMES[i], sizeof p->name - 1);
        p->skill = SKILLS[i];
        p->slot = i;
        *tail = p;
        tail = &p->next;
        n++;
    }
    return n;
}

NOINLINE static struct player *pick_leader(void)
{
    struct player *best = roster;
    for (struct player *p = roster; p; p = p->next)
        if (p->skill > best->skill)
            best = p;
    return best;
}

/*
 * Resets the season: every slot gets NO_SCORE and every player zero wins.
 * BUG: `<=` runs one iteration too many; scores[n] is board.leader.
 */
NOINLINE static void fill_scores(uint32_t n)
{
    struct player *p = roster;
    for (uint32_t i = 0; i <= n; i++) {
        board.scores[i] = NO_SCORE;
        if (p) {
            p->wins = 0;
            p = p->next;
        }
    }
}

/* One dice roll weighted by skill. */
NOINLINE static uint32_t roll(const struct player *p)
{
    return next_random() % 20u + (uint32_t)p->skill;
}

NOINLINE static void add_points(struct player *p, int32_t points)
{
    if (board.scores[p->slot] == NO_SCORE)
        board.scores[p->slot] = 0;
    board.scores[p->slot] += points;
}

/* Win = 3 points, draw = 1 point each. */
NOINLINE static void play_match(struct player *a, struct player *b)
{
    uint32_t ra = roll(a), rb = roll(b);
    if (ra > rb) {
        a->wins++;
        add_points(a, 3);
    } else if (rb > ra) {
        b->wins++;
        add_points(b, 3);
    } else {
        add_points(a, 1);
        add_points(b, 1);
    }
}

/* Every pair plays once per round. */
NOINLINE static void play_round(void)
{
    for (struct player *a = roster; a; a = a->next)
        for (struct player *b = a->next; b; b = b->next)
            play_match(a, b);
    board.rounds_played++;
}

NOINLINE static struct player *player_in_slot(uint32_t slot)
{
    for (struct player *p = roster; p; p = p->next)
        if (p->slot == slot)
            return p;
    return NULL;
}

/* Uses only the scores, never board.leader, so the bug stays hidden. */
NOINLINE static void print_table_leader(void)
{
    uint32_t best = 0;
    for (uint32_t i = 1; i < MAX_PLAYERS; i++)
        if (board.scores[i] > board.scores[best])
            best = i;
    printf("after round %u: top of the table is %s with %d points\n",
           board.rounds_played, player_in_slot(best)->name, board.scores[best]);
}

/* Crashes: board.leader was overwritten by fill_scores long ago. */
NOINLINE static void report(void)
{
    printf("final standings after %u rounds:\n", board.rounds_played);
    for (struct player *p = roster; p; p = p->next)
        printf("  %-7s skill %2d  wins %4u  points %5d\n",
               p->name, p->skill, p->wins, board.scores[p->slot]);
    struct player *lead = board.leader;
    int32_t skill = lead->skill; /* <- out-of-bounds load: lead == 0xffffffff */
    printf("pre-season favourite: %s (skill %d, %u wins)\n",
           lead->name, skill, lead->wins);
}

int main(void)
{
    /* Line-buffered so every line is written before the trap kills us. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("board.leader lives at 0x%08x\n",
           (unsigned)(uintptr_t)&board.leader);

    uint32_t n = make_roster();
    board.leader = pick_leader();
    printf("%u players; pre-season favourite is %s\n", n, board.leader->name);

    fill_scores(n); /* <- the corrupting write happens here (i == n) */

    for (uint32_t r = 0; r < ROUNDS; r++) {
        play_round();
        if ((r + 1) % 100 == 0)
            print_table_leader();
    }
    report();
    printf("done\n"); /* never reached */
    return 0;
}
