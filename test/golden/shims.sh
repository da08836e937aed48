# ip6kit shims: links made (and the directory), re-run safely, foreign files left alone unless
# --force, help, and file-system failures as one line with a sysexits code.
ip6kit shims --help; echo "exit $?"
ls -d -- --help 2>/dev/null || echo "no directory named --help"
ip6kit shims bin/tools > /dev/null; echo "exit $?"
ls bin/tools | tr '\n' ' '; echo
ip6kit shims bin/tools | head -1; echo "exit (again) $?"
rm bin/tools/ndp && echo "my ndp" > bin/tools/ndp
ip6kit shims bin/tools; echo "exit $?"
cat bin/tools/ndp
ip6kit shims --force bin/tools > /dev/null; echo "exit $?"
bin/tools/ndp -an | head -1
echo "--- failures"
ip6kit shims; echo "exit $?"
ip6kit shims a b; echo "exit $?"
ip6kit shims --bogus x; echo "exit $?"
echo plain > afile
ip6kit shims afile/sub; echo "exit $?"
ip6kit shims /proc/ip6kit; echo "exit $?"
ls -d /proc/ip6kit 2>/dev/null || echo "nothing made"
