# ui/local.mk - the ncurses front-end; it calls src/ and never SQL or sockets.
noinst_LIBRARIES += ui/libui.a
ui_libui_a_SOURCES = ui/ui.h ui/ui-internal.h ui/term.c ui/app.c ui/text.c \
	ui/child.c ui/setup.c ui/crm.c
ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS)
ui_libui_a_SOURCES += ui/editor.h ui/editor.c

# The body editor is tested on its own: it draws nothing and needs no curses.
check_PROGRAMS += tests/unit/test-editor
TESTS += tests/unit/test-editor
tests_unit_test_editor_SOURCES = tests/unit/test-editor.c ui/editor.c ui/editor.h
tests_unit_test_editor_CPPFLAGS = $(UNIT_CPPFLAGS) $(FRIBIDI_CFLAGS)
tests_unit_test_editor_LDADD = tests/unit/libtap.a src/bidi/libbidi.a \
	src/util/libutil.a $(FRIBIDI_LIBS) $(LIBINTL)
ui_libui_a_SOURCES += ui/compose.h ui/compose.c
