# The work of `flightlog report` in mawk, the floor its time is measured against (npm run bench): for
# every host and key of the samples' lines, the count, average and maximum of its numeric values.
# Usage: zcat -f FILE… | mawk -f bench/report.awk
$3 ~ /^flightlog\[/ {
  host = $2
  for (i = 4; i <= NF; i++) {
    eq = index($i, "=")
    if (eq == 0) continue
    k = substr($i, 1, eq - 1)
    v = substr($i, eq + 1)
    if (k == "xid" || v !~ /^-?[0-9][0-9.]*$/) continue
    id = host SUBSEP k
    v += 0
    if (!(id in n) || v > mx[id]) mx[id] = v
    n[id]++
    s[id] += v
  }
}
END {
  for (id in n) {
    split(id, p, SUBSEP)
    printf "%s %s %d %.6g %.6g\n", p[1], p[2], n[id], s[id] / n[id], mx[id]
  }
}
