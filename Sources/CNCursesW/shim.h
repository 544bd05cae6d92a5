// The ncursesw C API as Swift can see it. Macros, variadics and globals do not import into Swift 6,
// so the few we need are wrapped here as static inline functions.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);

static inline WINDOW *folio_stdscr(void) { return stdscr; }
static inline int folio_lines(void) { return LINES; }
static inline int folio_cols(void) { return COLS; }

static inline int folio_key_code_yes(void) { return KEY_CODE_YES; }
static inline int folio_key_resize(void) { return KEY_RESIZE; }
static inline int folio_key_mouse(void) { return KEY_MOUSE; }
static inline int folio_key_f0(void) { return KEY_F0; }

static inline attr_t folio_a_normal(void) { return A_NORMAL; }
static inline attr_t folio_a_bold(void) { return A_BOLD; }
static inline attr_t folio_a_reverse(void) { return A_REVERSE; }
static inline attr_t folio_a_underline(void) { return A_UNDERLINE; }
static inline attr_t folio_a_dim(void) { return A_DIM; }
static inline attr_t folio_color_pair(int n) { return COLOR_PAIR(n); }

static inline mmask_t folio_mouse_mask_wanted(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED
         | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline mmask_t folio_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline mmask_t folio_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t folio_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t folio_button5_pressed(void) { return BUTTON5_PRESSED; }

static inline FILE *folio_stdin(void) { return stdin; }
static inline FILE *folio_stdout(void) { return stdout; }
static inline WINDOW *folio_curscr(void) { return curscr; }
static inline int folio_colors(void) { return COLORS; }
static inline attr_t folio_a_italic(void) { return A_ITALIC; }
// What `folio --version` and `folio doctor` report: the library's version, and the terminal's colors as terminfo
// gives them, read without starting curses (-1 when TERM is unknown, 0 when it has no colors).
int setupterm(const char *term, int filedes, int *errret);
static inline int folio_terminfo_colors(void) {
    int error = 0;
    if (setupterm(NULL, 1, &error) != OK) return -1;
    int colors = tigetnum("colors");
    return colors < 0 ? 0 : colors;
}
