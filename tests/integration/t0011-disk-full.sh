# t0011-disk-full.sh - an import that fills the disk stops with a sentence, keeps what it committed and leaves a sound database.
. "$top_srcdir/tests/integration/test-lib.sh"

# A small file system of our own: needs root and a kernel that lets us mount.
mnt="$TEST_TMP/small"
mkdir -p "$mnt"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=1500k tmpfs "$mnt" 2>/dev/null; then
	skip_all "mounting a small tmpfs needs root and mount rights"
fi
trap 'umount "$mnt" 2>/dev/null; rm -rf "$TEST_TMP"' EXIT

# 1,200 small messages, about 1.1 MB of mbox: a first batch of 1,000 fits,
# the second does not.
awk 'BEGIN { for (i = 0; i < 1200; i++) {
	printf "From a@x.example Fri Mar  6 10:00:00 2026\nFrom: a%d@x.example\nSubject: message %d\nMessage-ID: <df%d@x>\n\n", i, i, i;
	for (k = 0; k < 12; k++) printf "line %d of message %d, some words to index and keep\n", k, i;
	printf "\n" } }' >"$TEST_TMP/big.mbox"

test_expect_success 'the import stops with a sentence; once there is room, what it said it kept is there' '
	run_tether --profile "$mnt/p" import "$TEST_TMP/big.mbox"; [ "$rc" -eq 1 ] &&
	contains "$err" "full" && contains "$err" "last batch were not kept" &&
	kept=$(printf "%s" "$out" | sed -n "s/^imported \([0-9]*\) messages.*/\1/p") &&
	[ -n "$kept" ] && [ $((kept % 1000)) -eq 0 ] &&
	mount -o remount,size=64m "$mnt" &&
	run_tether --profile "$mnt/p" list --folders && [ "$rc" -eq 0 ] &&
	printf "%s\n" "$out" | grep -q "^ *$kept .*(local)/Local" &&
	run_tether --profile "$mnt/p" import "$TEST_TMP/big.mbox" && [ "$rc" -eq 0 ] &&
	contains "$out" "$((1200 - kept)) new, $kept already there"
'
umount "$mnt"
mount -t tmpfs -o size=64m tmpfs "$mnt" 2>/dev/null
test_expect_success 'the same import on a disk with room succeeds' '
	run_tether --profile "$mnt/q" import "$TEST_TMP/big.mbox" && [ "$rc" -eq 0 ] &&
	contains "$out" "imported 1200 messages"
'
test_done
