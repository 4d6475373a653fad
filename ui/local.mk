# ui/local.mk - the ncurses front-end; it calls src/ and never SQL or sockets.
noinst_LIBRARIES += ui/libui.a
ui_libui_a_SOURCES = ui/ui.h ui/ui-internal.h ui/term.c ui/app.c ui/text.c \
	ui/child.c ui/setup.c ui/crm.c
ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS)
