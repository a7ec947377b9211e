# The cost curve as a picture: gnuplot -e "csv='cost-curve.csv'; out='docs/cost-curve.png'" plot.gp
# Columns of csv: articles,mode,index_s,articles_per_s,peak_rss_mb,db_mb,bytes_per_article,p50_ms,
# p95_ms,p99_ms,mean_ms,empty (written by cost-curve.sh).
set terminal pngcairo size 1500,460 font "DejaVu Sans,10"
set output out
set datafile separator ","
set key top left
set logscale x 10
set xlabel "articles in the archive"
set grid
set multiplot layout 1,3 title "bahth cost curve (2-core machine; synthetic archive grown from real Arabic news)"

set title "indexing speed"
set ylabel "articles/s"
set yrange [0:*]
plot csv using 1:(strcol(2) eq "1-shard" ? $4 : 1/0) skip 1 with linespoints lw 2 pt 7 title "1 database, 1 writer", \
     csv using 1:(strcol(2) eq "2-shards" ? $4 : 1/0) skip 1 with linespoints lw 2 pt 5 title "2 shards, 2 writers"

set title "database size per article"
set ylabel "bytes/article"
plot csv using 1:(strcol(2) eq "1-shard" ? $7 : 1/0) skip 1 with linespoints lw 2 pt 7 title "1 database", \
     csv using 1:(strcol(2) eq "2-shards" ? $7 : 1/0) skip 1 with linespoints lw 2 pt 5 title "2 shards"

set title "search latency (top 10 with snippets)"
set ylabel "ms"
plot csv using 1:(strcol(2) eq "1-shard" ? $9 : 1/0) skip 1 with linespoints lw 2 pt 7 title "p95, 1 database", \
     csv using 1:(strcol(2) eq "2-shards" ? $9 : 1/0) skip 1 with linespoints lw 2 pt 5 title "p95, 2 shards", \
     csv using 1:(strcol(2) eq "2-shards" ? $8 : 1/0) skip 1 with linespoints lw 1 dt 2 pt 5 title "p50, 2 shards", \
     50 with lines lc rgb "red" dt 3 title "target p95 50 ms"
unset multiplot
