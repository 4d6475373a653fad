# tether.m4 - configure helpers of tether's own.

# TT_CHECK_DEP(VAR, PKG-CONFIG-SPEC, DEBIAN-PACKAGE, HUMAN-NAME)
# pkg-config check that fails with the Debian package to install.
AC_DEFUN([TT_CHECK_DEP], [
	PKG_CHECK_MODULES([$1], [$2], [],
		[AC_MSG_ERROR([$4 was not found ($2).
  On Debian or Ubuntu: apt-get install $3
  (scripts/install-deps installs everything tether needs)])])
])
