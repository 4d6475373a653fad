# src/thread/local.mk - threading by ids, over the store's thread primitives.
noinst_LIBRARIES += src/thread/libthread.a
src_thread_libthread_a_SOURCES = src/thread/thread.h src/thread/thread.c
